// Fuzz harness: a lesson file. A lesson that parses renders every step (lesson_slides) and
// writes back to JSON that parses to an equal lesson.
#include "model/persist/lesson.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace losslab::model;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto lesson = parse_lesson(text, "fuzz.json");
    if (!lesson) return 0;
    if (!lesson_slides(lesson.value(), "fuzz.json")) __builtin_trap();
    auto again = parse_lesson(lesson_json(lesson.value()), "again.json");
    if (!again) __builtin_trap();
    return 0;
}

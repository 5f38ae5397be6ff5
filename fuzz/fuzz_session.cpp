// Fuzz harness: a session JSON file (File > Open, `losslab open`, last-session.json).
// A session that loads must save and load back to the same state.
#include "model/persist/session.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace losslab::model;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto loaded = session_from_json(text, "fuzz.json");
    if (!loaded) return 0;
    auto again = session_from_json(session_to_json(loaded.value().state), "again.json");
    if (!again || session_to_json(again.value().state) != session_to_json(loaded.value().state))
        __builtin_trap();
    return 0;
}

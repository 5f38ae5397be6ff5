// Fuzz harness: settings.json. Settings that load must save and load back equal.
#include "model/persist/settings.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace losslab::model;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto s = settings_from_json(text, "settings 'fuzz'");
    if (!s) return 0;
    auto again = settings_from_json(settings_json(s.value()), "settings 'again'");
    if (!again || !(again.value() == s.value())) __builtin_trap();
    return 0;
}

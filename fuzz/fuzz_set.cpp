// Fuzz harness: one `--set KEY=VALUE` assignment (also lesson "set" values and sessions go
// through the same parameter parser). An accepted assignment leaves a state whose session
// text loads back.
#include "model/params/param_registry.hpp"
#include "model/persist/session.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace losslab::model;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    static const AppState defaults = default_app_state();
    AppState state = defaults;
    if (!apply_assignment(state, text)) return 0;
    if (!session_from_json(session_to_json(state), "set.json")) __builtin_trap();
    return 0;
}

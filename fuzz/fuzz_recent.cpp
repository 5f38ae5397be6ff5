// Fuzz harness: recent.json (File > Open Recent).
#include "model/persist/recent_files.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace losslab::model;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto files = losslab::model::recent_files_from_json(text, "recent 'fuzz'");
    if (files && files.value().size() > kMaxRecentFiles) __builtin_trap();
    return 0;
}

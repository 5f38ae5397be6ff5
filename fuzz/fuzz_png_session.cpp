// Fuzz harness: the session stored in a PNG export's "losslab:session" text chunk.
#include "model/persist/session.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace losslab::model;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    auto text = png_session_text(bytes, "fuzz.png");
    if (text) (void)session_from_json(text.value(), "fuzz.png");
    return 0;
}

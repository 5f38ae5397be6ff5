// Fuzz harness: a .npy file (the normalization lab's Load field, `losslab norm-stats`).
#include "model/io/npy_io.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace losslab::model;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    (void)parse_npy(bytes, "fuzz.npy");
    return 0;
}

// exporting::encode_png / write_png / read_png for the web build, where libpng is not
// available to emscripten offline: stb_image_write encodes the pixels (Debian's libstb),
// and the text metadata goes in as uncompressed iTXt chunks after IHDR, as libpng writes them.
#include "export/png_io.hpp"

#include "model/io/file_io.hpp"

#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#include <stb/stb_image_write.h>

#include <array>
#include <cstdint>

namespace losslab::exporting {

namespace {

std::uint32_t crc32(const std::string& bytes) {
    static const auto table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t n = 0; n < 256; ++n) {
            std::uint32_t c = n;
            for (int k = 0; k < 8; ++k) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    std::uint32_t c = 0xFFFFFFFFu;
    for (unsigned char b : bytes) c = table[(c ^ b) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

void put_u32(std::string& out, std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) out.push_back(char((v >> s) & 0xFF));
}

std::string chunk(const std::string& type, const std::string& data) {
    std::string out;
    put_u32(out, std::uint32_t(data.size()));
    const std::string body = type + data;
    out += body;
    put_u32(out, crc32(body));
    return out;
}

} // namespace

std::uint32_t Image::pixel(int x, int y) const {
    const size_t i = (size_t(y) * size_t(width) + size_t(x)) * 4;
    return std::uint32_t(rgba[i]) << 24 | std::uint32_t(rgba[i + 1]) << 16 |
           std::uint32_t(rgba[i + 2]) << 8 | std::uint32_t(rgba[i + 3]);
}

Result<std::string> encode_png(const Image& image, const std::vector<PngText>& texts) {
    if (image.width <= 0 || image.height <= 0 ||
        image.rgba.size() != size_t(image.width) * size_t(image.height) * 4)
        return make_error("PNG image", "a non-empty RGBA image",
                          std::to_string(image.width) + "x" + std::to_string(image.height));
    for (const auto& [key, text] : texts)
        if (key.empty() || key.size() > 79)
            return make_error("PNG text keyword", "1 to 79 characters", quote(key));
    std::string png;
    const int ok = stbi_write_png_to_func(
        [](void* ctx, void* data, int size) {
            static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), size_t(size));
        },
        &png, image.width, image.height, 4, image.rgba.data(), image.width * 4);
    if (!ok || png.size() < 33) return make_error("PNG encoding", "success", "stb failed");
    // Signature (8) + IHDR (4 length + 4 type + 13 data + 4 CRC) = 33 bytes, then our chunks.
    std::string texts_bytes;
    for (const auto& [key, text] : texts)
        texts_bytes += chunk("iTXt", key + std::string("\0\0\0\0\0", 5) + text);
    png.insert(33, texts_bytes);
    return png;
}

Status write_png(const std::filesystem::path& path, const Image& image,
                 const std::vector<PngText>& texts) {
    auto bytes = encode_png(image, texts);
    if (!bytes) return bytes.error();
    return model::write_file_atomic(path, bytes.value());
}

Result<DecodedPng> read_png(const std::filesystem::path& path) {
    return make_error("read_png " + path.string(), "the desktop build (libpng)", "the web build");
}

} // namespace losslab::exporting

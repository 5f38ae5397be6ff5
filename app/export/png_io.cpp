#include "export/png_io.hpp"

#include "model/io/file_io.hpp"

#include <isa-l/igzip_lib.h>
#include <png.h>
#include <zlib.h>

#include <cstring>
#include <memory>

namespace losslab::exporting {

std::uint32_t Image::pixel(int x, int y) const {
    const size_t i = (size_t(y) * size_t(width) + size_t(x)) * 4;
    return (std::uint32_t(rgba[i]) << 24) | (std::uint32_t(rgba[i + 1]) << 16) |
           (std::uint32_t(rgba[i + 2]) << 8) | std::uint32_t(rgba[i + 3]);
}

namespace {

struct MemoryReader {
    const std::string* bytes;
    size_t offset = 0;
};

// libpng reports errors through longjmp; these keep the message for our Error.
void on_png_error(png_structp png, png_const_charp message) {
    auto* out = static_cast<std::string*>(png_get_error_ptr(png));
    if (out) *out = message;
    png_longjmp(png, 1);
}
void on_png_warning(png_structp, png_const_charp) {}

bool read_png_header(png_structp png, png_infop info, int& width, int& height) {
    if (setjmp(png_jmpbuf(png))) return false;
    png_read_info(png, info);
    png_set_expand(png);
    png_set_strip_16(png);
    png_set_gray_to_rgb(png);
    png_set_add_alpha(png, 0xff, PNG_FILLER_AFTER);
    png_read_update_info(png, info);
    width = int(png_get_image_width(png, info));
    height = int(png_get_image_height(png, info));
    return true;
}

bool read_png_rows(png_structp png, png_infop info, png_bytep* rows) {
    if (setjmp(png_jmpbuf(png))) return false;
    png_read_image(png, rows);
    png_read_end(png, info);
    return true;
}

// Appends a big-endian 32-bit value.
void put_u32(std::string& out, std::uint32_t v) {
    const char b[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
    out.append(b, 4);
}

// Appends one PNG chunk: length, type, data, CRC-32 of type and data.
void put_chunk(std::string& out, const char (&type)[5], const std::uint8_t* data, size_t size) {
    put_u32(out, std::uint32_t(size));
    const size_t at = out.size();
    out.append(type, 4);
    if (size > 0) out.append(reinterpret_cast<const char*>(data), size);
    const auto* crc_from = reinterpret_cast<const Bytef*>(out.data() + at);
    put_u32(out, std::uint32_t(crc32(crc32(0L, Z_NULL, 0), crc_from, uInt(size + 4))));
}

void put_chunk(std::string& out, const char (&type)[5], const std::string& data) {
    put_chunk(out, type, reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
}

// A PNG keyword: 1-79 printable Latin-1 characters, no leading, trailing or double spaces.
bool valid_keyword(const std::string& k) {
    if (k.empty() || k.size() > 79 || k.front() == ' ' || k.back() == ' ') return false;
    for (size_t i = 0; i < k.size(); ++i) {
        const auto c = static_cast<unsigned char>(k[i]);
        if (c < 32 || (c > 126 && c < 161) || (c == ' ' && k[i + 1] == ' ')) return false;
    }
    return true;
}

// The scanlines with the Sub filter (filter byte 1, each byte minus the one a pixel to its
// left): figures are large flat areas, which Sub turns into runs of zeros.
std::vector<std::uint8_t> sub_filtered_rows(const Image& image, int channels) {
    const size_t w = size_t(image.width), h = size_t(image.height);
    const size_t row = w * size_t(channels);
    std::vector<std::uint8_t> out((row + 1) * h);
    for (size_t y = 0; y < h; ++y) {
        const std::uint8_t* src = image.rgba.data() + y * w * 4;
        std::uint8_t* dst = out.data() + y * (row + 1);
        *dst++ = 1;
        if (channels == 4) {
            for (size_t i = 0; i < 4; ++i) dst[i] = src[i];
            for (size_t i = 4; i < row; ++i) dst[i] = std::uint8_t(src[i] - src[i - 4]);
        } else {
            std::uint8_t prev[3] = {0, 0, 0};
            for (size_t x = 0; x < w; ++x, src += 4, dst += 3)
                for (size_t c = 0; c < 3; ++c) {
                    dst[c] = std::uint8_t(src[c] - prev[c]);
                    prev[c] = src[c];
                }
        }
    }
    return out;
}

// zlib stream of `data` by ISA-L's igzip at level 1 (several times faster than zlib's level
// 1 at a similar size). Empty on failure.
std::string deflate_fast(std::vector<std::uint8_t>& data) {
    isal_zstream stream{};
    isal_deflate_init(&stream);
    std::vector<std::uint8_t> level_buf(ISAL_DEF_LVL1_DEFAULT);
    stream.level = 1;
    stream.level_buf = level_buf.data();
    stream.level_buf_size = std::uint32_t(level_buf.size());
    stream.gzip_flag = IGZIP_ZLIB;
    stream.flush = NO_FLUSH;
    stream.end_of_stream = 1;
    stream.next_in = data.data();
    stream.avail_in = std::uint32_t(data.size());
    std::string out(data.size() / 4 + 1024, '\0');
    size_t used = 0;
    while (stream.internal_state.state != ZSTATE_END) {
        if (used == out.size()) out.resize(out.size() * 2);
        stream.next_out = reinterpret_cast<std::uint8_t*>(out.data() + used);
        stream.avail_out = std::uint32_t(out.size() - used);
        const std::uint32_t before = stream.avail_out;
        if (isal_deflate(&stream) != COMP_OK) return {};
        used += before - stream.avail_out;
    }
    out.resize(used);
    return out;
}

} // namespace

Result<std::string> encode_png(const Image& image, const std::vector<PngText>& texts) {
    if (image.width <= 0 || image.height <= 0 ||
        image.rgba.size() != size_t(image.width) * size_t(image.height) * 4)
        return Error{"cannot encode PNG: image buffer does not match its size"};
    if (size_t(image.width) * size_t(image.height) * 4 > (size_t(1) << 31))
        return Error{"cannot encode PNG: image larger than 2 GiB"};
    for (const auto& [key, text] : texts)
        if (!valid_keyword(key))
            return Error{"cannot encode PNG: text keyword requires 1-79 printable Latin-1 "
                         "characters, got " + quote(key)};
    // RGB when every pixel is opaque (the themes' backgrounds), RGBA otherwise (transparent).
    bool opaque = true;
    for (size_t i = 3; i < image.rgba.size() && opaque; i += 4) opaque = image.rgba[i] == 255;
    const int channels = opaque ? 3 : 4;
    auto rows = sub_filtered_rows(image, channels);
    const std::string idat = deflate_fast(rows);
    if (idat.empty()) return Error{"cannot encode PNG: compression failed"};

    std::string out;
    out.reserve(idat.size() + 1024);
    static constexpr std::uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    out.append(reinterpret_cast<const char*>(kSignature), 8);
    std::string ihdr;
    put_u32(ihdr, std::uint32_t(image.width));
    put_u32(ihdr, std::uint32_t(image.height));
    // bit depth 8, colour type 2 (RGB) or 6 (RGBA), deflate, adaptive filtering, no interlace
    ihdr += {char(8), char(opaque ? 2 : 6), char(0), char(0), char(0)};
    put_chunk(out, "IHDR", ihdr);
    if (image.dpi > 0.0) {
        // pixels per metre on both axes, unit 1 (metre)
        const auto ppm = std::uint32_t(image.dpi / 0.0254 + 0.5);
        std::string phys;
        put_u32(phys, ppm);
        put_u32(phys, ppm);
        phys += char(1);
        put_chunk(out, "pHYs", phys);
    }
    for (const auto& [key, text] : texts) {
        // keyword, NUL, not compressed, method 0, empty language tag and translated keyword
        std::string itxt = key;
        itxt += std::string("\0\0\0\0\0", 5);
        itxt += text;
        put_chunk(out, "iTXt", itxt);
    }
    // IDAT chunks of at most 1 MiB each.
    constexpr size_t kMaxIdat = size_t(1) << 20;
    for (size_t at = 0; at < idat.size(); at += kMaxIdat)
        put_chunk(out, "IDAT", reinterpret_cast<const std::uint8_t*>(idat.data()) + at,
                  std::min(kMaxIdat, idat.size() - at));
    put_chunk(out, "IEND", nullptr, 0);
    return out;
}

Status write_png(const std::filesystem::path& path, const Image& image,
                 const std::vector<PngText>& texts) {
    auto bytes = encode_png(image, texts);
    if (!bytes) return bytes.error();
    return model::write_file_atomic(path, bytes.value());
}

Result<DecodedPng> read_png(const std::filesystem::path& path) {
    auto bytes = model::read_file(path);
    if (!bytes) return bytes.error();
    const std::string& data = bytes.value();
    if (data.size() < 8 || png_sig_cmp(reinterpret_cast<png_const_bytep>(data.data()), 0, 8))
        return Error{quote(path.string()) + " is not a PNG file"};
    std::string error;
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &error, on_png_error,
                                             on_png_warning);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    if (!png || !info) {
        png_destroy_read_struct(&png, &info, nullptr);
        return Error{"cannot read " + quote(path.string()) + ": out of memory"};
    }
    DecodedPng out;
    MemoryReader reader{&data, 0};
    png_set_read_fn(png, &reader, [](png_structp p, png_bytep dst, png_size_t n) {
        auto* r = static_cast<MemoryReader*>(png_get_io_ptr(p));
        if (r->offset + n > r->bytes->size()) png_error(p, "file is truncated");
        std::memcpy(dst, r->bytes->data() + r->offset, n);
        r->offset += n;
    });
    bool ok = read_png_header(png, info, out.image.width, out.image.height);
    if (ok) {
        out.image.rgba.resize(size_t(out.image.width) * size_t(out.image.height) * 4);
        std::vector<png_bytep> rows(size_t(out.image.height));
        for (int y = 0; y < out.image.height; ++y)
            rows[size_t(y)] = out.image.rgba.data() + size_t(y) * size_t(out.image.width) * 4;
        ok = read_png_rows(png, info, rows.data());
    }
    if (!ok) {
        png_destroy_read_struct(&png, &info, nullptr);
        return Error{quote(path.string()) + " is a damaged PNG: " + error};
    }
    png_uint_32 ppm_x = 0, ppm_y = 0;
    int unit = 0;
    if (png_get_pHYs(png, info, &ppm_x, &ppm_y, &unit) && unit == PNG_RESOLUTION_METER)
        out.image.dpi = double(ppm_x) * 0.0254;
    png_textp text = nullptr;
    const int n = png_get_text(png, info, &text, nullptr);
    for (int i = 0; i < n; ++i) {
        const size_t len = text[i].compression >= PNG_ITXT_COMPRESSION_NONE ? text[i].itxt_length
                                                                            : text[i].text_length;
        out.texts.emplace_back(text[i].key, std::string(text[i].text, len));
    }
    png_destroy_read_struct(&png, &info, nullptr);
    return out;
}

} // namespace losslab::exporting

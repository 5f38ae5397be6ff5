#include "export/png_io.hpp"

#include "model/file_io.hpp"

#include <png.h>

#include <cstring>

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

// The libpng calls that may longjmp, isolated so that no C++ object with a destructor lives
// in a frame that setjmp returns into.
bool write_png_stream(png_structp png, png_infop info, const Image& image, png_text* chunks,
                      int chunk_count) {
    if (setjmp(png_jmpbuf(png))) return false;
    png_set_IHDR(png, info, png_uint_32(image.width), png_uint_32(image.height), 8,
                 PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    // Figures are large flat areas: the fastest zlib level with the Sub filter compresses them
    // nearly as well as the default, several times faster.
    png_set_compression_level(png, 1);
    png_set_filter(png, 0, PNG_FILTER_SUB);
    if (chunk_count > 0) png_set_text(png, info, chunks, chunk_count);
    png_write_info(png, info);
    for (int y = 0; y < image.height; ++y)
        png_write_row(png, image.rgba.data() + size_t(y) * size_t(image.width) * 4);
    png_write_end(png, info);
    return true;
}

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

} // namespace

Result<std::string> encode_png(const Image& image, const std::vector<PngText>& texts) {
    if (image.width <= 0 || image.height <= 0 ||
        image.rgba.size() != size_t(image.width) * size_t(image.height) * 4)
        return Error{"cannot encode PNG: image buffer does not match its size"};
    std::string error;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &error, on_png_error,
                                              on_png_warning);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    if (!png || !info) {
        png_destroy_write_struct(&png, &info);
        return Error{"cannot encode PNG: out of memory"};
    }
    std::string out;
    std::vector<png_text> chunks(texts.size());
    for (size_t i = 0; i < texts.size(); ++i) {
        std::memset(&chunks[i], 0, sizeof(png_text));
        chunks[i].compression = PNG_ITXT_COMPRESSION_NONE;
        chunks[i].key = const_cast<char*>(texts[i].first.c_str());
        chunks[i].text = const_cast<char*>(texts[i].second.c_str());
        chunks[i].itxt_length = texts[i].second.size();
    }
    png_set_write_fn(
        png, &out,
        [](png_structp p, png_bytep data, png_size_t n) {
            static_cast<std::string*>(png_get_io_ptr(p))->append(reinterpret_cast<char*>(data), n);
        },
        nullptr);
    const bool ok = write_png_stream(png, info, image, chunks.data(), int(chunks.size()));
    png_destroy_write_struct(&png, &info);
    if (!ok) return Error{"cannot encode PNG: " + error};
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

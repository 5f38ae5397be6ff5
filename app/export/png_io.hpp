#pragma once
// PNG files: RGBA images with text metadata (iTXt, UTF-8), written atomically (rows Sub-filtered
// and deflated by ISA-L's igzip, chunks written here; RGB when every pixel is opaque), and read
// back through libpng (for `losslab open` and for tests).

#include "losslab/result.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace losslab::exporting {

// An 8-bit RGBA image, rows top to bottom.
struct Image {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgba;
    // Pixels per inch, written as the pHYs chunk; <= 0 writes none. Default 0.
    double dpi = 0.0;
    // The pixel at (x, y) as 0xRRGGBBAA.
    std::uint32_t pixel(int x, int y) const;
};

// A PNG text chunk: keyword (1-79 Latin-1 characters) and UTF-8 text.
using PngText = std::pair<std::string, std::string>;

// Encodes `image` with `texts` as iTXt chunks into PNG bytes: 8-bit RGB when every pixel is
// opaque, else RGBA; a pHYs chunk when `image.dpi` > 0. Errors: buffer not matching the size,
// a keyword that is not 1-79 printable Latin-1 characters.
Result<std::string> encode_png(const Image& image, const std::vector<PngText>& texts);

// Encodes and writes atomically; on failure `path` is untouched and the error names it.
Status write_png(const std::filesystem::path& path, const Image& image,
                 const std::vector<PngText>& texts);

// A decoded PNG: the image (converted to 8-bit RGBA) and its text chunks.
struct DecodedPng {
    Image image;
    std::vector<PngText> texts;
};

// Reads a PNG file; the error names the file and what is wrong with it.
Result<DecodedPng> read_png(const std::filesystem::path& path);

} // namespace losslab::exporting

// PNG export: the ISA-L encoder's files decode (through libpng) to exactly the pixels given and
// to the same pixels as libpng's own encoder, keep their text chunks, and are RGB when opaque.
#include "export/png_io.hpp"

#include <gtest/gtest.h>
#include <png.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

namespace fs = std::filesystem;
using losslab::exporting::Image;

namespace {

// A figure-like picture: flat background, anti-aliased diagonal lines, a noisy band (hard to
// compress), and optionally a transparent corner.
Image test_image(int w, int h, bool transparent_corner) {
    Image img{w, h, std::vector<std::uint8_t>(size_t(w) * size_t(h) * 4, 255)};
    std::mt19937 rng(7);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            auto* p = &img.rgba[(size_t(y) * size_t(w) + size_t(x)) * 4];
            const int d = std::abs(x - 2 * y) % 97;
            if (d < 3) p[0] = p[1] = std::uint8_t(80 * d), p[2] = 200;
            if (y > h / 2 && y < h / 2 + 8) p[0] = std::uint8_t(rng()), p[1] = std::uint8_t(rng());
            if (transparent_corner && x < w / 4 && y < h / 4) p[3] = std::uint8_t(x * 255 / w);
        }
    return img;
}

fs::path temp_file(const std::string& name) {
    return fs::temp_directory_path() / (name + "-" + std::to_string(::getpid()) + ".png");
}

// The same image through libpng's own encoder (the writer LossLab used before).
std::string libpng_encode(const Image& img) {
    png_image pi{};
    pi.version = PNG_IMAGE_VERSION;
    pi.width = png_uint_32(img.width);
    pi.height = png_uint_32(img.height);
    pi.format = PNG_FORMAT_RGBA;
    png_alloc_size_t size = 0;
    EXPECT_TRUE(png_image_write_to_memory(&pi, nullptr, &size, 0, img.rgba.data(), 0, nullptr));
    std::string out(size, '\0');
    EXPECT_TRUE(png_image_write_to_memory(&pi, out.data(), &size, 0, img.rgba.data(), 0, nullptr));
    out.resize(size);
    return out;
}

void write_bytes(const fs::path& p, const std::string& bytes) {
    std::ofstream(p, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
}

} // namespace

TEST(PngIo, OpaqueImageDecodesToTheSamePixelsAsLibpngsEncoderAsRgb) {
    const Image img = test_image(321, 203, false);
    const std::vector<losslab::exporting::PngText> texts{
        {"Software", "LossLab test"}, {"losslab:session", "{\"lab\": \"loss\", \"τ\": 1}"}};
    auto bytes = losslab::exporting::encode_png(img, texts);
    ASSERT_TRUE(bytes) << bytes.error().message;
    EXPECT_EQ(std::uint8_t(bytes.value()[25]), 2) << "colour type RGB when opaque";
    const auto ours = temp_file("png-ours"), theirs = temp_file("png-libpng");
    write_bytes(ours, bytes.value());
    write_bytes(theirs, libpng_encode(img));
    auto a = losslab::exporting::read_png(ours);
    auto b = losslab::exporting::read_png(theirs);
    ASSERT_TRUE(a) << a.error().message;
    ASSERT_TRUE(b) << b.error().message;
    EXPECT_EQ(a.value().image.width, 321);
    EXPECT_EQ(a.value().image.height, 203);
    EXPECT_TRUE(a.value().image.rgba == img.rgba);
    EXPECT_TRUE(a.value().image.rgba == b.value().image.rgba);
    EXPECT_EQ(a.value().texts, texts);
    fs::remove(ours);
    fs::remove(theirs);
}

TEST(PngIo, TransparentImageKeepsItsAlphaAsRgba) {
    const Image img = test_image(640, 400, true);
    auto bytes = losslab::exporting::encode_png(img, {});
    ASSERT_TRUE(bytes) << bytes.error().message;
    EXPECT_EQ(std::uint8_t(bytes.value()[25]), 6) << "colour type RGBA";
    const auto ours = temp_file("png-alpha");
    ASSERT_TRUE(losslab::exporting::write_png(ours, img, {{"Title", "t"}}));
    auto a = losslab::exporting::read_png(ours);
    ASSERT_TRUE(a) << a.error().message;
    EXPECT_TRUE(a.value().image.rgba == img.rgba);
    fs::remove(ours);
}

TEST(PngIo, RefusesABadKeywordAndWritesNothing) {
    const Image img = test_image(32, 32, false);
    const auto path = temp_file("png-bad-keyword");
    auto st = losslab::exporting::write_png(path, img, {{"", "x"}});
    ASSERT_FALSE(st);
    EXPECT_NE(st.error().message.find("keyword"), std::string::npos) << st.error().message;
    EXPECT_FALSE(fs::exists(path));
}

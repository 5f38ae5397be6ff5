// PNG encoding of real exports (docs/export-focal-figure-1.png, 3200x2000, and
// docs/screenshot-loss.png, 1600x1000): LossLab's encoder (ISA-L igzip level 1, Sub filter,
// RGB when opaque) against the libpng writer it replaced (zlib level 1, Sub filter, RGBA).
// Run: build/bench/losslab_bench_png_encode_app (configure with -DLOSSLAB_BUILD_BENCH=ON).
#include "export/png_io.hpp"

#include <benchmark/benchmark.h>
#include <png.h>

#include <cstdio>
#include <string>

namespace {

const losslab::exporting::Image& image(int which) {
    static const auto load = [](const char* name) {
        auto r = losslab::exporting::read_png(std::string(LOSSLAB_SOURCE_DIR) + "/docs/" + name);
        if (!r) {
            std::fprintf(stderr, "%s\n", r.error().message.c_str());
            std::abort();
        }
        return r.value().image;
    };
    static const losslab::exporting::Image big = load("export-focal-figure-1.png");
    static const losslab::exporting::Image small = load("screenshot-loss.png");
    return which == 0 ? small : big;
}

// The previous writer: libpng, zlib level 1, Sub filter, RGBA rows.
std::string libpng_level1(const losslab::exporting::Image& img) {
    std::string out;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png_create_info_struct(png);
    if (setjmp(png_jmpbuf(png))) std::abort();
    png_set_write_fn(
        png, &out,
        [](png_structp p, png_bytep data, png_size_t n) {
            static_cast<std::string*>(png_get_io_ptr(p))->append(reinterpret_cast<char*>(data), n);
        },
        nullptr);
    png_set_IHDR(png, info, png_uint_32(img.width), png_uint_32(img.height), 8,
                 PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png, 1);
    png_set_filter(png, 0, PNG_FILTER_SUB);
    png_write_info(png, info);
    for (int y = 0; y < img.height; ++y)
        png_write_row(png, img.rgba.data() + size_t(y) * size_t(img.width) * 4);
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    return out;
}

void BM_losslab_isal(benchmark::State& state) {
    const auto& img = image(int(state.range(0)));
    size_t bytes = 0;
    for (auto _ : state) {
        auto r = losslab::exporting::encode_png(img, {{"Software", "bench"}});
        bytes = r.value().size();
        benchmark::DoNotOptimize(bytes);
    }
    state.counters["bytes"] = double(bytes);
    state.SetLabel(std::to_string(img.width) + "x" + std::to_string(img.height));
}

void BM_libpng_zlib1(benchmark::State& state) {
    const auto& img = image(int(state.range(0)));
    size_t bytes = 0;
    for (auto _ : state) {
        bytes = libpng_level1(img).size();
        benchmark::DoNotOptimize(bytes);
    }
    state.counters["bytes"] = double(bytes);
    state.SetLabel(std::to_string(img.width) + "x" + std::to_string(img.height));
}

} // namespace

BENCHMARK(BM_losslab_isal)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_libpng_zlib1)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

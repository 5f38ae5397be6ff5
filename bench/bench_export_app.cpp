// Export cost per figure inside one running process, split into where the time goes:
// building the figure (model), drawing it with cairo into an image (layout, text, curves),
// encoding the PNG (ISA-L deflate), the whole file as `losslab export` writes it (session
// JSON, metadata, atomic write included), and the SVG file. The first text measurement of the
// process (fontconfig and the font file, paid once) is timed by BM_font_first_use before
// anything else draws text. Google Benchmark's "CPU" column is this thread's CPU time, which
// a loaded machine does not inflate; "Time" is wall time.
// Run: build/bench/losslab_bench_export_app (configure with -DLOSSLAB_BUILD_BENCH=ON).
#include "export/cairo_export.hpp"
#include "export/figure_files.hpp"
#include "export/png_io.hpp"
#include "model/io/export_sizes.hpp"
#include "model/labs/figure_catalogue.hpp"
#include "model/persist/lesson.hpp"
#include "model/params/param_registry.hpp"
#include "platform/requests.hpp"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

using namespace losslab;

// The figures the report times (a line figure, a family of curves, a reliability diagram of
// bars, histograms).
const std::vector<std::string> kFigures = {"loss-vs-probability", "focal-figure-1",
                                           "calibration-reliability-after",
                                           "normalization-histograms"};
const int kSizes[][2] = {{1600, 1000}, {3200, 2000}};

plot::Figure build(const std::string& name) {
    const auto* info = model::find_figure(name);
    if (!info) {
        std::fprintf(stderr, "no figure %s\n", name.c_str());
        std::abort();
    }
    return info->build(model::state_showing_figure(model::default_app_state(), name));
}

// A private folder for the files, removed at exit.
std::filesystem::path out_dir() {
    struct Dir {
        std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("losslab-bench-export-" + std::to_string(::getpid()));
        Dir() { std::filesystem::create_directories(path); }
        ~Dir() {
            std::error_code ec;
            std::filesystem::remove_all(path, ec);
        }
    };
    static const Dir dir;
    return dir.path;
}

void BM_font_first_use(benchmark::State& state) {
    for (auto _ : state) {
        const auto measure = exporting::cairo_text_measure();
        benchmark::DoNotOptimize(measure("Loss against pₜ", 15.0f));
    }
}

void BM_build(benchmark::State& state) {
    const std::string& name = kFigures[size_t(state.range(0))];
    for (auto _ : state) benchmark::DoNotOptimize(build(name));
    state.SetLabel(name);
}

void BM_draw(benchmark::State& state) {
    const std::string& name = kFigures[size_t(state.range(0))];
    const int w = kSizes[state.range(1)][0], h = kSizes[state.range(1)][1];
    const plot::Figure fig = build(name);
    const auto theme = exporting::export_theme(plot::Theme::Light);
    const auto style = model::export_style(w, h, 0.0f);
    auto draw = [&] {
        return exporting::render_image(w, h, 96.0, [&](plot::Painter& p) {
            exporting::paint_export_figure(p, fig, w, h, theme, style);
        });
    };
    // One untimed draw first: cairo's glyph caches for this size are filled once per process.
    benchmark::DoNotOptimize(draw());
    for (auto _ : state) benchmark::DoNotOptimize(draw());
    state.SetLabel(name + " " + std::to_string(w) + "x" + std::to_string(h));
}

void BM_encode(benchmark::State& state) {
    const std::string& name = kFigures[size_t(state.range(0))];
    const int w = kSizes[state.range(1)][0], h = kSizes[state.range(1)][1];
    const plot::Figure fig = build(name);
    const auto theme = exporting::export_theme(plot::Theme::Light);
    const auto style = model::export_style(w, h, 0.0f);
    const auto img = exporting::render_image(w, h, 96.0, [&](plot::Painter& p) {
        exporting::paint_export_figure(p, fig, w, h, theme, style);
    });
    for (auto _ : state) benchmark::DoNotOptimize(exporting::encode_png(img.value(), {}));
    state.SetLabel(name + " " + std::to_string(w) + "x" + std::to_string(h));
}

// The whole file as the export command writes it: `format` 0 PNG at kSizes[size], 1 SVG.
void BM_file(benchmark::State& state) {
    const std::string& name = kFigures[size_t(state.range(0))];
    const bool svg = state.range(2) == 1;
    const int w = kSizes[state.range(1)][0], h = kSizes[state.range(1)][1];
    ui::ExportRequest r;
    r.figure = name;
    r.width = w;
    r.height = h;
    r.path = (out_dir() / (name + (svg ? ".svg" : ".png"))).string();
    const auto st = model::default_app_state();
    (void)platform::export_figure_file(st, r, std::string()); // untimed: glyph caches
    for (auto _ : state) {
        const auto ok = platform::export_figure_file(st, r, std::string());
        if (!ok) {
            state.SkipWithError(ok.error().message.c_str());
            break;
        }
    }
    state.SetLabel(name + (svg ? " svg " : " png ") + std::to_string(w) + "x" + std::to_string(h));
}

void sizes_and_figures(benchmark::internal::Benchmark* b) {
    for (int f = 0; f < int(kFigures.size()); ++f)
        for (int s = 0; s < 2; ++s) b->Args({f, s});
}

void files(benchmark::internal::Benchmark* b) {
    for (int f = 0; f < int(kFigures.size()); ++f) {
        b->Args({f, 0, 0});
        b->Args({f, 1, 0});
        b->Args({f, 0, 1});
    }
}

} // namespace

// Registered first, run once: the first use in the process.
BENCHMARK(BM_font_first_use)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_build)->DenseRange(0, 3)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_draw)->Apply(sizes_and_figures)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_encode)->Apply(sizes_and_figures)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_file)->Apply(files)->Unit(benchmark::kMillisecond);

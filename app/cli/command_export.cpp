#include "cli/commands.hpp"
#include "model/json_reader.hpp"
#include "export/figure_files.hpp"
#include "export/slide_deck.hpp"
#include "model/figure_catalogue.hpp"
#include "model/lesson.hpp"
#include "model/param_registry.hpp"
#include "platform/font_locator.hpp"
#include "platform/headless_gl.hpp"
#include "platform/requests.hpp"

#include <fmt/format.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>

namespace losslab::cli {

namespace {

struct ExportFlags {
    std::string figure;
    std::string all_dir;
    std::string output;
    std::vector<std::string> sets;
    std::string size = "1600x1000";
    float scale = 0.0f;
    std::string theme = "light";
    std::string format = "png";
    std::string lesson;
    std::string out_dir;
};

Status parse_size(const std::string& text, int& w, int& h) {
    if (!parse_width_height(text, w, h))
        return make_error("--size", "WIDTHxHEIGHT of whole numbers, e.g. 3200x2000",
                          quote(model::shorten(text)));
    return model::check_export_size(w, h);
}

std::string figure_names() {
    std::string s;
    for (const auto& f : model::figure_catalogue()) s += (s.empty() ? "" : ", ") + std::string(f.name);
    return s;
}

// A slide deck of a lesson: `--out deck.pdf` writes one PDF of 16:9 pages, any other `--out`
// is a folder of step-01.png, step-02.png, ... Drawn with cairo: no display needed.
int run_lesson_export(const ExportFlags& f) {
    if (f.out_dir.empty())
        return fail_usage("export --lesson requires --out deck.pdf or --out FOLDER, got no --out");
    auto lesson = model::load_lesson(f.lesson);
    if (!lesson) return fail_usage(lesson.error().message);
    std::string ext = std::filesystem::path(f.out_dir).extension().string();
    for (auto& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
    const bool pdf = ext == ".pdf";
    const Status ok = pdf ? exporting::write_slide_deck_pdf(f.out_dir, lesson.value(), f.lesson)
                          : exporting::write_slide_deck_pngs(f.out_dir, lesson.value(), f.lesson);
    if (!ok) {
        std::fprintf(stderr, "losslab: %s\n", ok.error().message.c_str());
        return 1;
    }
    std::fprintf(stderr, "%s  %zu %s\n", f.out_dir.c_str(), lesson.value().steps.size(),
                 pdf ? "pages" : "PNG slides");
    return 0;
}

int run_export(const ExportFlags& f) {
    if (!f.lesson.empty()) return run_lesson_export(f);
    if (f.figure.empty() == f.all_dir.empty())
        return fail_usage("export requires exactly one of --figure NAME, --all DIR or --lesson FILE");
    model::AppState state = model::default_app_state();
    for (const auto& a : f.sets)
        if (auto ok = model::apply_assignment(state, a); !ok) return fail_usage(ok.error().message);
    ui::ExportRequest base;
    if (auto ok = parse_size(f.size, base.width, base.height); !ok) return fail_usage(ok.error().message);
    if (!plot::parse_theme(f.theme, base.theme) || base.theme == plot::Theme::Projector)
        return fail_usage(make_error("--theme", "one of light, dark, transparent", quote(f.theme)).message);
    if (!(f.scale == 0.0f || (f.scale >= 0.25f && f.scale <= 16.0f)))
        return fail_usage(make_error("--scale", "0.25 <= S <= 16", fmt::format("{}", f.scale)).message);
    base.scale = f.scale;

    std::vector<ui::ExportRequest> requests;
    if (!f.figure.empty()) {
        if (!model::find_figure(f.figure))
            return fail_usage(make_error("--figure", "one of " + figure_names(), quote(f.figure)).message);
        if (f.output.empty())
            return fail_usage("export --figure requires -o FILE (.png, .svg or .csv; - for "
                              "standard output with --format)");
        if (is_stdout(f.output) && f.format != "png" && f.format != "svg" && f.format != "csv")
            return fail_usage(make_error("--format", "one of png, svg, csv", quote(f.format)).message);
        if (!is_stdout(f.output))
            if (auto fmt_ok = exporting::format_from_path(f.output); !fmt_ok)
                return fail_usage(fmt_ok.error().message);
        ui::ExportRequest r = base;
        r.figure = f.figure;
        // Standard output: written to a temporary file first (the writers are atomic file
        // writers), then copied.
        r.path = is_stdout(f.output) ? stdout_temp_path("." + f.format).string() : f.output;
        requests.push_back(r);
    } else {
        if (f.format != "png" && f.format != "svg" && f.format != "csv")
            return fail_usage(make_error("--format", "one of png, svg, csv", quote(f.format)).message);
        std::error_code ec;
        std::filesystem::create_directories(f.all_dir, ec);
        if (ec) return fail_usage(fmt::format("cannot create folder {}: {}", quote(f.all_dir), ec.message()));
        for (const auto& info : model::figure_catalogue()) {
            ui::ExportRequest r = base;
            r.figure = std::string(info.name);
            r.path = (std::filesystem::path(f.all_dir) / (r.figure + "." + f.format)).string();
            requests.push_back(r);
        }
    }

    // Only PNG needs OpenGL (and so a display); SVG and CSV are written without one.
    bool needs_gl = false;
    for (const auto& r : requests)
        needs_gl |= exporting::format_from_path(r.path).value() == exporting::FigureFormat::Png;
    std::unique_ptr<platform::HeadlessGl> gl;
    if (needs_gl) {
        gl = std::make_unique<platform::HeadlessGl>();
        if (!gl->ok()) return gl->exit_code();
    }
    const std::string font = platform::find_font_file("DejaVu Sans");
    int failures = 0;
    for (const auto& r : requests) {
        const auto t0 = std::chrono::steady_clock::now();
        // The embedded session records the figure's own lab and tab, not the default lab.
        const auto ok =
            platform::export_figure_file(model::state_showing_figure(state, r.figure), r, font);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        if (ok) {
            // Status lines go to standard error: standard output may be the file itself.
            const bool to_stdout = is_stdout(f.output) && !f.figure.empty();
            std::fprintf(stderr, "%s  %dx%d  %.0f ms\n", to_stdout ? "-" : r.path.c_str(),
                         r.width, r.height, ms);
            if (to_stdout && !copy_to_stdout(r.path)) ++failures;
        } else {
            std::fprintf(stderr, "losslab: %s\n", ok.error().message.c_str());
            ++failures;
        }
    }
    return failures ? 1 : 0;
}

} // namespace

Subcommand add_export_command(CLI::App& app) {
    auto flags = std::make_shared<ExportFlags>();
    auto* node = app.add_subcommand(
        "export", "Write figures to PNG, SVG or CSV (- for standard output) without a window");
    node->footer("PNG needs an X display for OpenGL: on a server use `xvfb-run -a losslab "
                 "export ...`. SVG and CSV need none.");
    node->add_option("--figure", flags->figure, "The figure to export (see `losslab figures`)");
    node->add_option("--all", flags->all_dir, "Export every figure into this folder");
    node->add_option("-o,--output", flags->output,
                     "Output file; .png, .svg or .csv picks the format; - for standard output");
    node->add_option("--set", flags->sets, "Set a parameter, KEY=VALUE (repeatable)");
    node->add_option("--size", flags->size, "Image size WIDTHxHEIGHT (default 1600x1000)");
    node->add_option("--scale", flags->scale, "Text and line scale (default: from the size)");
    node->add_option("--theme", flags->theme, "light, dark or transparent (default light)");
    node->add_option("--format", flags->format,
                     "With --all or -o -: png, svg or csv (default png)");
    node->add_option("--lesson", flags->lesson,
                     "Export this lesson as slides, one 16:9 page per step (with --out)");
    node->add_option("--out", flags->out_dir,
                     "With --lesson: deck.pdf (one PDF) or a folder for step-01.png, step-02.png, ...");
    return {node, [flags] { return run_export(*flags); }};
}

} // namespace losslab::cli

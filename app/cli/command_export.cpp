#include "cli/commands.hpp"
#include "model/persist/json_reader.hpp"
#include "export/cairo_export.hpp"
#include "export/figure_files.hpp"
#include "export/animation_files.hpp"
#include "export/font_metrics.hpp"
#include "model/io/file_io.hpp"
#include "model/persist/session.hpp"
#include "export/slide_deck.hpp"
#include "model/labs/figure_catalogue.hpp"
#include "model/persist/lesson.hpp"
#include "model/params/param_registry.hpp"
#include "platform/font_locator.hpp"
#include "platform/requests.hpp"

#include <fmt/format.h>

#include <cctype>
#include <chrono>
#include <cmath>
#include <optional>
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
    std::string layout_report;
    std::string width, height, dpi, font_size, preset;
    std::optional<std::string> title, x_label, y_label;
    bool no_title = false;
    std::string grid;
    std::string on;
    std::string animate;
    std::vector<std::string> hide;
    int frames = 60;
    double fps = 20.0;
    int step = 0;
    std::string animations = "gif";
};

// Writes the layout report of `figure` as exported by `r` to `path` (an empty path: nothing).
Status write_export_layout_report(const std::string& path, const plot::Figure& figure,
                                  const ui::ExportRequest& r, const std::string& font) {
    if (path.empty()) return Ok{};
    (void)font; // the exports are laid out with cairo's metrics of the same font
    // The figure as the file shows it: its texts edited, in the export's style and colours.
    plot::Figure shown = figure;
    platform::prepare_export_figure(shown, r);
    const auto report = exporting::figure_layout_report(
        shown, r.width, r.height, platform::export_request_theme(r),
        platform::export_request_style(r), exporting::cairo_text_measure());
    return model::write_file_atomic(path, plot::layout_report_json(report));
}


// The animation format of `-o` (or of --format with `-o -`), or a usage message.
Result<exporting::AnimationFormat> animation_format(const ExportFlags& f) {
    auto format = is_stdout(f.output) ? exporting::animation_format_from_name(f.format)
                                      : exporting::animation_format_from_path(f.output);
    if (!format) return format.error();
    if (format.value() == exporting::AnimationFormat::Mp4)
        if (auto why = exporting::mp4_unavailable_reason(); !why.empty()) return Error{why};
    return format;
}

// `--animate KEY=FROM:TO`: an animated GIF, WebP or MP4 of the figure while KEY goes from
// FROM to TO (the same platform::export_animation as the window's "Export animation...").
int run_animation(const ExportFlags& f, const model::AppState& state, ui::ExportRequest base) {
    const size_t eq = f.animate.find('='), colon = f.animate.find(':', eq == std::string::npos ? 0 : eq);
    double from = 0.0, to = 0.0;
    bool parsed = eq != std::string::npos && colon != std::string::npos;
    if (parsed) {
        try {
            size_t used = 0;
            const std::string a = f.animate.substr(eq + 1, colon - eq - 1), b = f.animate.substr(colon + 1);
            from = std::stod(a, &used);
            parsed = used == a.size();
            to = std::stod(b, &used);
            parsed = parsed && used == b.size() && std::isfinite(from) && std::isfinite(to);
        } catch (...) {
            parsed = false;
        }
    }
    if (!parsed)
        return fail_usage(make_error("--animate", "KEY=FROM:TO, e.g. focal.gamma=0:5",
                                     quote(model::shorten(f.animate))).message);
    if (f.frames < 2 || f.frames > 2000)
        return fail_usage(make_error("--frames", "2 <= N <= 2000", fmt::format("{}", f.frames)).message);
    if (!(f.fps > 0.0 && f.fps <= 100.0))
        return fail_usage(make_error("--fps", "0 < FPS <= 100", fmt::format("{}", f.fps)).message);
    auto format = animation_format(f);
    if (!format) return fail_usage(format.error().message);
    // Each frame's value must be a valid assignment: check both ends before drawing.
    const std::string key = f.animate.substr(0, eq);
    for (double v : {from, to}) {
        model::AppState probe = state;
        if (auto ok = model::apply_assignment(probe, fmt::format("{}={}", key, v)); !ok)
            return fail_usage(ok.error().message);
    }
    const auto* param = model::find_param(key);
    if (!param || (param->spec->kind != model::ParamKind::Real &&
                   param->spec->kind != model::ParamKind::Integer))
        return fail_usage(make_error("--animate", "a real or whole-number parameter", quote(key)).message);
    const bool to_stdout = is_stdout(f.output);
    if (to_stdout)
        base.path = stdout_temp_path(std::string(".") + exporting::animation_extension(format.value())).string();
    base.animation = ui::ExportAnimation{key, from, to, f.frames, f.fps, false};
    const auto t0 = std::chrono::steady_clock::now();
    const auto ok = platform::export_animation(state, base);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (!ok) {
        std::fprintf(stderr, "losslab: %s\n", ok.error().message.c_str());
        return 1;
    }
    std::fprintf(stderr, "%s  %dx%d  %d frames  %.0f ms\n", to_stdout ? "-" : f.output.c_str(),
                 base.width, base.height, f.frames, ms);
    if (to_stdout && !copy_to_stdout(base.path)) return 1;
    return 0;
}

// The animations written beside a lesson's deck: 960 pixels wide (a slide's half-size; GIFs
// stay a few MB), 12 frames per second.
constexpr int kLessonAnimationWidth = 960;
constexpr double kLessonAnimationFps = 12.0;

// A length with its unit ("8.5cm", "60mm", "3in", "1600px", "1600") in pixels at `dpi`.
std::optional<double> length_px(const std::string& text, double dpi) {
    size_t used = 0;
    double v = 0.0;
    try {
        v = std::stod(text, &used);
    } catch (...) {
        return std::nullopt;
    }
    const std::string unit = text.substr(used);
    if (!std::isfinite(v) || v <= 0.0) return std::nullopt;
    if (unit.empty() || unit == "px") return v;
    if (unit == "cm") return v / 2.54 * dpi;
    if (unit == "mm") return v / 25.4 * dpi;
    if (unit == "in") return v * dpi;
    if (unit == "pt") return v / 72.0 * dpi;
    return std::nullopt;
}

// A preset's size and text size.
struct Preset {
    const char* name;
    const char* width;
    const char* height;
    const char* font;
};
constexpr Preset kPresets[] = {{"column", "8.5cm", "6.5cm", "8pt"},
                               {"wide", "17.5cm", "8cm", "8pt"},
                               {"slide", "1920px", "1080px", "28px"},
                               {"poster", "40cm", "30cm", "24pt"}};

// Applies --preset, --width/--height/--dpi/--font-size and the text options to `r`.
Status apply_physical_size(const ExportFlags& f, ui::ExportRequest& r) {
    std::string width = f.width, height = f.height, font = f.font_size;
    if (!f.preset.empty()) {
        const Preset* p = nullptr;
        for (const auto& candidate : kPresets)
            if (f.preset == candidate.name) p = &candidate;
        if (!p) return make_error("--preset", "one of column, wide, slide, poster", quote(f.preset));
        if (width.empty()) width = p->width;
        if (height.empty()) height = p->height;
        if (font.empty()) font = p->font;
        if (f.dpi.empty() && std::string(p->width).find("px") == std::string::npos) r.dpi = 300.0;
    }
    if (!f.dpi.empty()) {
        const auto d = length_px(f.dpi, 1.0);
        if (!d || *d < 10.0 || *d > 2400.0)
            return make_error("--dpi", "a number of pixels per inch, 10 to 2400", quote(f.dpi));
        r.dpi = *d;
    }
    if (width.empty() != height.empty())
        return make_error("--width and --height", "both or neither", width.empty() ? "--height only" : "--width only");
    if (!width.empty()) {
        const bool physical = width.find_first_of("cmi") != std::string::npos;
        if (f.dpi.empty() && f.preset.empty() && physical) r.dpi = 300.0;
        const auto w = length_px(width, r.dpi);
        const auto h = length_px(height, r.dpi);
        if (!w) return make_error("--width", "a length such as 8.5cm, 85mm, 3.3in or 1600px", quote(width));
        if (!h) return make_error("--height", "a length such as 6cm, 60mm, 2.4in or 1000px", quote(height));
        r.width = int(std::lround(*w));
        r.height = int(std::lround(*h));
        if (auto ok = model::check_export_size(r.width, r.height); !ok) return ok;
        // A physical size without a text size prints at 9 pt.
        if (font.empty() && physical) font = "9pt";
    }
    if (!font.empty()) {
        const auto px = length_px(font, r.dpi);
        if (!px || *px < 2.0 || *px > 1000.0)
            return make_error("--font-size", "a text size such as 8pt or 28px", quote(font));
        r.font_px = float(*px);
        // Text in points (or from a physical size): strokes and ticks in points too.
        r.strokes_in_points = font.size() > 2 && font.compare(font.size() - 2, 2, "pt") == 0;
    }
    r.title = f.no_title ? std::optional<std::string>("") : f.title;
    r.x_label = f.x_label;
    r.y_label = f.y_label;
    return Ok{};
}

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

// One PNG (or SVG, CSV with --format) per lesson step (slides): each step's state, the figure
// lesson_slide_figure picks with the step's notes and caption (lesson_step_figure). With
// --layout-report FILE, one report per step: FILE's name with "-step-NN" before the extension.
int run_lesson_figure_export(const ExportFlags& f) {
    if (f.out_dir.empty()) return fail_usage("export --lesson requires --out DIR");
    if (f.format != "png" && f.format != "svg" && f.format != "csv")
        return fail_usage(make_error("--format", "one of png, svg, csv", quote(f.format)).message);
    auto lesson = model::load_lesson(f.lesson);
    if (!lesson) return fail_usage(lesson.error().message);
    auto slides = model::lesson_slides(lesson.value(), f.lesson);
    if (!slides) return fail_usage(slides.error().message);
    ui::ExportRequest base;
    if (auto ok = parse_size(f.size, base.width, base.height); !ok) return fail_usage(ok.error().message);
    if (auto ok = apply_physical_size(f, base); !ok) return fail_usage(ok.error().message);
    std::error_code ec;
    std::filesystem::create_directories(f.out_dir, ec);
    if (ec) return fail_usage(fmt::format("cannot create folder {}: {}", quote(f.out_dir), ec.message()));
    const std::string font = platform::find_font_file("DejaVu Sans");
    int failures = 0;
    for (size_t i = 0; i < slides.value().size(); ++i) {
        const auto& state = slides.value()[i].state;
        ui::ExportRequest r = base;
        r.figure = model::lesson_slide_figure(lesson.value(), i, state);
        r.path = (std::filesystem::path(f.out_dir) / fmt::format("step-{:02}.{}", i + 1, f.format))
                     .string();
        const plot::Figure figure = model::lesson_step_figure(lesson.value(), i, state);
        Status ok = figure.name.empty()
                        ? Status(make_error("export --lesson", "a step whose figure exists",
                                            quote(r.figure)))
                        : platform::export_built_figure(figure, r, font, model::session_to_json(state));
        if (ok && !f.layout_report.empty()) {
            std::filesystem::path rp(f.layout_report);
            rp.replace_filename(rp.stem().string() + fmt::format("-step-{:02}", i + 1) +
                                rp.extension().string());
            ok = write_export_layout_report(rp.string(), figure, r, font);
        }
        if (ok) {
            std::fprintf(stderr, "%s  %s\n", r.path.c_str(), r.figure.c_str());
        } else {
            std::fprintf(stderr, "losslab: %s\n", ok.error().message.c_str());
            ++failures;
        }
    }
    return failures ? 1 : 0;
}

int run_lesson_step_animation(const ExportFlags& f);

// A slide deck of a lesson: `--out deck.pdf` writes one PDF of 16:9 pages, any other `--out`
// is a folder of step-01.png, step-02.png, ... Drawn with cairo: no display needed.
int run_lesson_export(const ExportFlags& f) {
    if (f.step != 0) return run_lesson_step_animation(f);
    if (f.out_dir.empty())
        return fail_usage("export --lesson requires --out deck.pdf or --out FOLDER, got no --out");
    {
        std::string e = std::filesystem::path(f.out_dir).extension().string();
        for (auto& c : e) c = char(std::tolower(static_cast<unsigned char>(c)));
        // SVG/CSV slides, or a layout report per step: each step's figure alone, with its notes.
        if (e != ".pdf" && (f.format != "png" || !f.layout_report.empty()))
            return run_lesson_figure_export(f);
    }
    auto lesson = model::load_lesson(f.lesson);
    if (!lesson) return fail_usage(lesson.error().message);
    std::string ext = std::filesystem::path(f.out_dir).extension().string();
    for (auto& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
    const bool pdf = ext == ".pdf";
    std::optional<exporting::AnimationFormat> companions;
    if (f.animations != "none") {
        auto format = exporting::animation_format_from_name(f.animations);
        if (!format)
            return fail_usage(make_error("--animations", "gif, webp, mp4 or none", quote(f.animations)).message);
        if (format.value() == exporting::AnimationFormat::Mp4)
            if (auto why = exporting::mp4_unavailable_reason(); !why.empty()) return fail_usage(why);
        companions = format.value();
    }
    const Status ok = pdf ? exporting::write_slide_deck_pdf(f.out_dir, lesson.value(), f.lesson)
                          : exporting::write_slide_deck_pngs(f.out_dir, lesson.value(), f.lesson);
    if (!ok) {
        std::fprintf(stderr, "losslab: %s\n", ok.error().message.c_str());
        return 1;
    }
    std::fprintf(stderr, "%s  %zu %s\n", f.out_dir.c_str(), lesson.value().steps.size(),
                 pdf ? "pages" : "PNG slides");
    // A step that animates on screen also gets its slide as an animation beside the deck
    // (deck-step-03.gif next to deck.pdf, step-03.gif next to step-03.png), to put on the
    // slide in place of the still picture.
    int failures = 0;
    for (size_t i = 0; companions && i < lesson.value().steps.size(); ++i) {
        if (!exporting::step_animates(lesson.value(), i)) continue;
        const std::string name = fmt::format("step-{:02}.{}", i + 1, exporting::animation_extension(*companions));
        const std::filesystem::path out = pdf ? std::filesystem::path(f.out_dir).parent_path() /
                                                    (std::filesystem::path(f.out_dir).stem().string() + "-" + name)
                                              : std::filesystem::path(f.out_dir) / name;
        const auto t0 = std::chrono::steady_clock::now();
        const Status written = exporting::write_step_animation(out, lesson.value(), f.lesson, i,
                                                               kLessonAnimationFps, kLessonAnimationWidth);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        if (written) {
            std::fprintf(stderr, "%s  step %zu animated  %.0f ms\n", out.c_str(), i + 1, ms);
        } else {
            std::fprintf(stderr, "losslab: %s\n", written.error().message.c_str());
            ++failures;
        }
    }
    return failures ? 1 : 0;
}

// `--lesson L --step N --out FILE.gif|.webp|.mp4`: one step's slide as an animation.
int run_lesson_step_animation(const ExportFlags& f) {
    if (f.out_dir.empty() && f.output.empty())
        return fail_usage("export --lesson --step requires --out FILE (.gif, .webp or .mp4), got no --out");
    const std::string out = f.out_dir.empty() ? f.output : f.out_dir;
    auto format = exporting::animation_format_from_path(out);
    if (!format) return fail_usage(format.error().message);
    if (format.value() == exporting::AnimationFormat::Mp4)
        if (auto why = exporting::mp4_unavailable_reason(); !why.empty()) return fail_usage(why);
    if (!(f.fps > 0.0 && f.fps <= 100.0))
        return fail_usage(make_error("--fps", "0 < FPS <= 100", fmt::format("{}", f.fps)).message);
    auto lesson = model::load_lesson(f.lesson);
    if (!lesson) return fail_usage(lesson.error().message);
    const size_t n = lesson.value().steps.size();
    if (f.step < 1 || size_t(f.step) > n)
        return fail_usage(make_error("--step", fmt::format("1 to {}", n), fmt::format("{}", f.step)).message);
    if (!exporting::step_animates(lesson.value(), size_t(f.step - 1))) {
        std::string animated;
        for (size_t i = 0; i < n; ++i)
            if (exporting::step_animates(lesson.value(), i))
                animated += (animated.empty() ? "" : ", ") + std::to_string(i + 1);
        return fail_usage(make_error("--step", animated.empty() ? std::string("a step with \"animate\" (this lesson has none)")
                                                                : "a step with \"animate\": " + animated,
                                     fmt::format("{}", f.step)).message);
    }
    const auto t0 = std::chrono::steady_clock::now();
    const Status ok = exporting::write_step_animation(out, lesson.value(), f.lesson, size_t(f.step - 1),
                                                      f.fps, kLessonAnimationWidth * 4 / 3);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (!ok) {
        std::fprintf(stderr, "losslab: %s\n", ok.error().message.c_str());
        return 1;
    }
    std::fprintf(stderr, "%s  step %d animated  %.0f ms\n", out.c_str(), f.step, ms);
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
    if (auto ok = apply_physical_size(f, base); !ok) return fail_usage(ok.error().message);
    if (!f.on.empty() && f.on != "dark" && f.on != "light")
        return fail_usage(make_error("--on", "dark or light", quote(f.on)).message);
    base.on_dark = f.on == "dark";
    base.hidden.insert(f.hide.begin(), f.hide.end());

    std::vector<ui::ExportRequest> requests;
    if (!f.figure.empty()) {
        int panels = 0;
        for (size_t start = 0;; ++panels) {
            const size_t comma = f.figure.find(',', start);
            const std::string name = f.figure.substr(start, comma == std::string::npos ? comma : comma - start);
            if (!model::find_figure(name))
                return fail_usage(make_error("--figure", "one of " + figure_names() +
                                                             " (several joined by commas)",
                                             quote(name)).message);
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
        ++panels;
        base.grid_columns = panels;
        if (!f.grid.empty()) {
            int rows = 0, cols = 0;
            if (!parse_width_height(f.grid, rows, cols) || rows < 1 || cols < 1 || rows * cols < panels)
                return fail_usage(make_error("--grid", fmt::format("ROWSxCOLUMNS with room for the {} "
                                                                   "figures, e.g. 1x{}", panels, panels),
                                             quote(f.grid)).message);
            base.grid_columns = cols;
        }
        if (!f.animate.empty()) {
            if (f.output.empty())
                return fail_usage("export --animate requires -o FILE (.gif, .webp or .mp4; - for "
                                  "standard output with --format gif, webp or mp4), got no -o");
            ui::ExportRequest r = base;
            r.figure = f.figure;
            r.path = f.output;
            return run_animation(f, state, r);
        }
        if (f.output.empty())
            return fail_usage("export --figure requires -o FILE (.png, .pdf, .svg or .csv; - for "
                              "standard output with --format)");
        if (is_stdout(f.output) && f.format != "png" && f.format != "svg" && f.format != "csv" &&
            f.format != "pdf")
            return fail_usage(make_error("--format", "one of png, pdf, svg, csv", quote(f.format)).message);
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
        if (f.format != "png" && f.format != "svg" && f.format != "csv" && f.format != "pdf")
            return fail_usage(make_error("--format", "one of png, pdf, svg, csv", quote(f.format)).message);
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

    // Every format is drawn without a display (cairo for PNG and PDF).
    const std::string font = platform::find_font_file("DejaVu Sans");
    int failures = 0;
    for (const auto& r : requests) {
        const auto t0 = std::chrono::steady_clock::now();
        // The embedded session records the figure's own lab and tab, not the default lab.
        const auto shown = model::state_showing_figure(state, r.figure);
        auto ok = platform::export_figure_file(shown, r, font);
        if (ok && !f.layout_report.empty()) {
            const plot::Figure figure = model::find_figure(r.figure)->build(shown);
            ok = write_export_layout_report(f.layout_report, figure, r, font);
        }
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
        "export", "Write figures to PNG, PDF, SVG or CSV (- for standard output) without a window");
    node->footer("No display is needed. Sizes: --size WxH in pixels, or --width/--height with "
                 "units cm, mm, in, px at --dpi (default 300 for physical units), text with "
                 "--font-size 8pt; presets: column (8.5x6.5 cm, 8 pt), wide (17.5x8 cm, 8 pt), "
                 "slide (1920x1080, 28 px), poster (40x30 cm, 24 pt).");
    node->add_option("--figure", flags->figure, "The figure to export (see `losslab figures`)");
    node->add_option("--all", flags->all_dir, "Export every figure into this folder");
    node->add_option("-o,--output", flags->output,
                     "Output file; .png, .pdf, .svg or .csv picks the format; - for standard output");
    node->add_option("--set", flags->sets, "Set a parameter, KEY=VALUE (repeatable)");
    node->add_option("--size", flags->size, "Image size WIDTHxHEIGHT (default 1600x1000)");
    node->add_option("--width", flags->width, "Width with a unit: 8.5cm, 85mm, 3.3in, 1600px");
    node->add_option("--height", flags->height, "Height with a unit: 6cm, 60mm, 2.4in, 1000px");
    node->add_option("--dpi", flags->dpi, "Pixels per inch (PNG pHYs, PDF page size; default 96, 300 with cm/mm/in)");
    node->add_option("--font-size", flags->font_size, "Tick-label text size: 8pt or 28px (print style)");
    node->add_option("--preset", flags->preset, "column, wide, slide or poster");
    node->add_option("--title", flags->title, "Replace the figure's title");
    node->add_option("--xlabel", flags->x_label, "Replace the x-axis label");
    node->add_option("--ylabel", flags->y_label, "Replace the y-axis label");
    node->add_flag("--no-title", flags->no_title, "Leave the title out");
    node->add_option("--animate", flags->animate,
                     "KEY=FROM:TO: an animation (-o .gif, .webp, or .mp4 with ffmpeg on PATH), "
                     "e.g. focal.gamma=0:5");
    node->add_option("--frames", flags->frames, "With --animate: number of frames (default 60)");
    node->add_option("--fps", flags->fps, "With --animate: frames per second (default 20)");
    node->add_option("--hide", flags->hide, "Leave out a series, by its id or legend name (repeatable)");
    node->add_option("--grid", flags->grid, "With --figure a,b: panels as ROWSxCOLUMNS, e.g. 1x2");
    node->add_option("--on", flags->on, "Text colours for a dark or light slide (with --theme transparent)");
    node->add_option("--scale", flags->scale, "Text and line scale (default: from the size)");
    node->add_option("--theme", flags->theme, "light, dark or transparent (default light)");
    node->add_option("--format", flags->format,
                     "With --all, --lesson or -o -: png, pdf, svg or csv (default png)");
    node->add_option("--lesson", flags->lesson,
                     "Export this lesson as slides, one 16:9 page per step (with --out)");
    node->add_option("--layout-report", flags->layout_report,
                     "Also write the layout report (JSON: plot and text boxes in pixels) to this "
                     "file (with --lesson: one per step, FILE-step-NN.json, each step's figure)");
    node->add_option("--step", flags->step,
                     "With --lesson and --out FILE.gif/.webp/.mp4: that step's slide as an "
                     "animation of its \"animate\" sweep (1280x720, --fps)");
    node->add_option("--animations", flags->animations,
                     "With --lesson: the format of the animated steps written beside the deck "
                     "(deck-step-NN.gif), gif, webp, mp4 or none (default gif)");
    node->add_option("--out", flags->out_dir,
                     "With --lesson: deck.pdf (one PDF) or a folder for step-01.png, step-02.png, ...");
    return {node, [flags] { return run_export(*flags); }};
}

} // namespace losslab::cli

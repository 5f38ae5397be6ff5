#include "cli/cli.hpp"

#include "cli/commands.hpp"
#include "losslab/version.hpp"
#include "model/labs/labs.hpp"
#include "model/params/param_registry.hpp"
#include "model/persist/session.hpp"
#include "model/persist/settings.hpp"
#include "model/persist/json_reader.hpp"
#include "platform/gui_app.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>

namespace losslab::cli {

namespace {

// Everything the window's flags can say.
struct GuiFlags {
    std::string lab;
    std::string theme;
    std::string size;
    std::vector<std::string> sets;
    std::string screenshot;
    std::string layout_report;
    int frames = 3;
    int bench_frames = 0;
    std::string bench_sweep;
    bool count_frames = false;
    std::string lesson;
    int step = 1;
    bool present = false;
};

std::string lab_keys() {
    std::string s;
    for (const auto& lab : model::lab_catalogue()) s += (s.empty() ? "" : ", ") + std::string(lab.key);
    return s;
}

int fail(const std::string& message) { return fail_usage(message); }

Status parse_size(const std::string& text, int& w, int& h) {
    if (!parse_width_height(text, w, h) || w < 320 || h < 240 || w > 8192 || h > 8192)
        return make_error("--size", "WIDTHxHEIGHT with 320 <= WIDTH <= 8192 and 240 <= HEIGHT <= 8192",
                          quote(model::shorten(text)));
    return Ok{};
}

int run_window(const GuiFlags& flags) {
    auto loaded = model::load_settings(model::settings_path());
    model::Settings settings = loaded.settings;
    platform::GuiOptions options;
    if (!loaded.notice.empty()) {
        std::fprintf(stderr, "losslab: %s\n", loaded.notice.c_str());
        options.notices.push_back(loaded.notice);
    }

    model::AppState state = model::default_app_state();
    if (auto last = model::find_lab(settings.last_lab)) state.lab = *last;
    // The last session comes back first, so --lab and --set apply on top of it; screenshots
    // and benches start from defaults (deterministic) and leave the autosave alone.
    if (flags.screenshot.empty() && flags.bench_frames == 0) {
        auto restored = model::restore_last_session(model::last_session_path());
        if (restored.state) state = *restored.state;
        if (!restored.notice.empty()) {
            std::fprintf(stderr, "losslab: %s\n", restored.notice.c_str());
            options.notices.push_back(restored.notice);
        }
    }
    if (!flags.lab.empty()) {
        auto lab = model::parse_lab(flags.lab);
        if (!lab) return fail(lab.error().message);
        state.lab = lab.value();
    }
    if (!flags.theme.empty()) {
        plot::Theme theme;
        if (!plot::parse_theme(flags.theme, theme) || theme == plot::Theme::Transparent)
            return fail(make_error("--theme", "one of light, dark, projector", quote(flags.theme)).message);
        settings.theme = theme;
    }
    for (const auto& assignment : flags.sets)
        if (auto ok = model::apply_assignment(state, assignment); !ok) return fail(ok.error().message);

    options.width = settings.window_width;
    options.height = settings.window_height;
    if (!flags.size.empty())
        if (auto ok = parse_size(flags.size, options.width, options.height); !ok)
            return fail(ok.error().message);
    if (!flags.screenshot.empty()) options.screenshot = flags.screenshot;
    if (!flags.layout_report.empty()) {
        if (flags.screenshot.empty()) return fail(make_error("--layout-report", "together with --screenshot", "no --screenshot").message);
        options.layout_report = flags.layout_report;
    }
    options.frames = flags.frames;
    options.bench_frames = flags.bench_frames;
    if (!flags.bench_sweep.empty()) {
        if (flags.bench_frames == 0)
            return fail(make_error("--bench-sweep", "together with --bench-frames",
                                   "no --bench-frames").message);
        const auto* p = model::find_param(flags.bench_sweep);
        if (!p || p->spec->kind != model::ParamKind::Real || p->lab != state.lab)
            return fail(make_error("--bench-sweep",
                                   "a real-valued parameter of the open lab (losslab params LAB)",
                                   flags.bench_sweep).message);
        options.bench_sweep = p;
    }
    options.count_frames = flags.count_frames;
    options.lesson = flags.lesson;
    options.lesson_step = flags.step;
    options.presentation = flags.present;
    options.save_settings = flags.screenshot.empty() && flags.bench_frames == 0 &&
                            flags.sets.empty();
    return platform::run_gui(state, settings, options);
}

} // namespace

int run(int argc, char** argv) {
    CLI::App app{fmt::format("{} {}: an interactive lab for classification losses and "
                             "normalization.\nWith no subcommand it opens the window.",
                             kProgramName, kVersion),
                 "losslab"};
    app.set_version_flag("--version", fmt::format("losslab {}", kVersion));
    GuiFlags flags;
    app.add_option("--lab", flags.lab, "Lab to open: " + lab_keys());
    app.add_option("--theme", flags.theme, "Theme: light, dark or projector");
    app.add_option("--size", flags.size, "Window size WIDTHxHEIGHT, e.g. 1920x1080");
    app.add_option("--set", flags.sets,
                   "Set a parameter, KEY=VALUE (repeatable); keys: `losslab params [LAB]`");
    app.add_option("--screenshot", flags.screenshot,
                   "Render --frames frames, write the window to this PNG, exit");
    app.add_option("--layout-report", flags.layout_report,
                   "With --screenshot: write every plot box and text box drawn (JSON) here");
    app.add_option("--frames", flags.frames, "Frames rendered before --screenshot (default 3)")
        ->check(CLI::Range(1, 100000));
    app.add_option("--bench-frames", flags.bench_frames,
                   "Sweep the lab's main slider over N frames and print per-frame thread CPU "
                   "percentiles, vertex counts and GL render time; exit 1 on a frame that threw "
                   "or drew NaN")
        ->check(CLI::Range(1, 1000000));
    app.add_option("--bench-sweep", flags.bench_sweep,
                   "With --bench-frames: the parameter to sweep, e.g. calibration.temperature "
                   "(default: the lab's first real-valued parameter)");
    app.add_flag("--count-frames", flags.count_frames,
                 "Print the number of frames drawn at exit (and on SIGUSR1)");
    app.add_option("--lesson", flags.lesson, "Open a lesson file (JSON; see README, Classroom)");
    app.add_option("--step", flags.step, "With --lesson: the step to show first (from 1)")
        ->check(CLI::Range(1, 10000));
    app.add_flag("--present", flags.present,
                 "Start in presentation mode (full screen, projector theme, larger text)");
    const auto subcommands = add_subcommands(app);
    app.footer("Parameters: `losslab params [LAB]` lists each key with its kind, range, default "
               "and help.\nFigures: `losslab figures`. Lessons: `losslab lessons`. A file name "
               "`-` means standard output.\nExit status: 0 success, 1 input/output error, 2 "
               "usage error (see `man losslab`).");

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        // The reason, then one line to the help (not the whole help, ~9 KB).
        std::string command = "losslab";
        for (const auto& sub : subcommands)
            if (sub.node->parsed()) command += " " + sub.node->get_name();
        std::fprintf(stderr, "losslab: %s\nRun '%s --help' for the options.\n",
                     model::shorten(e.what(), 300).c_str(), command.c_str());
        return 2;
    }
    for (const auto& sub : subcommands)
        if (sub.node->parsed()) return sub.run();
    return run_window(flags);
}

} // namespace losslab::cli

// `losslab open FILE [--print] [--screenshot out.png] [--size WxH] [--frames N]`: opens the
// window with a session (JSON) or a LossLab PNG restored exactly; --print writes the session
// JSON to stdout without a window. A file that is not a usable session exits with 2.

#include "cli/commands.hpp"
#include "model/persist/json_reader.hpp"

#include "model/persist/session.hpp"
#include "model/persist/settings.hpp"
#include "platform/gui_app.hpp"

#include <cstdio>
#include <memory>

namespace losslab::cli {

namespace {

struct OpenFlags {
    std::string file;
    bool print = false;
    std::string screenshot;
    std::string size;
    int frames = 3;
};

int run_open(const OpenFlags& flags) {
    auto loaded = model::load_session_file(flags.file);
    if (!loaded) return fail_usage(loaded.error().message);
    for (const auto& w : loaded.value().warnings) std::fprintf(stderr, "losslab: %s\n", w.c_str());
    if (flags.print) {
        std::fputs(model::session_to_json(loaded.value().state).c_str(), stdout);
        return 0;
    }

    auto settings_file = model::load_settings(model::settings_path());
    model::Settings settings = settings_file.settings;
    platform::GuiOptions options;
    if (!settings_file.notice.empty()) options.notices.push_back(settings_file.notice);
    for (const auto& w : loaded.value().warnings) options.notices.push_back(w);
    options.width = settings.window_width;
    options.height = settings.window_height;
    if (!flags.size.empty()) {
        if (!parse_width_height(flags.size, options.width, options.height) ||
            options.width < 320 || options.height < 240 ||
            options.width > 8192 || options.height > 8192)
            return fail_usage(make_error("--size", "WIDTHxHEIGHT with 320 <= WIDTH <= 8192 and "
                                                   "240 <= HEIGHT <= 8192",
                                         quote(model::shorten(flags.size)))
                                  .message);
    }
    if (!flags.screenshot.empty()) options.screenshot = flags.screenshot;
    options.frames = flags.frames;
    options.save_settings = flags.screenshot.empty();
    model::AppState state = loaded.value().state;
    return platform::run_gui(state, settings, options);
}

} // namespace

Subcommand add_open_command(CLI::App& app) {
    auto flags = std::make_shared<OpenFlags>();
    CLI::App* sub = app.add_subcommand(
        "open", "Open the window with a session (.json) or a LossLab PNG or PDF restored");
    sub->footer("Open the window with a session restored exactly: a session .json (File > Save) "
                "a PNG exported by LossLab (its \"losslab:session\" metadata) or a PDF exported by "
                "LossLab (the session in its keywords). A file that is "
                "not a LossLab session, or holds a value out of range, exits with 2.");
    sub->add_option("file", flags->file, "Session .json or LossLab .png or .pdf")->required();
    sub->add_flag("--print", flags->print,
                  "Print the session as JSON (every parameter) instead of opening the window");
    sub->add_option("--screenshot", flags->screenshot,
                    "Render --frames frames, write the window to this PNG, exit");
    sub->add_option("--size", flags->size, "Window size WIDTHxHEIGHT, e.g. 1920x1080");
    sub->add_option("--frames", flags->frames, "Frames rendered before --screenshot (default 3)")
        ->check(CLI::Range(1, 100000));
    return Subcommand{sub, [flags] { return run_open(*flags); }};
}

} // namespace losslab::cli

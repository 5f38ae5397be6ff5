#pragma once
// Settings remembered between runs (window size, theme, last lab), kept as JSON in
// config_dir()/settings.json. Lab parameters live in sessions, not here.

#include "losslab/result.hpp"
#include "plot/theme.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace losslab::model {

// The range of the UI zoom (Ctrl+= / Ctrl+-): 0.5 to 3.
inline constexpr float kMinUiZoom = 0.5f;
inline constexpr float kMaxUiZoom = 3.0f;

// What the app remembers about the last run.
struct Settings {
    // Window size in screen coordinates. Default 1280x800.
    int window_width = 1280;
    int window_height = 800;
    // Default: light.
    plot::Theme theme = plot::Theme::Light;
    // The --lab key of the lab shown last. Default "loss".
    std::string last_lab = "loss";
    // The UI zoom chosen on each monitor, by GLFW monitor name ("DP-1"), each from
    // kMinUiZoom to kMaxUiZoom; applied when the window opens on that monitor. Default empty
    // (zoom 1 everywhere).
    std::map<std::string, float> zoom_by_monitor;
    bool operator==(const Settings&) const = default;
};

// Settings read from disk, and a notice for the user when the file could not be used.
struct LoadedSettings {
    Settings settings;
    // Empty when all went well; otherwise one sentence saying what happened.
    std::string notice;
};

// The settings file: config_dir()/settings.json.
std::filesystem::path settings_path();

// Reads `path`. A missing file gives defaults silently. A corrupt file (bad JSON, wrong types,
// values out of range) gives defaults, is renamed aside to "<name>.corrupt-<time>" so nothing
// is lost, and the notice says so.
LoadedSettings load_settings(const std::filesystem::path& path);

// The settings in the JSON `text`; `name` names it in messages. Errors as load_settings's
// notice gives them.
Result<Settings> settings_from_json(std::string_view text, std::string_view name);

// Writes `settings` to `path` atomically, creating the folder if needed.
Status save_settings(const std::filesystem::path& path, const Settings& settings);

// The JSON text of `settings`.
std::string settings_json(const Settings& settings);

} // namespace losslab::model

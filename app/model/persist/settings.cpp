#include "model/persist/settings.hpp"

#include "model/io/file_io.hpp"
#include "model/persist/json_reader.hpp"
#include "model/persist/session.hpp"
#include "model/labs/labs.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <fmt/chrono.h>
#include <fmt/format.h>

namespace losslab::model {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr int kMinWindow = 320;
constexpr int kMaxWindow = 16384;

// The newest settings format this build reads and writes.
constexpr long long kSettingsVersion = 1;

Result<Settings> parse_settings(const json& j) {
    if (!j.is_object()) return Error{"it is not a JSON object"};
    Settings s;
    auto window = [&](const char* key, int& out) -> Status {
        if (!j.contains(key)) return Ok{};
        const auto& v = j[key];
        if (!v.is_number_integer() || v.get<long long>() < kMinWindow ||
            v.get<long long>() > kMaxWindow)
            return make_error(key, fmt::format("a whole number from {} to {}", kMinWindow,
                                               kMaxWindow),
                              short_dump(v));
        out = v.get<int>();
        return Ok{};
    };
    if (auto ok = window("window_width", s.window_width); !ok) return ok.error();
    if (auto ok = window("window_height", s.window_height); !ok) return ok.error();
    if (j.contains("theme")) {
        const auto& v = j["theme"];
        if (!v.is_string() || !plot::parse_theme(v.get<std::string>(), s.theme) ||
            s.theme == plot::Theme::Transparent)
            return make_error("theme", "\"light\", \"dark\" or \"projector\"", short_dump(v));
    }
    if (j.contains("last_lab")) {
        const auto& v = j["last_lab"];
        if (!v.is_string() || !find_lab(v.get<std::string>()))
            return make_error("last_lab", "a lab key", short_dump(v));
        s.last_lab = v.get<std::string>();
    }
    if (j.contains("zoom_by_monitor")) {
        const auto& v = j["zoom_by_monitor"];
        if (!v.is_object())
            return make_error("zoom_by_monitor", "an object {\"monitor name\": zoom}", short_dump(v));
        for (const auto& [name, zoom] : v.items()) {
            if (!zoom.is_number() || zoom.get<double>() < kMinUiZoom ||
                zoom.get<double>() > kMaxUiZoom)
                return make_error("zoom_by_monitor." + shorten(name),
                                  fmt::format("a number from {} to {}", kMinUiZoom, kMaxUiZoom),
                                  short_dump(zoom));
            s.zoom_by_monitor[name] = zoom.get<float>();
        }
    }
    return s;
}

} // namespace

Result<Settings> settings_from_json(std::string_view text, std::string_view name) {
    auto j = parse_json(text, name, {1 << 20, 64});
    if (!j) return j.error();
    return parse_settings(j.value());
}

fs::path settings_path() { return config_dir() / "settings.json"; }

std::string settings_json(const Settings& s) {
    const json j = {{"format", "losslab-settings"},
                    {"version", 1},
                    {"window_width", s.window_width},
                    {"window_height", s.window_height},
                    {"theme", std::string(plot::theme_name(s.theme))},
                    {"last_lab", s.last_lab},
                    {"zoom_by_monitor", s.zoom_by_monitor}};
    return j.dump(2) + "\n";
}

LoadedSettings load_settings(const fs::path& path) {
    if (outside_any_home(path)) return {Settings{}, kNoHomeNotice};
    std::error_code ec;
    if (!fs::exists(path, ec)) return {};
    auto j = read_json_file(path, "settings file " + quote(path.string()), {1 << 20, 64});
    if (j && j.value().is_object() && j.value().contains("version") &&
        j.value()["version"].is_number_integer() &&
        j.value()["version"].get<long long>() > kSettingsVersion) {
        // Written by a newer LossLab: keep it whole (unknown keys included) rather than
        // rewrite it as this version at exit.
        return {Settings{},
                fmt::format("settings file {} was written by a newer LossLab (version {}); {}; "
                            "using defaults",
                            quote(path.string()), short_dump(j.value()["version"]),
                            move_aside(path, ".newer-"))};
    }
    Result<Settings> parsed = j ? parse_settings(j.value()) : Result<Settings>(j.error());
    if (parsed) return {parsed.value(), ""};
    // The message of an unreadable or unparsable file already names it.
    const std::string reason = j ? fmt::format("settings file {} is unusable ({})",
                                               quote(path.string()), parsed.error().message)
                                 : parsed.error().message + "; the file is unusable";
    return {Settings{}, fmt::format("{}; {}; using defaults", reason, move_aside(path))};
}

Status save_settings(const fs::path& path, const Settings& settings) {
    if (outside_any_home(path)) return Ok{}; // said once by load_settings
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec)
        return Error{"cannot create folder '" + path.parent_path().string() + "': " + ec.message()};
    return write_file_atomic(path, settings_json(settings));
}

} // namespace losslab::model

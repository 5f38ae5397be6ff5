#include "model/settings.hpp"

#include "model/file_io.hpp"
#include "model/labs.hpp"

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

Result<Settings> parse_settings(const std::string& text) {
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return Error{"it is not a JSON object"};
    Settings s;
    auto window = [&](const char* key, int& out) -> Status {
        if (!j.contains(key)) return Ok{};
        const auto& v = j[key];
        if (!v.is_number_integer() || v.get<long long>() < kMinWindow ||
            v.get<long long>() > kMaxWindow)
            return make_error(key, fmt::format("a whole number from {} to {}", kMinWindow,
                                               kMaxWindow),
                              v.dump());
        out = v.get<int>();
        return Ok{};
    };
    if (auto ok = window("window_width", s.window_width); !ok) return ok.error();
    if (auto ok = window("window_height", s.window_height); !ok) return ok.error();
    if (j.contains("theme")) {
        const auto& v = j["theme"];
        if (!v.is_string() || !plot::parse_theme(v.get<std::string>(), s.theme) ||
            s.theme == plot::Theme::Transparent)
            return make_error("theme", "\"light\", \"dark\" or \"projector\"", v.dump());
    }
    if (j.contains("last_lab")) {
        const auto& v = j["last_lab"];
        if (!v.is_string() || !find_lab(v.get<std::string>()))
            return make_error("last_lab", "a lab key", v.dump());
        s.last_lab = v.get<std::string>();
    }
    if (j.contains("zoom_by_monitor")) {
        const auto& v = j["zoom_by_monitor"];
        if (!v.is_object())
            return make_error("zoom_by_monitor", "an object {\"monitor name\": zoom}", v.dump());
        for (const auto& [name, zoom] : v.items()) {
            if (!zoom.is_number() || zoom.get<double>() < kMinUiZoom ||
                zoom.get<double>() > kMaxUiZoom)
                return make_error("zoom_by_monitor." + name,
                                  fmt::format("a number from {} to {}", kMinUiZoom, kMaxUiZoom),
                                  zoom.dump());
            s.zoom_by_monitor[name] = zoom.get<float>();
        }
    }
    return s;
}

} // namespace

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
    std::error_code ec;
    if (!fs::exists(path, ec)) return {};
    auto text = read_file(path);
    if (!text) return {Settings{}, text.error().message + "; using default settings"};
    auto parsed = parse_settings(text.value());
    if (parsed) return {parsed.value(), ""};

    const auto stamp = fmt::format("{:%Y%m%dT%H%M%S}", fmt::localtime(std::time(nullptr)));
    fs::path aside = path;
    aside += ".corrupt-" + stamp;
    fs::rename(path, aside, ec);
    const std::string kept = ec ? fmt::format("it could not be moved aside: {}", ec.message())
                                : fmt::format("it was kept as {}", quote(aside.string()));
    return {Settings{}, fmt::format("settings file {} is unusable ({}); {}; using defaults",
                                    quote(path.string()), parsed.error().message, kept)};
}

Status save_settings(const fs::path& path, const Settings& settings) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec)
        return Error{"cannot create folder '" + path.parent_path().string() + "': " + ec.message()};
    return write_file_atomic(path, settings_json(settings));
}

} // namespace losslab::model

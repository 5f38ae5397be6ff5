#include "model/persist/recent_files.hpp"

#include "model/io/file_io.hpp"
#include "model/persist/json_reader.hpp"
#include "model/persist/session.hpp"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace losslab::model {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path recent_files_path() { return state_file("recent.json"); }

std::vector<fs::path> add_recent_file(std::vector<fs::path> list, const fs::path& file) {
    std::error_code ec;
    fs::path abs = fs::absolute(file, ec).lexically_normal();
    if (ec) abs = file;
    std::erase(list, abs);
    list.insert(list.begin(), abs);
    if (list.size() > kMaxRecentFiles) list.resize(kMaxRecentFiles);
    return list;
}

Result<std::vector<fs::path>> recent_files_from_json(std::string_view text,
                                                     std::string_view name) {
    auto parsed = parse_json(text, name, {1 << 20, 64});
    if (!parsed) return parsed.error();
    const json& j = parsed.value();
    const std::string what(name);
    if (!j.is_object() || !j.contains("files") || !j["files"].is_array())
        return Error{what + " is unusable (it is not a JSON object with a \"files\" list)"};
    std::vector<fs::path> files;
    for (const auto& f : j["files"]) {
        if (!f.is_string())
            return Error{what + " is unusable (\"files\" requires strings, got " + short_dump(f) +
                         ")"};
        if (files.size() < kMaxRecentFiles) files.emplace_back(f.get<std::string>());
    }
    return files;
}

LoadedRecentFiles load_recent_files(const fs::path& path) {
    if (outside_any_home(path)) return {};
    std::error_code ec;
    if (!fs::exists(path, ec)) return {};
    const std::string name = "recent files list " + quote(path.string());
    auto text = read_regular_file(path, 1 << 20);
    if (!text) return {{}, fmt::format("{}; {}", text.error().message, move_aside(path))};
    // A list written by a newer LossLab is kept whole rather than rewritten as this version.
    auto j = parse_json(text.value(), name, {1 << 20, 64});
    if (j && j.value().is_object() && j.value().contains("version") &&
        j.value()["version"].is_number_integer() && j.value()["version"].get<long long>() > 1)
        return {{}, fmt::format("{} was written by a newer LossLab (version {}); {}", name,
                                short_dump(j.value()["version"]), move_aside(path, ".newer-"))};
    auto files = recent_files_from_json(text.value(), name);
    if (files) return {files.value(), ""};
    return {{}, fmt::format("{}; {}", files.error().message, move_aside(path))};
}

Status save_recent_files(const fs::path& path, const std::vector<fs::path>& files) {
    if (outside_any_home(path)) return Ok{}; // said once by load_settings
    json list = json::array();
    for (const auto& f : files) list.push_back(f.string());
    const json j = {{"format", "losslab-recent"}, {"version", 1}, {"files", list}};
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec)
        return Error{"cannot create folder '" + path.parent_path().string() + "': " + ec.message()};
    return write_file_atomic(path, j.dump(2) + "\n");
}

} // namespace losslab::model

#include "model/recent_files.hpp"

#include "model/file_io.hpp"
#include "model/session.hpp"

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

LoadedRecentFiles load_recent_files(const fs::path& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) return {};
    auto text = read_file(path);
    if (!text) return {{}, text.error().message};
    const json j = json::parse(text.value(), nullptr, false);
    std::string problem;
    if (j.is_discarded() || !j.is_object() || !j.contains("files") || !j["files"].is_array())
        problem = "it is not a JSON object with a \"files\" list";
    LoadedRecentFiles out;
    if (problem.empty())
        for (const auto& f : j["files"]) {
            if (!f.is_string()) {
                problem = "\"files\" requires strings, got " + f.dump();
                break;
            }
            if (out.files.size() < kMaxRecentFiles) out.files.emplace_back(f.get<std::string>());
        }
    if (problem.empty()) return out;
    return {{}, fmt::format("recent files list {} is unusable ({}); {}", quote(path.string()),
                            problem, move_aside(path))};
}

Status save_recent_files(const fs::path& path, const std::vector<fs::path>& files) {
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

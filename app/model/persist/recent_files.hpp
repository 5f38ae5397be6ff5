#pragma once
// The recently opened or saved session files, newest first, kept as JSON in
// state_dir()/recent.json for File > Open Recent.

#include "losslab/result.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace losslab::model {

// How many recent files are remembered.
inline constexpr std::size_t kMaxRecentFiles = 8;

// The recent files list: state_dir()/recent.json.
std::filesystem::path recent_files_path();

// `list` with `file` moved (or added) to the front, made absolute, without duplicates, cut
// to kMaxRecentFiles.
std::vector<std::filesystem::path> add_recent_file(std::vector<std::filesystem::path> list,
                                                   const std::filesystem::path& file);

// The recent files read back, and a notice for the user when the file was unusable.
struct LoadedRecentFiles {
    std::vector<std::filesystem::path> files;
    // Empty when all went well or there was no file; otherwise one sentence (the unusable
    // file is moved aside to "<name>.corrupt-<time>").
    std::string notice;
};

// The list in the JSON `text` of a recent files list; `name` names it in messages.
Result<std::vector<std::filesystem::path>> recent_files_from_json(std::string_view text,
                                                                  std::string_view name);

// Reads the list at `path`: a missing file gives an empty list silently.
LoadedRecentFiles load_recent_files(const std::filesystem::path& path);

// Writes the list atomically, creating the folder if needed.
Status save_recent_files(const std::filesystem::path& path,
                         const std::vector<std::filesystem::path>& files);

} // namespace losslab::model

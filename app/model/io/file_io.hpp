#pragma once
// File helpers with the project's guarantees: atomic writes (temporary file in the same
// folder, then rename) and errors that name the path and the reason.

#include "losslab/result.hpp"

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace losslab::model {

// The whole content of `path`; the error names the path and the system's reason.
Result<std::string> read_file(const std::filesystem::path& path);

// Writes `bytes` to `path` atomically: a temporary file beside it is written, flushed and
// renamed over `path`. On any failure the temporary is removed, `path` keeps its previous
// content, and the error names the path and the reason (e.g. "Permission denied").
Status write_file_atomic(const std::filesystem::path& path, std::string_view bytes);

// Temporaries of write_file_atomic (".<name>.tmp-XXXXXX") older than this are debris of a
// killed run and are removed by the next write to their folder.
inline constexpr std::chrono::seconds kStaleTempAge{3600};

// Removes this user's regular files named like write_file_atomic's temporaries in `dir` whose
// last change is at least `older_than` ago; returns how many. (A temporary being written is
// also removed by SIGINT, SIGTERM and SIGHUP: write_file_atomic installs a handler for them
// where the default action was in place.)
size_t remove_stale_temps(const std::filesystem::path& dir, std::chrono::seconds older_than);

// True when neither HOME nor an absolute XDG_CONFIG_HOME is set and `path` is in
// config_dir(), which then is a folder relative to the current one: such state files are
// neither read nor written (load_settings says so once).
bool outside_any_home(const std::filesystem::path& path);

// The sentence load_settings gives when outside_any_home(settings_path()).
inline constexpr const char* kNoHomeNotice =
    "neither HOME nor XDG_CONFIG_HOME is set, so settings, recent files and the last session "
    "are neither read nor saved";

// Where LossLab keeps its settings: $XDG_CONFIG_HOME/losslab, else $HOME/.config/losslab.
std::filesystem::path config_dir();

// Where LossLab keeps its state (last session, recent files): $XDG_STATE_HOME/losslab, else
// $HOME/.local/state/losslab.
std::filesystem::path state_dir();

// state_dir()/name, after moving config_dir()/name there once (where older versions kept it).
// If the move fails, the old file's path.
std::filesystem::path state_file(const std::string& name);

// Where users put their own lessons: $XDG_DATA_HOME/losslab, else $HOME/.local/share/losslab.
std::filesystem::path data_dir();

} // namespace losslab::model

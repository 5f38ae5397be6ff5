#pragma once
// File helpers with the project's guarantees: atomic writes (temporary file in the same
// folder, then rename) and errors that name the path and the reason.

#include "losslab/result.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace losslab::model {

// The whole content of `path`; the error names the path and the system's reason.
Result<std::string> read_file(const std::filesystem::path& path);

// Writes `bytes` to `path` atomically: a temporary file beside it is written, flushed and
// renamed over `path`. On any failure the temporary is removed, `path` keeps its previous
// content, and the error names the path and the reason (e.g. "Permission denied").
Status write_file_atomic(const std::filesystem::path& path, std::string_view bytes);

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

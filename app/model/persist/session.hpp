#pragma once
// Sessions: the whole AppState as JSON ("format": "losslab-session", "version": 1), with the
// same keys as `--set` and as a figure PNG's metadata. A session file is either such a JSON
// file or a PNG exported by LossLab, whose iTXt chunk "losslab:session" holds the JSON: a
// figure is its own recipe. Also the automatic save of the last state between runs.
//
// Example:
//   {"format": "losslab-session", "version": 1, "lab": "focal",
//    "params": {"loss.gamma": 2, "loss.x_axis": "probability", "loss.show_ce": true, ...}}

#include "losslab/result.hpp"
#include "model/app_state.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace losslab::model {

// The value of a session's "format" key.
inline constexpr std::string_view kSessionFormat = "losslab-session";

// The session format version written, and the newest one read.
inline constexpr int kSessionVersion = 1;

// The PNG text chunk keyword that carries the session JSON in exported figures.
inline constexpr std::string_view kSessionPngKey = "losslab:session";

// The JSON text of `state`: format, version, the lab's key and every registered parameter
// (param_registry() order) as a JSON number (shortest text that round-trips), a choice name
// or true/false. Deterministic: equal states give equal text. Ends with a newline.
std::string session_to_json(const AppState& state);

// A session read successfully, and what the user should hear about it.
struct SessionLoad {
    // The restored state.
    AppState state;
    // Keys that were ignored (unknown parameter or top-level key), one sentence each,
    // naming the source and the key.
    std::vector<std::string> warnings;
};

// Reads session JSON. The state starts from default_app_state(), so a restore is exact: every
// key present is set and every key absent takes its default. Refused (with an Error naming
// `source`, the place (line and column of a syntax error, or the key path) and the reason):
// invalid JSON, a foreign file (no or another "format"), a newer "version", an unknown lab,
// a value of the wrong type or out of its range (never clamped). Unknown keys are warnings.
Result<SessionLoad> session_from_json(std::string_view text, const std::string& source);

// Reads a session from a .json file or from a PNG exported by LossLab (recognised by its
// signature, whatever the extension). A PNG without the "losslab:session" chunk is refused
// with "... was not made by LossLab's figure export".
Result<SessionLoad> load_session_file(const std::filesystem::path& path);

// The "losslab:session" text of a PNG file's bytes, or an Error naming `source` (not a PNG,
// truncated, no such chunk). Reads chunks only (no pixels, no libpng): GUI-free.
Result<std::string> png_session_text(std::string_view png_bytes, const std::string& source);

// The session JSON in a LossLab PDF's document information (/Keywords); the error names the
// file and what is missing.
Result<std::string> pdf_session_text(std::string_view pdf_bytes, const std::string& source);

// Writes session_to_json(state) to `path` atomically; the error names the path and the
// system's reason (e.g. "Permission denied"). Does not create folders.
Status save_session_file(const std::filesystem::path& path, const AppState& state);

// The automatic save of the last state: state_dir()/last-session.json.
std::filesystem::path last_session_path();

// What restoring the automatic save gave.
struct RestoredSession {
    // The state, when the file existed and was usable.
    std::optional<AppState> state;
    // Empty when all went well or there was no file; otherwise one sentence for the user
    // (unusable file moved aside to "<name>.corrupt-<time>", or ignored keys).
    std::string notice;
};

// Reads the automatic save at `path`. A missing file gives no state silently; an unusable
// one is renamed aside (like a corrupt settings file) and the notice says so.
RestoredSession restore_last_session(const std::filesystem::path& path);

// Writes the automatic save atomically, creating its folder if needed.
Status autosave_session(const std::filesystem::path& path, const AppState& state);

// Renames an unusable file to "<name><tag><YYYYmmddTHHMMSS>" (tag ".corrupt-", or ".newer-"
// for a file of a newer version); returns the sentence that
// says where it went (or why it could not be moved).
std::string move_aside(const std::filesystem::path& path, std::string_view tag = ".corrupt-");

} // namespace losslab::model

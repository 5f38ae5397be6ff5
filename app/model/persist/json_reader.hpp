#pragma once
// The one reader for every JSON file LossLab reads (sessions, the session inside a PNG,
// settings, recent files, lessons). It refuses what would hurt the app instead of letting a
// library exception or a stack overflow escape: files that are not regular files (folders,
// named pipes, devices), files over a size limit, nesting deeper than a limit, numbers beyond
// the double range. Every error names the place (line and column) and the reason, and never
// repeats more than a short excerpt of the input.

#include "losslab/result.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace losslab::model {

// Limits applied while reading. Defaults suit every LossLab file.
struct JsonLimits {
    // Largest accepted text in bytes. Default 32 MiB.
    std::size_t max_bytes = std::size_t(32) << 20;
    // Deepest accepted nesting of arrays and objects (the top-level value is depth 1).
    // Default 64.
    int max_depth = 64;
};

// Longest excerpt of an offending value quoted in a message, in characters.
inline constexpr std::size_t kMaxQuotedChars = 60;

// `text` cut to at most `max_chars` UTF-8 characters, with "…" appended when cut.
std::string shorten(std::string_view text, std::size_t max_chars = kMaxQuotedChars);

// A JSON value as compact text for a message, shortened as shorten() does.
std::string short_dump(const nlohmann::json& value);

// Parses `text`. `what` names the input in messages ("session 'a.json'"). Errors read
// "<what> line L, column C: <reason>" (e.g. "number out of range", "nesting requires at most
// 64 levels of arrays and objects, got 70", or the syntax error); nothing thrown escapes.
Result<nlohmann::json> parse_json(std::string_view text, std::string_view what,
                                  const JsonLimits& limits = {});

// The bytes of `path` if it is a regular file of at most `max_bytes`; opening never blocks
// (named pipes and devices are refused before any read). Errors name the path and say what
// it is ("is a folder, not a file").
Result<std::string> read_regular_file(const std::filesystem::path& path, std::size_t max_bytes);

// read_regular_file followed by parse_json, with "<what>" as the name in messages.
Result<nlohmann::json> read_json_file(const std::filesystem::path& path, std::string_view what,
                                      const JsonLimits& limits = {});

} // namespace losslab::model

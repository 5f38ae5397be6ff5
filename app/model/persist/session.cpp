#include "model/persist/session.hpp"

#include "model/io/file_io.hpp"
#include "model/persist/json_reader.hpp"
#include "model/labs/labs.hpp"
#include "model/labs/lab_calibration_data.hpp"
#include "model/params/param_registry.hpp"

#include <nlohmann/json.hpp>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <cstdint>
#include <ctime>
#include <optional>
#include <vector>

namespace losslab::model {

namespace fs = std::filesystem;
using nlohmann::json;
using nlohmann::ordered_json;

namespace {

std::string where(const std::string& source) { return "session " + quote(source); }

ordered_json param_value(const ParamSpec& spec, double value) {
    switch (spec.kind) {
    case ParamKind::Toggle: return value != 0.0;
    case ParamKind::Choice: return format_param(spec, value);
    case ParamKind::Integer: return (long long)value;
    case ParamKind::Real: break;
    }
    // Whole numbers print as "2" (as --set and format_param write them), others as the
    // shortest text that reads back to the same double.
    if (value == std::floor(value) && std::fabs(value) < 9.0e15) return (long long)value;
    return value;
}

// The number a JSON value stands for under `spec`, or the reason it does not fit.
Result<double> json_param(const ParamSpec& spec, const std::string& key, const json& v) {
    const std::string got = short_dump(v);
    switch (spec.kind) {
    case ParamKind::Toggle:
        if (v.is_boolean()) return v.get<bool>() ? 1.0 : 0.0;
        return make_error(key, "true or false", got);
    case ParamKind::Choice:
        if (v.is_string()) return parse_param(spec, key, v.get<std::string>());
        return make_error(key, allowed_text(spec) + " (a string)", got);
    case ParamKind::Integer:
    case ParamKind::Real: break;
    }
    if (!v.is_number()) return make_error(key, "a number (" + allowed_text(spec) + ")", got);
    const double value = v.get<double>();
    if (auto ok = validate_param(spec, key, value); !ok) return ok.error();
    return value;
}

std::uint32_t be32(std::string_view b, size_t at) {
    return std::uint32_t(std::uint8_t(b[at])) << 24 | std::uint32_t(std::uint8_t(b[at + 1])) << 16 |
           std::uint32_t(std::uint8_t(b[at + 2])) << 8 | std::uint32_t(std::uint8_t(b[at + 3]));
}

constexpr std::string_view kPngSignature{"\x89PNG\r\n\x1a\n", 8};

} // namespace

std::string session_to_json(const AppState& state) {
    ordered_json params = ordered_json::object();
    for (const auto& p : param_registry()) params[p.key()] = param_value(*p.spec, get_param(state, p));
    for (const auto& p : path_params()) {
        const std::string& path = *p.field(const_cast<AppState&>(state));
        if (!path.empty()) params[p.full_key()] = path;
    }
    ordered_json j;
    j["format"] = std::string(kSessionFormat);
    j["version"] = kSessionVersion;
    j["lab"] = std::string(lab_info(state.lab).key);
    j["params"] = std::move(params);
    return j.dump(2) + "\n";
}

Result<SessionLoad> session_from_json(std::string_view text, const std::string& source) {
    auto parsed = parse_json(text, where(source));
    if (!parsed) return parsed.error();
    const json& j = parsed.value();
    const std::string foreign =
        fmt::format("{} is not a LossLab session: \"format\" requires \"{}\"", where(source),
                    kSessionFormat);
    if (!j.is_object()) return Error{foreign + ", got a JSON " + std::string(j.type_name())};
    if (!j.contains("format")) return Error{foreign + ", got no \"format\" key"};
    if (j["format"] != std::string(kSessionFormat)) return Error{foreign + ", got " + short_dump(j["format"])};
    if (!j.contains("version") || !j["version"].is_number_integer() || j["version"].get<long long>() < 1)
        return Error{fmt::format("{} at \"version\": requires a whole number from 1 to {}, got {}",
                                 where(source), kSessionVersion,
                                 j.contains("version") ? short_dump(j["version"]) : "none")};
    if (j["version"].get<long long>() > kSessionVersion)
        return Error{fmt::format("{} was written by a newer LossLab (session version {}; this "
                                 "one reads versions up to {})",
                                 where(source), short_dump(j["version"]), kSessionVersion)};

    SessionLoad out{default_app_state(), {}};
    for (const auto& [key, value] : j.items()) {
        if (key == "format" || key == "version" || key == "lab" || key == "params") continue;
        out.warnings.push_back(
            fmt::format("{}: unknown key \"{}\" ignored", where(source), shorten(key)));
    }
    if (j.contains("lab")) {
        const auto& v = j["lab"];
        std::optional<LabId> lab;
        if (v.is_string()) lab = find_lab(v.get<std::string>());
        if (!lab) {
            std::string keys;
            for (const auto& l : lab_catalogue()) keys += (keys.empty() ? "" : ", ") + std::string(l.key);
            return Error{fmt::format("{} at \"lab\": lab requires one of {}, got {}", where(source),
                                     keys, short_dump(v))};
        }
        out.state.lab = *lab;
    }
    if (j.contains("params")) {
        const auto& params = j["params"];
        if (!params.is_object())
            return Error{fmt::format("{} at \"params\": requires an object of \"lab.key\": value, "
                                     "got a JSON {}",
                                     where(source), params.type_name())};
        // Everything is validated into a copy: on any error the caller's state is untouched
        // and nothing of the session is applied.
        for (const auto& [key, value] : params.items()) {
            if (const auto* path = find_path_param(key)) {
                // A missing file refuses the whole session: the lab keeps its previous data.
                Status ok = value.is_string()
                                ? set_path_param(out.state, *path, value.get<std::string>())
                                : Status(make_error(key, "a file path (a string)", short_dump(value)));
                if (!ok)
                    return Error{fmt::format("{} at params.\"{}\": {}", where(source),
                                             shorten(key), ok.error().message)};
                continue;
            }
            const auto* binding = find_param(key);
            if (!binding) {
                out.warnings.push_back(
                    fmt::format("{}: unknown parameter params.\"{}\" ignored", where(source),
                                shorten(key)));
                continue;
            }
            auto number = json_param(*binding->spec, key, value);
            if (number) {
                if (auto ok = set_param(out.state, *binding, number.value()); !ok) number = ok.error();
            }
            if (!number)
                return Error{fmt::format("{} at params.\"{}\": {}", where(source), shorten(key),
                                         number.error().message)};
        }
    }
    return out;
}

Result<std::string> png_session_text(std::string_view b, const std::string& source) {
    const std::string name = quote(source);
    if (b.substr(0, kPngSignature.size()) != kPngSignature) return Error{name + " is not a PNG file"};
    size_t at = kPngSignature.size();
    while (at + 12 <= b.size()) {
        const std::uint32_t length = be32(b, at);
        const std::string_view type = b.substr(at + 4, 4);
        if (length > b.size() - at - 12) break;
        const std::string_view data = b.substr(at + 8, length);
        if (type == "iTXt" || type == "tEXt") {
            const auto nul = data.find('\0');
            if (nul != std::string_view::npos && data.substr(0, nul) == kSessionPngKey) {
                if (type == "tEXt") return std::string(data.substr(nul + 1));
                // iTXt: keyword, NUL, compression flag, method, language tag NUL, translated
                // keyword NUL, text. LossLab writes it uncompressed.
                if (data.size() < nul + 3) return Error{name + " has a truncated session chunk"};
                if (data[nul + 1] != 0)
                    return Error{name + " has a compressed session chunk; LossLab reads only "
                                        "uncompressed ones (as it writes them)"};
                const auto lang_end = data.find('\0', nul + 3);
                const auto trans_end =
                    lang_end == std::string_view::npos ? lang_end : data.find('\0', lang_end + 1);
                if (trans_end == std::string_view::npos)
                    return Error{name + " has a truncated session chunk"};
                return std::string(data.substr(trans_end + 1));
            }
        }
        if (type == "IEND") break;
        at += 12 + size_t(length);
    }
    return Error{name + " was not made by LossLab's figure export (it has no \"" +
                 std::string(kSessionPngKey) + "\" text chunk)"};
}

namespace {
// The text of the PDF string starting at `at` (a literal "(...)" with backslash escapes, or
// a hex "<FEFF...>" in UTF-16BE, as cairo writes document information), as UTF-8.
std::optional<std::string> pdf_string(std::string_view b, size_t at) {
    while (at < b.size() && (b[at] == ' ' || b[at] == '\n' || b[at] == '\r')) ++at;
    if (at >= b.size()) return std::nullopt;
    std::string out;
    if (b[at] == '(') {
        int depth = 1;
        for (size_t i = at + 1; i < b.size(); ++i) {
            char c = b[i];
            if (c == '\\' && i + 1 < b.size()) {
                const char e = b[++i];
                switch (e) {
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case '\n': break;
                default:
                    if (e >= '0' && e <= '7') {
                        int v = e - '0';
                        for (int k = 0; k < 2 && i + 1 < b.size() && b[i + 1] >= '0' && b[i + 1] <= '7'; ++k)
                            v = v * 8 + (b[++i] - '0');
                        out += char(v);
                    } else {
                        out += e;
                    }
                }
                continue;
            }
            if (c == '(') ++depth;
            if (c == ')' && --depth == 0) return out;
            out += c;
        }
        return std::nullopt;
    }
    if (b[at] != '<') return std::nullopt;
    const size_t end = b.find('>', at);
    if (end == std::string_view::npos) return std::nullopt;
    std::vector<unsigned> units;
    auto hexval = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
    std::string digits;
    for (size_t i = at + 1; i < end; ++i)
        if (std::isxdigit(static_cast<unsigned char>(b[i]))) digits += b[i];
    for (size_t i = 0; i + 3 < digits.size(); i += 4)
        units.push_back(unsigned(hexval(digits[i]) << 12 | hexval(digits[i + 1]) << 8 |
                                 hexval(digits[i + 2]) << 4 | hexval(digits[i + 3])));
    size_t i = (!units.empty() && units[0] == 0xFEFF) ? 1 : 0;
    for (; i < units.size(); ++i) {
        unsigned cp = units[i];
        if (cp >= 0xD800 && cp < 0xDC00 && i + 1 < units.size())
            cp = 0x10000 + ((cp - 0xD800) << 10) + (units[++i] - 0xDC00);
        if (cp < 0x80) {
            out += char(cp);
        } else if (cp < 0x800) {
            out += char(0xC0 | cp >> 6), out += char(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += char(0xE0 | cp >> 12), out += char(0x80 | ((cp >> 6) & 0x3F)),
                out += char(0x80 | (cp & 0x3F));
        } else {
            out += char(0xF0 | cp >> 18), out += char(0x80 | ((cp >> 12) & 0x3F)),
                out += char(0x80 | ((cp >> 6) & 0x3F)), out += char(0x80 | (cp & 0x3F));
        }
    }
    return out;
}
} // namespace

Result<std::string> pdf_session_text(std::string_view b, const std::string& source) {
    const std::string name = quote(source);
    if (b.substr(0, 5) != "%PDF-") return Error{name + " is not a PDF file"};
    // cairo writes the document information dictionary last and uncompressed.
    const size_t key = b.rfind("/Keywords");
    if (key == std::string_view::npos)
        return Error{name + " is a PDF without a LossLab session (no /Keywords in its "
                            "document information)"};
    auto text = pdf_string(b, key + 9);
    if (!text) return Error{name + " has a damaged /Keywords entry"};
    return text.value();
}

Result<SessionLoad> load_session_file(const fs::path& path) {
    // A PNG export holds the image too: allow more than the JSON limit for the whole file.
    auto bytes = read_regular_file(path, std::size_t(256) << 20);
    if (!bytes) return bytes.error();
    const std::string& b = bytes.value();
    std::string ext = path.extension().string();
    for (auto& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
    if (ext == ".png" || std::string_view(b).substr(0, kPngSignature.size()) == kPngSignature) {
        auto text = png_session_text(b, path.string());
        if (!text) return text.error();
        return session_from_json(text.value(), path.string());
    }
    if (ext == ".pdf" || std::string_view(b).substr(0, 5) == "%PDF-") {
        auto text = pdf_session_text(b, path.string());
        if (!text) return text.error();
        return session_from_json(text.value(), path.string());
    }
    return session_from_json(b, path.string());
}

Status save_session_file(const fs::path& path, const AppState& state) {
    return write_file_atomic(path, session_to_json(state));
}

fs::path last_session_path() { return state_file("last-session.json"); }

std::string move_aside(const fs::path& path, std::string_view tag) {
    const auto stamp = fmt::format("{:%Y%m%dT%H%M%S}", fmt::localtime(std::time(nullptr)));
    fs::path aside = path;
    aside += std::string(tag) + stamp;
    std::error_code ec;
    fs::rename(path, aside, ec);
    return ec ? fmt::format("it could not be moved aside: {}", ec.message())
              : fmt::format("it was kept as {}", quote(aside.string()));
}

RestoredSession restore_last_session(const fs::path& path) {
    if (outside_any_home(path)) return {};
    std::error_code ec;
    if (!fs::exists(path, ec)) return {};
    auto loaded = load_session_file(path);
    if (!loaded) {
        const std::string kept = move_aside(path);
        return {std::nullopt, fmt::format("the last session could not be restored ({}); {}; "
                                          "starting from defaults",
                                          loaded.error().message, kept)};
    }
    std::string notice;
    for (const auto& w : loaded.value().warnings) notice += (notice.empty() ? "" : "; ") + w;
    return {loaded.value().state, notice};
}

Status autosave_session(const fs::path& path, const AppState& state) {
    if (outside_any_home(path)) return Ok{}; // said once by load_settings
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec)
        return Error{"cannot create folder '" + path.parent_path().string() + "': " + ec.message()};
    return save_session_file(path, state);
}

} // namespace losslab::model

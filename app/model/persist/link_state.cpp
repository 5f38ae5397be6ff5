#include "model/persist/link_state.hpp"

#include "model/labs/labs.hpp"
#include "model/params/param_registry.hpp"

namespace losslab::model {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Characters kept as they are in a fragment value; everything else is %XX-encoded.
bool plain(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || c == '.' || c == '~' || c == ',';
}

std::string percent_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : text) {
        if (plain(c)) {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(kHex[(unsigned char)c >> 4]);
            out.push_back(kHex[(unsigned char)c & 15]);
        }
    }
    return out;
}

std::vector<std::string_view> split(std::string_view text, char sep) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (start <= text.size()) {
        const size_t end = std::min(text.find(sep, start), text.size());
        if (end > start) parts.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

} // namespace

std::string percent_decode(std::string_view text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
            hex_value(text[i + 2]) >= 0) {
            out.push_back(char(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
            i += 2;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

LinkRequest apply_link(AppState& state, std::string_view text) {
    if (!text.empty() && text.front() == '#') text.remove_prefix(1);
    LinkRequest request;
    std::vector<std::pair<std::string, std::string>> entries;
    for (const auto entry : split(text, '&')) {
        const auto eq = entry.find('=');
        const std::string key = percent_decode(entry.substr(0, eq));
        const std::string value =
            eq == std::string_view::npos ? std::string() : percent_decode(entry.substr(eq + 1));
        if (key == "lab") {
            if (auto lab = parse_lab(value)) state.lab = lab.value();
            else request.errors.push_back("link: " + lab.error().message);
        } else {
            entries.emplace_back(key, value);
        }
    }
    for (const auto& [key, value] : entries) {
        if (key == "lesson") {
            request.lesson = value;
        } else if (key == "_hide") {
            for (const auto panel : split(value, ',')) {
                if (panel == "sidebar" || panel == "params") request.hidden.emplace(panel);
                else
                    request.errors.push_back("link: _hide requires sidebar or params, got " +
                                             quote(panel));
            }
        } else if (auto ok = apply_assignment(state, key + "=" + value); !ok) {
            request.errors.push_back("link: " + ok.error().message);
        }
    }
    return request;
}

std::string state_link(const AppState& state, const std::set<std::string>& hidden,
                       std::string_view lesson) {
    std::string out = "lab=" + std::string(lab_info(state.lab).key);
    const AppState defaults = default_app_state();
    for (const auto& p : param_registry()) {
        const double v = get_param(state, p);
        if (v == get_param(defaults, p)) continue;
        out += '&';
        out += percent_encode(p.key());
        out += '=';
        out += percent_encode(format_param(*p.spec, v));
    }
    if (!lesson.empty()) out += "&lesson=" + percent_encode(lesson);
    if (!hidden.empty()) {
        out += "&_hide=";
        bool first = true;
        for (const auto& h : hidden) {
            if (!first) out += ',';
            out += percent_encode(h);
            first = false;
        }
    }
    return out;
}

} // namespace losslab::model

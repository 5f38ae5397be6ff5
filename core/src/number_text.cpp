#include "losslab/number_text.hpp"

#include <cerrno>
#include <clocale>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace losslab {

namespace {

// The decimal separator of the current C locale (',' under de_DE, '.' under "C").
char locale_point() {
    const std::lconv* lc = std::localeconv();
    return lc && lc->decimal_point && lc->decimal_point[0] ? lc->decimal_point[0] : '.';
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool same_word(std::string_view a, std::string_view lower) {
    if (a.size() != lower.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if ((a[i] | 0x20) != lower[i]) return false;
    return true;
}

} // namespace

std::string shortest_number_text(double v) {
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
    const char point = locale_point();
    char buf[40];
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, v);
        if (point != '.')
            for (char* c = buf; *c; ++c)
                if (*c == point) *c = '.';
        if (precision == 17) break;
        const auto back = parse_number_strict(buf);
        if (back && *back == v) break;
    }
    return buf;
}

std::optional<double> parse_number_strict(std::string_view text) {
    std::string_view body = text;
    const bool negative = !body.empty() && body.front() == '-';
    if (negative) body.remove_prefix(1);
    if (same_word(body, "inf") || same_word(body, "infinity"))
        return negative ? -HUGE_VAL : HUGE_VAL;
    if (same_word(body, "nan")) return negative ? -std::nan("") : std::nan("");
    // The decimal grammar, checked here so strtod's extras (spaces, '+', hex) never pass.
    size_t i = 0, digits = 0;
    while (i < body.size() && is_digit(body[i])) ++i, ++digits;
    if (i < body.size() && body[i] == '.') {
        ++i;
        while (i < body.size() && is_digit(body[i])) ++i, ++digits;
    }
    if (digits == 0) return std::nullopt;
    if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
        ++i;
        if (i < body.size() && (body[i] == '+' || body[i] == '-')) ++i;
        const size_t exp_start = i;
        while (i < body.size() && is_digit(body[i])) ++i;
        if (i == exp_start) return std::nullopt;
    }
    if (i != body.size()) return std::nullopt;
    std::string copy(text);
    if (const char point = locale_point(); point != '.')
        for (char& c : copy)
            if (c == '.') c = point;
    errno = 0;
    char* end = nullptr;
    const double v = std::strtod(copy.c_str(), &end);
    if (end != copy.c_str() + copy.size()) return std::nullopt;
    if (errno == ERANGE && std::isinf(v)) return std::nullopt;
    return v;
}

} // namespace losslab

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
    // The fewest significant digits that read back as v, in scientific form "d.ddde±XX".
    char sci[48];
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(sci, sizeof sci, "%.*e", precision - 1, v);
        if (point != '.')
            for (char* c = sci; *c; ++c)
                if (*c == point) *c = '.';
        const auto back = parse_number_strict(sci);
        if (back && *back == v) break;
    }
    // As std::to_chars does: the shorter of scientific and plain notation, plain on a tie.
    std::string_view text(sci);
    const bool negative = text.front() == '-';
    if (negative) text.remove_prefix(1);
    const auto e_pos = text.find('e');
    std::string digits;
    for (char c : text.substr(0, e_pos))
        if (is_digit(c)) digits += c;
    const int exponent = std::atoi(std::string(text.substr(e_pos + 1)).c_str());
    std::string mantissa = digits.substr(0, 1);
    if (digits.size() > 1) {
        mantissa += '.';
        mantissa += digits.substr(1);
    }
    std::string scientific = mantissa + "e" + (exponent < 0 ? "-" : "+") +
                             (std::abs(exponent) < 10 ? "0" : "") +
                             std::to_string(std::abs(exponent));
    std::string plain;
    const int n = int(digits.size());
    if (exponent >= n - 1) {
        // An integer: its exact digits (as long as the padded shortest ones, and nearer).
        char whole[400];
        std::snprintf(whole, sizeof whole, "%.0f", std::fabs(v));
        plain = whole;
    } else if (exponent >= 0) {
        plain = digits.substr(0, std::size_t(exponent + 1)) + "." +
                digits.substr(std::size_t(exponent + 1));
    } else {
        plain = "0." + std::string(std::size_t(-exponent - 1), '0') + digits;
    }
    std::string out = plain.size() <= scientific.size() ? plain : scientific;
    return negative ? "-" + out : out;
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

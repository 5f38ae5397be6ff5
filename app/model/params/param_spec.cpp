#include "model/params/param_spec.hpp"
#include "losslab/number_text.hpp"

#include "model/persist/json_reader.hpp"

#include <fmt/format.h>

#include <cmath>

namespace losslab::model {

namespace {
std::string number_text(double v) { return fmt::format("{}", v); }
} // namespace

std::string allowed_text(const ParamSpec& spec) {
    switch (spec.kind) {
    case ParamKind::Toggle: return "true or false";
    case ParamKind::Choice: {
        std::string s = "one of ";
        for (size_t i = 0; i < spec.choices.size(); ++i)
            s += (i ? ", " : "") + std::string(spec.choices[i]);
        return s;
    }
    case ParamKind::Integer:
        return fmt::format("a whole number {} <= value <= {}", spec.min, spec.max);
    case ParamKind::Real: break;
    }
    return fmt::format("{} <= value <= {}", number_text(spec.min), number_text(spec.max));
}

Status validate_param(const ParamSpec& spec, std::string_view shown_key, double value) {
    const std::string what(shown_key);
    switch (spec.kind) {
    case ParamKind::Toggle:
        if (value == 0.0 || value == 1.0) return Ok{};
        return make_error(what, allowed_text(spec), number_text(value));
    case ParamKind::Choice:
        if (value >= 0 && value < double(spec.choices.size()) && value == std::floor(value))
            return Ok{};
        return make_error(what, allowed_text(spec), number_text(value));
    case ParamKind::Integer:
        if (value != std::floor(value) || !(value >= spec.min && value <= spec.max))
            return make_error(what, allowed_text(spec), number_text(value));
        return Ok{};
    case ParamKind::Real: break;
    }
    if (!(value >= spec.min && value <= spec.max))
        return make_error(what, allowed_text(spec), number_text(value));
    return Ok{};
}

Result<double> parse_param(const ParamSpec& spec, std::string_view shown_key,
                           std::string_view text) {
    const std::string what(shown_key);
    const std::string got = quote(shorten(text));
    if (spec.kind == ParamKind::Toggle) {
        if (text == "true" || text == "on" || text == "1") return 1.0;
        if (text == "false" || text == "off" || text == "0") return 0.0;
        return make_error(what, allowed_text(spec), got);
    }
    if (spec.kind == ParamKind::Choice) {
        for (size_t i = 0; i < spec.choices.size(); ++i)
            if (spec.choices[i] == text) return double(i);
        return make_error(what, allowed_text(spec), got);
    }
    const auto parsed = parse_number_strict(text);
    if (!parsed) return make_error(what, "a number (" + allowed_text(spec) + ")", got);
    const double value = *parsed;
    if (auto ok = validate_param(spec, shown_key, value); !ok) return ok.error();
    return value;
}

std::string format_param(const ParamSpec& spec, double value) {
    switch (spec.kind) {
    case ParamKind::Toggle: return value != 0.0 ? "true" : "false";
    case ParamKind::Choice: {
        const auto i = size_t(value);
        return i < spec.choices.size() ? std::string(spec.choices[i]) : number_text(value);
    }
    case ParamKind::Integer: return fmt::format("{}", (long long)value);
    case ParamKind::Real: break;
    }
    return number_text(value);
}

} // namespace losslab::model

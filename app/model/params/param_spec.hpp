#pragma once
// ParamSpec: the one declaration of a user-facing parameter (key, label, range, default,
// help). That declaration drives the slider, the CLI flag, the session key, the PNG
// metadata and the validation message.

#include "losslab/result.hpp"

#include <span>
#include <string>
#include <string_view>

namespace losslab::model {

// What a parameter holds: a real number, a whole number, one of named choices, or on/off.
enum class ParamKind { Real, Integer, Choice, Toggle };

// How a slider maps its position to the value.
enum class ParamScale { Linear, Log };

// The declaration of one parameter. Keys are lowercase words joined by '_' (the lab prefix,
// as in "loss.gamma", is added by the registry).
struct ParamSpec {
    // The key in sessions and after the lab prefix in `--set lab.key=value`.
    std::string_view key;
    // The slider's label, Greek letters included: "γ (focusing)".
    std::string_view label;
    // One line saying what the parameter does; shown as the slider's tooltip and in listings.
    std::string_view help;
    // Default: ParamKind::Real.
    ParamKind kind = ParamKind::Real;
    // Smallest allowed value (inclusive). Default 0.
    double min = 0.0;
    // Largest allowed value (inclusive). Default 1.
    double max = 1.0;
    // The default value: the field defaults of the lab states are read from here.
    double def = 0.0;
    // Default: linear slider.
    ParamScale scale = ParamScale::Linear;
    // The names of the choices, for ParamKind::Choice (value = index). Default none.
    std::span<const std::string_view> choices = {};
    // printf format of the slider's value. Default "%.3f".
    const char* format = "%.3f";
    // A rule that ties this parameter to another, stated wherever the range is shown:
    // "at least 3 with convention kl-pad". Default none. (Whole numbers are ParamKind::Integer.)
    std::string_view rule = {};
};

// Checks that `value` is allowed by `spec` (range, whole number, choice index); the error
// names `shown_key`, the allowed range and the value received.
Status validate_param(const ParamSpec& spec, std::string_view shown_key, double value);

// Parses the text form of a value ("2.5", "10", a choice name, "true"/"false"/"on"/"off")
// and validates it; the error names `shown_key`, what is allowed and the text received.
Result<double> parse_param(const ParamSpec& spec, std::string_view shown_key,
                           std::string_view text);

// The text form of a value: shortest round-trip number, choice name, or true/false.
std::string format_param(const ParamSpec& spec, double value);

// "0 <= value <= 10", "one of uniform, others, kl-pad", "true or false": what is allowed.
std::string allowed_text(const ParamSpec& spec);

} // namespace losslab::model

#pragma once
// Numbers as text and back, the same on every platform: shortest round-trip formatting and
// strict parsing, built on snprintf/strtod (not std::to_chars/from_chars, which some C++
// libraries, e.g. emscripten's libc++, lack for floating point) and independent of the
// C locale's decimal separator.

#include <optional>
#include <string>
#include <string_view>

namespace losslab {

// The shortest text ("%.{1..17}g") that reads back as exactly `v`: 0.1 -> "0.1", 1e-05 ->
// "1e-05"; "nan", "inf", "-inf" for the non-finite values. Always '.' as the decimal point.
std::string shortest_number_text(double v);

// `text` read as a double, or nullopt unless the whole text is one decimal number: optional
// '-', digits with an optional '.', optional exponent, or "inf"/"infinity"/"nan" (any case).
// Refused: empty text, surrounding spaces, a leading '+', hexadecimal, trailing characters.
// Values beyond the double range read as +-inf, as std::from_chars' caller would see them
// refused: those are refused too (nullopt), so "1e999" is not a number here.
std::optional<double> parse_number_strict(std::string_view text);

} // namespace losslab

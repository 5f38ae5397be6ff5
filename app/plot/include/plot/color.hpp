#pragma once
// Colours as plain 8-bit RGBA, and the project's palettes: Okabe-Ito for unordered series
// (colour-blind safe) and viridis for ordered families such as a γ sweep.

#include <cstdint>
#include <string>

namespace losslab::plot {

// An sRGB colour with straight (not premultiplied) alpha.
struct Rgba {
    std::uint8_t r = 0, g = 0, b = 0, a = 255;
    bool operator==(const Rgba&) const = default;
};

// The colour with alpha multiplied by `factor` in [0, 1].
Rgba with_alpha(Rgba c, float factor);

// "#rrggbb" (alpha dropped), for SVG and CSV headers.
std::string hex(Rgba c);

// The i-th colour of the Okabe-Ito palette (black skipped, wraps after 7).
Rgba okabe_ito(int i);

// Viridis at t in [0, 1] (clamped), interpolated between tabulated samples of the map.
Rgba viridis(double t);

// The WCAG contrast ratio (1..21) of two opaque colours.
double contrast_ratio(Rgba a, Rgba b);

// The minimum contrast of a series against its plot background. 3:1.
inline constexpr double kMinSeriesContrast = 3.0;

// `color`, moved toward white (on a dark background) or black (on a light one) just enough
// to reach `min_ratio` against `background`; unchanged when it already does, when either
// is translucent, or for a background too mid-grey to reach it. Trims viridis' dark end on
// the dark theme and its yellow end on the light ones.
Rgba readable_on(Rgba color, Rgba background, double min_ratio = kMinSeriesContrast);

} // namespace losslab::plot

#include "plot/color.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace losslab::plot {

Rgba with_alpha(Rgba c, float factor) {
    c.a = std::uint8_t(std::clamp(float(c.a) * factor, 0.0f, 255.0f));
    return c;
}

std::string hex(Rgba c) { return fmt::format("#{:02x}{:02x}{:02x}", c.r, c.g, c.b); }

Rgba okabe_ito(int i) {
    // Okabe & Ito (2008), "Color Universal Design": the seven non-black colours, reordered so
    // the first two (blue, vermillion) differ most for every kind of colour vision.
    static constexpr std::array<Rgba, 7> kColors{{
        {0, 114, 178, 255},   // blue
        {213, 94, 0, 255},    // vermillion
        {0, 158, 115, 255},   // bluish green
        {204, 121, 167, 255}, // reddish purple
        {230, 159, 0, 255},   // orange
        {86, 180, 233, 255},  // sky blue
        {240, 228, 66, 255},  // yellow
    }};
    const int n = int(kColors.size());
    return kColors[size_t(((i % n) + n) % n)];
}

Rgba viridis(double t) {
    // Samples of matplotlib's viridis at t = 0, 1/8, ..., 1.
    static constexpr std::array<std::array<double, 3>, 9> kSamples{{
        {68, 1, 84},
        {72, 40, 120},
        {62, 74, 137},
        {49, 104, 142},
        {38, 130, 142},
        {31, 158, 137},
        {53, 183, 121},
        {109, 205, 89},
        {253, 231, 37},
    }};
    t = std::isnan(t) ? 0.0 : std::clamp(t, 0.0, 1.0);
    const double pos = t * 8.0;
    const size_t i = std::min<size_t>(size_t(pos), 7);
    const double f = pos - double(i);
    auto mix = [&](int k) {
        return std::uint8_t(std::lround(kSamples[i][k] * (1.0 - f) + kSamples[i + 1][k] * f));
    };
    return {mix(0), mix(1), mix(2), 255};
}

} // namespace losslab::plot

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

namespace {

double relative_luminance(Rgba c) {
    auto channel = [](std::uint8_t v) {
        const double x = v / 255.0;
        return x <= 0.04045 ? x / 12.92 : std::pow((x + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

} // namespace

double contrast_ratio(Rgba a, Rgba b) {
    const double la = relative_luminance(a), lb = relative_luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

Rgba readable_on(Rgba color, Rgba background, double min_ratio) {
    if (color.a != 255 || background.a != 255) return color;
    if (contrast_ratio(color, background) >= min_ratio) return color;
    const bool dark = relative_luminance(background) < 0.18;
    const Rgba target = dark ? Rgba{255, 255, 255, 255} : Rgba{0, 0, 0, 255};
    if (contrast_ratio(target, background) < min_ratio) return color;
    // The smallest blend (in 1/64 steps) that reaches the ratio keeps the hue recognisable.
    for (int step = 1; step <= 64; ++step) {
        const double t = step / 64.0;
        auto mix = [t](std::uint8_t a, std::uint8_t b) {
            return std::uint8_t(std::lround(a + (double(b) - a) * t));
        };
        const Rgba c{mix(color.r, target.r), mix(color.g, target.g), mix(color.b, target.b), 255};
        if (contrast_ratio(c, background) >= min_ratio) return c;
    }
    return target;
}

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

#include "plot/plot_view.hpp"

#include <algorithm>
#include <cmath>

namespace losslab::plot {

namespace {
double to_axis(double v, AxisScale s) { return s == AxisScale::Log10 ? std::log10(v) : v; }
double from_axis(double t, AxisScale s) { return s == AxisScale::Log10 ? std::pow(10.0, t) : t; }

bool range_ok(double lo, double hi, AxisScale s) {
    if (!std::isfinite(lo) || !std::isfinite(hi) || !(hi > lo)) return false;
    if (s == AxisScale::Log10 && !(lo > 0.0)) return false;
    const double a = to_axis(lo, s), b = to_axis(hi, s);
    return (b - a) > 1e-12 * std::max({1.0, std::fabs(a), std::fabs(b)}) && (b - a) < 1e300;
}

ViewRange keep_if_valid(const ViewRange& next, const PlotLayout& L) {
    return view_is_valid(next, L.x_scale, L.y_scale) ? next : L.view;
}
} // namespace

bool view_is_valid(const ViewRange& v, AxisScale xs, AxisScale ys) {
    return range_ok(v.x0, v.x1, xs) && range_ok(v.y0, v.y1, ys);
}

ViewRange zoom_view(const PlotLayout& L, Vec2 at, double factor) {
    auto zoom_axis = [factor](double lo, double hi, double center, AxisScale s, double& out_lo,
                              double& out_hi) {
        const double a = to_axis(lo, s), b = to_axis(hi, s), c = to_axis(center, s);
        out_lo = from_axis(c + (a - c) * factor, s);
        out_hi = from_axis(c + (b - c) * factor, s);
    };
    ViewRange next;
    zoom_axis(L.view.x0, L.view.x1, L.px_to_x(at.x), L.x_scale, next.x0, next.x1);
    zoom_axis(L.view.y0, L.view.y1, L.px_to_y(at.y), L.y_scale, next.y0, next.y1);
    return keep_if_valid(next, L);
}

ViewRange pan_view(const PlotLayout& L, Vec2 from, Vec2 to) {
    const double dx = to_axis(L.px_to_x(from.x), L.x_scale) - to_axis(L.px_to_x(to.x), L.x_scale);
    const double dy = to_axis(L.px_to_y(from.y), L.y_scale) - to_axis(L.px_to_y(to.y), L.y_scale);
    ViewRange next{from_axis(to_axis(L.view.x0, L.x_scale) + dx, L.x_scale),
                   from_axis(to_axis(L.view.x1, L.x_scale) + dx, L.x_scale),
                   from_axis(to_axis(L.view.y0, L.y_scale) + dy, L.y_scale),
                   from_axis(to_axis(L.view.y1, L.y_scale) + dy, L.y_scale)};
    return keep_if_valid(next, L);
}

ViewRange box_view(const PlotLayout& L, Vec2 a, Vec2 b) {
    constexpr float kMinBoxPx = 4.0f;
    if (std::fabs(a.x - b.x) < kMinBoxPx || std::fabs(a.y - b.y) < kMinBoxPx) return L.view;
    const float x0 = std::clamp(std::min(a.x, b.x), L.plot.x0, L.plot.x1);
    const float x1 = std::clamp(std::max(a.x, b.x), L.plot.x0, L.plot.x1);
    const float y0 = std::clamp(std::min(a.y, b.y), L.plot.y0, L.plot.y1);
    const float y1 = std::clamp(std::max(a.y, b.y), L.plot.y0, L.plot.y1);
    ViewRange next{L.px_to_x(x0), L.px_to_x(x1), L.px_to_y(y1), L.px_to_y(y0)};
    return keep_if_valid(next, L);
}

} // namespace losslab::plot

#include "plot/plot_layout.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <tuple>

namespace losslab::plot {

// ---------------------------------------------------------------- [SECTION] Ticks

namespace {

// A pixel coordinate far outside any real plot: infinite or enormous data values map here so
// that segment clipping stays in exact, finite arithmetic.
constexpr double kFarPx = 1.0e7;

double nice_step(double span, int target) {
    const double raw = span / std::max(1, target);
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double norm = raw / mag;
    const double m = norm < 1.5 ? 1.0 : norm < 3.0 ? 2.0 : norm < 7.0 ? 5.0 : 10.0;
    return m * mag;
}

std::string superscript_int(int k) {
    static constexpr std::array<std::string_view, 10> kDigits{"⁰", "¹", "²", "³", "⁴",
                                                              "⁵", "⁶", "⁷", "⁸", "⁹"};
    std::string s = k < 0 ? "⁻" : "";
    const std::string digits = std::to_string(std::abs(k));
    for (char c : digits) s += kDigits[size_t(c - '0')];
    return s;
}

std::string power_of_ten_label(int k) {
    if (k >= -2 && k <= 3) return format_tick(std::pow(10.0, k), std::pow(10.0, std::min(k, 0)));
    return "10" + superscript_int(k);
}

} // namespace

std::string format_tick(double value, double step) {
    if (!std::isfinite(value)) return format_value(value);
    if (std::fabs(value) < std::fabs(step) * 1e-9) return "0";
    const int step_exp = int(std::floor(std::log10(std::fabs(step)) + 1e-9));
    const double mag = std::fabs(value);
    if (mag >= 1e5 || std::fabs(step) < 1e-4) {
        const int value_exp = int(std::floor(std::log10(mag) + 1e-12));
        return fmt::format("{:.{}e}", value, std::max(0, value_exp - step_exp));
    }
    return fmt::format("{:.{}f}", value, std::max(0, -step_exp));
}

std::string format_value(double value, int digits) {
    if (std::isnan(value)) return "undefined";
    if (std::isinf(value)) return value > 0 ? "∞" : "−∞";
    if (value == 0.0) return "0";
    const double mag = std::fabs(value);
    if (mag >= 1e-4 && mag < 1e6) return fmt::format("{:.{}g}", value, digits);
    return fmt::format("{:.{}e}", value, std::max(0, digits - 1));
}

std::vector<Tick> nice_ticks(double lo, double hi, int target) {
    std::vector<Tick> ticks;
    if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) return ticks;
    const double step = nice_step(hi - lo, target);
    const double first = std::ceil(lo / step - 1e-9);
    const double last = std::floor(hi / step + 1e-9);
    for (double k = first; k <= last && ticks.size() < 200; k += 1.0) {
        const double v = k * step;
        ticks.push_back({v, format_tick(v, step), true});
    }
    return ticks;
}

std::vector<Tick> log_ticks(double lo, double hi, int target) {
    std::vector<Tick> ticks;
    if (!(lo > 0.0) || !(hi > lo) || !std::isfinite(hi)) return ticks;
    const int e0 = int(std::floor(std::log10(lo) + 1e-12));
    const int e1 = int(std::ceil(std::log10(hi) - 1e-12));
    const int decades = e1 - e0;
    if (decades < 1) return nice_ticks(lo, hi, target);
    const int stride = std::max(1, int(std::ceil(double(decades) / std::max(1, target))));
    const bool minors = decades <= 6;
    for (int k = e0; k <= e1; ++k) {
        const double p = std::pow(10.0, k);
        if (p >= lo * (1 - 1e-12) && p <= hi * (1 + 1e-12) && k % stride == 0)
            ticks.push_back({p, power_of_ten_label(k), true});
        if (!minors) continue;
        for (int m = 2; m <= 9; ++m) {
            const double v = m * p;
            if (v >= lo && v <= hi) ticks.push_back({v, "", false});
        }
    }
    const auto majors = std::count_if(ticks.begin(), ticks.end(), [](auto& t) { return t.major; });
    if (majors < 2) return nice_ticks(lo, hi, target);
    return ticks;
}

// ---------------------------------------------------------------- [SECTION] Layout

namespace {

double axis_value(double v, AxisScale s) {
    if (s == AxisScale::Linear || std::isnan(v)) return v; // NaN stays a gap on a log axis too
    return v > 0.0 ? std::log10(v) : -std::numeric_limits<double>::infinity();
}

double from_axis_value(double t, AxisScale s) { return s == AxisScale::Linear ? t : std::pow(10.0, t); }

// Data to pixels along one axis, with the ends' axis values computed once (the same
// arithmetic as map_to_px, so the same pixels).
struct AxisMap {
    double a, b, p0, span;
    AxisScale s;
    AxisMap(double lo, double hi, float q0, float q1, AxisScale scale)
        : a(axis_value(lo, scale)), b(axis_value(hi, scale)), p0(q0), span(double(q1 - q0)),
          s(scale) {}
    float operator()(double v) const {
        const double t = axis_value(v, s);
        if (std::isnan(t)) return std::numeric_limits<float>::quiet_NaN();
        double px = p0 + (t - a) / (b - a) * span;
        if (!std::isfinite(px) || std::fabs(px) > kFarPx) px = std::copysign(kFarPx, px);
        return float(px);
    }
};

float map_to_px(double v, double lo, double hi, float p0, float p1, AxisScale s) {
    if (s == AxisScale::Linear) return AxisMap(lo, hi, p0, p1, s)(v);
    // Log axes: the ends' log10 are remembered for the last two ranges (a figure's x and y),
    // so that mapping a series costs one log10 per value instead of three.
    struct Ends {
        double lo = std::numeric_limits<double>::quiet_NaN(), hi = lo, a = 0.0, b = 0.0;
    };
    thread_local std::array<Ends, 2> memo;
    thread_local size_t next = 0;
    const Ends* e = nullptr;
    for (const auto& m : memo)
        if (m.lo == lo && m.hi == hi) e = &m;
    if (!e) {
        memo[next] = {lo, hi, axis_value(lo, s), axis_value(hi, s)};
        e = &memo[next];
        next ^= 1;
    }
    const double t = axis_value(v, s);
    if (std::isnan(t)) return std::numeric_limits<float>::quiet_NaN();
    double px = double(p0) + (t - e->a) / (e->b - e->a) * double(p1 - p0);
    if (!std::isfinite(px) || std::fabs(px) > kFarPx) px = std::copysign(kFarPx, px);
    return float(px);
}

std::vector<Tick> axis_ticks(double lo, double hi, AxisScale s, int target) {
    return s == AxisScale::Log10 ? log_ticks(lo, hi, target) : nice_ticks(lo, hi, target);
}

// The axis's own tick values inside [lo, hi] when it has them, else the automatic ticks.
std::vector<Tick> axis_ticks(const Axis& axis, double lo, double hi, AxisScale s, int target) {
    if (axis.ticks.empty()) return axis_ticks(lo, hi, s, target);
    std::vector<Tick> ticks;
    const double a = std::min(lo, hi), b = std::max(lo, hi), slack = 1e-9 * (b - a);
    for (double v : axis.ticks)
        if (v >= a - slack && v <= b + slack) ticks.push_back({v, format_value(v), true});
    return ticks;
}

float widest_label(const std::vector<Tick>& ticks, float size, const TextMeasure& measure) {
    float w = 0.0f;
    for (const auto& t : ticks)
        if (!t.label.empty()) w = std::max(w, measure(t.label, size).x);
    return w;
}

// The corner of the data area where the legend hides the fewest data points (and bar tops,
// area fills; annotations count 4), and how many. Each point is mapped to pixels once and
// tested against the four corners (mapping costs a log10 per coordinate on log axes).
std::pair<Rect, size_t> place_legend(const Figure& fig, const PlotLayout& layout, float w, float h,
                                     float inset) {
    const Rect& p = layout.plot;
    const std::array<Rect, 4> corners{{
        {p.x1 - inset - w, p.y0 + inset, p.x1 - inset, p.y0 + inset + h},
        {p.x0 + inset, p.y0 + inset, p.x0 + inset + w, p.y0 + inset + h},
        {p.x1 - inset - w, p.y1 - inset - h, p.x1 - inset, p.y1 - inset},
        {p.x0 + inset, p.y1 - inset - h, p.x0 + inset + w, p.y1 - inset},
    }};
    std::array<size_t, 4> hidden{};
    // Points inside none of the corners' joint bounding box cannot be hidden by any of them
    // (areas and bars reach vertically, so only their x is tested against it).
    const float bx0 = std::min(corners[1].x0, corners[0].x0), bx1 = std::max(corners[0].x1, corners[1].x1);
    const AxisMap xm(layout.view.x0, layout.view.x1, layout.plot.x0, layout.plot.x1, layout.x_scale);
    const AxisMap ym(layout.view.y0, layout.view.y1, layout.plot.y1, layout.plot.y0, layout.y_scale);
    for (const auto& s : fig.series) {
        if (!s.visible || s.kind == SeriesKind::VLine || s.kind == SeriesKind::HLine) continue;
        const size_t n = std::min(s.x.size(), s.y.size());
        const bool area = s.kind == SeriesKind::Area, bars = s.kind == SeriesKind::Bars;
        for (size_t i = 0; i < n; ++i) {
            const float qx = xm(s.x[i]);
            if (!area && !bars && !(qx >= bx0 && qx <= bx1)) continue;
            const Vec2 q{qx, ym(s.y[i])};
            float base = 0.0f, x0 = 0.0f, x1 = 0.0f;
            if (area) base = ym(s.y_base.size() > i ? s.y_base[i] : 0.0);
            if (bars) {
                x0 = xm(s.x[i] - 0.5 * s.bar_width);
                x1 = xm(s.x[i] + 0.5 * s.bar_width);
            }
            for (size_t c = 0; c < corners.size(); ++c) {
                const Rect& r = corners[c];
                const bool in = r.contains(q);
                hidden[c] += in;
                // A filled area is covered when the box reaches between its top and base.
                if (area && q.x >= r.x0 && q.x <= r.x1)
                    hidden[c] += !in && r.y1 > std::min(q.y, base) && r.y0 < std::max(q.y, base);
                // A bar is covered when the box reaches into its column below its top.
                if (bars) hidden[c] += x1 > r.x0 && x0 < r.x1 && r.y1 > q.y && !in;
            }
        }
    }
    for (const auto& a : fig.annotations) {
        const Vec2 q{xm(a.x), ym(a.y)};
        for (size_t c = 0; c < corners.size(); ++c) hidden[c] += 4 * corners[c].contains(q);
    }
    const size_t best = size_t(std::min_element(hidden.begin(), hidden.end()) - hidden.begin());
    return {corners[best], hidden[best]};
}

// Thins `ticks` (asking for fewer) until their labels are at least 1.5 label widths apart
// and there are at most 10 majors.
std::vector<Tick> fitting_x_ticks(const Axis& axis, double lo, double hi, AxisScale scale,
                                  float width, int target, float size, const TextMeasure& measure) {
    std::vector<Tick> ticks = axis_ticks(axis, lo, hi, scale, std::min(target, 10));
    for (int t = std::min(target, 10); t >= 1; --t) {
        ticks = axis_ticks(axis, lo, hi, scale, t);
        const float w = widest_label(ticks, size, measure);
        // The narrowest pixel distance between neighbouring labelled ticks.
        const double a = axis_value(lo, scale), b = axis_value(hi, scale);
        double prev = std::numeric_limits<double>::quiet_NaN(), closest = 1e30;
        int majors = 0;
        for (const auto& k : ticks) {
            if (!k.major || k.label.empty()) continue;
            ++majors;
            const double px = (axis_value(k.value, scale) - a) / (b - a) * double(width);
            if (!std::isnan(prev)) closest = std::min(closest, px - prev);
            prev = px;
        }
        if (majors <= 10 && closest >= 1.5 * double(w)) return ticks;
    }
    // Still too wide: keep the labels of the first and last majors only.
    bool first = true;
    for (auto& k : ticks)
        if (k.major && !first) k.label.clear();
        else if (k.major) first = false;
    return ticks;
}
} // namespace

std::string shorten_to_fit(const std::string& text, float size, float room,
                           const TextMeasure& measure) {
    if (measure(text, size).x <= room) return text;
    std::string cut = text;
    while (!cut.empty()) {
        // Drop one whole UTF-8 character: its continuation bytes, then its lead byte.
        while (!cut.empty()) {
            const auto c = static_cast<unsigned char>(cut.back());
            cut.pop_back();
            if ((c & 0xC0) != 0x80) break;
        }
        while (!cut.empty() && cut.back() == ' ') cut.pop_back();
        if (measure(cut + "…", size).x <= room) return cut + "…";
    }
    return "…";
}

float PlotLayout::x_to_px(double x) const {
    return map_to_px(x, view.x0, view.x1, plot.x0, plot.x1, x_scale);
}
float PlotLayout::y_to_px(double y) const {
    return map_to_px(y, view.y0, view.y1, plot.y1, plot.y0, y_scale);
}
double PlotLayout::px_to_x(float px) const {
    const double a = axis_value(view.x0, x_scale), b = axis_value(view.x1, x_scale);
    return from_axis_value(a + (double(px) - plot.x0) / plot.width() * (b - a), x_scale);
}
double PlotLayout::px_to_y(float py) const {
    const double a = axis_value(view.y0, y_scale), b = axis_value(view.y1, y_scale);
    return from_axis_value(a + (double(plot.y1) - py) / plot.height() * (b - a), y_scale);
}

std::pair<double, double> fit_axis(const Figure& figure, bool x_axis) {
    const Axis& axis = x_axis ? figure.x_axis : figure.y_axis;
    if (!axis.categories.empty()) return {-0.5, double(axis.categories.size()) - 0.5};
    const bool log = axis.scale == AxisScale::Log10;
    double lo = HUGE_VAL, hi = -HUGE_VAL;
    auto take = [&](double v) {
        if (!std::isfinite(v) || (log && !(v > 0.0))) return;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    };
    bool labelled_tops = false;
    for (const auto& s : figure.series) {
        if (x_axis && s.kind == SeriesKind::HLine) continue;
        if (!x_axis && s.kind == SeriesKind::VLine) continue;
        if (s.kind == SeriesKind::HLine || s.kind == SeriesKind::VLine) {
            for (double v : x_axis ? s.x : s.y) take(v);
            continue;
        }
        const size_t n = std::min(s.x.size(), s.y.size());
        for (size_t i = 0; i < n; ++i) {
            if (x_axis) {
                if (s.kind == SeriesKind::Bars) {
                    take(s.x[i] - 0.5 * s.bar_width);
                    take(s.x[i] + 0.5 * s.bar_width);
                } else {
                    take(s.x[i]);
                }
                continue;
            }
            take(s.y[i]);
            if (s.kind == SeriesKind::Bars || s.kind == SeriesKind::Area)
                take(s.y_base.size() > i ? s.y_base[i] : (log ? HUGE_VAL : 0.0));
            if (i < s.point_labels.size() && !s.point_labels[i].empty()) labelled_tops = true;
        }
    }
    for (const auto& b : figure.bands)
        if (x_axis) {
            take(b.x0);
            take(b.x1);
        }
    for (const auto& a : figure.annotations) take(x_axis ? a.x : a.y);
    if (!(lo <= hi)) return log ? std::pair{1.0, 10.0} : std::pair{0.0, 1.0};
    if (log) {
        return {std::pow(10.0, std::floor(std::log10(lo) + 1e-12)),
                std::pow(10.0, std::ceil(std::log10(hi) - 1e-12))};
    }
    if (hi == lo) {
        const double d = lo == 0.0 ? 1.0 : 0.1 * std::fabs(lo);
        lo -= d;
        hi += d;
    }
    // Value labels sit above the bars: keep about a tenth of the height free for them.
    if (labelled_tops) hi += 0.1 * (hi - lo);
    const double step = nice_step(hi - lo, 5);
    return {std::floor(lo / step + 1e-9) * step, std::ceil(hi / step - 1e-9) * step};
}

ViewRange default_view(const Figure& figure) {
    ViewRange v{figure.x_axis.min, figure.x_axis.max, figure.y_axis.min, figure.y_axis.max};
    if (!(figure.x_axis.min < figure.x_axis.max)) std::tie(v.x0, v.x1) = fit_axis(figure, true);
    if (!(figure.y_axis.min < figure.y_axis.max)) std::tie(v.y0, v.y1) = fit_axis(figure, false);
    return v;
}

std::vector<Tick> category_ticks(const std::vector<std::string>& categories, double lo, double hi,
                                 float length, float size, bool horizontal,
                                 const TextMeasure& measure) {
    std::vector<Tick> ticks;
    if (categories.empty() || !(hi > lo)) return ticks;
    const long first = std::max(0L, long(std::ceil(lo - 1e-9)));
    const long last = std::min(long(categories.size()) - 1, long(std::floor(hi + 1e-9)));
    if (last < first) return ticks;
    const long count = last - first + 1;
    const double per = double(length) / (hi - lo);
    const float gap = 0.6f * size;
    const float min_room = measure("Wmm…", size).x;
    for (long stride = std::max(1L, (count + 9) / 10); stride <= count; ++stride) {
        const float room = float(per * double(stride)) - gap;
        ticks.clear();
        bool ok = true;
        for (long k = first; k <= last; ++k) {
            if ((k - first) % stride != 0) {
                ticks.push_back({double(k), "", false});
                continue;
            }
            const std::string& name = categories[size_t(k)];
            std::string label = name;
            if (horizontal) {
                if (measure(name, size).x > room) {
                    if (room < min_room && stride < count) {
                        ok = false;
                        break;
                    }
                    label = shorten_to_fit(name, size, std::max(1.0f, room), measure);
                }
            } else if (measure(name, size).y > room && stride < count) {
                ok = false;
                break;
            }
            ticks.push_back({double(k), label, true});
        }
        if (ok) return ticks;
    }
    return ticks;
}

PlotLayout layout_plot_axes(const Figure& figure, const ViewRange& view, Rect outer,
                            const PlotStyle& style, const TextMeasure& measure) {
    PlotLayout L;
    L.outer = outer;
    L.view = view;
    L.x_scale = figure.x_axis.scale;
    L.y_scale = figure.y_axis.scale;

    const float pad = style.padding;
    const float gap = 0.5f * style.font_size;
    const float tick_len = major_tick_length(style);
    const float title_h = figure.title.empty() ? 0.0f : measure(figure.title, style.title_size).y;
    const float ylabel_h =
        figure.y_axis.label.empty() ? 0.0f : measure(figure.y_axis.label, style.label_size).y;
    const float xlabel_h =
        figure.x_axis.label.empty() ? 0.0f : measure(figure.x_axis.label, style.label_size).y;
    const float tick_h = measure("0", style.font_size).y;

    const Vec2 reserve = style.reserve_top_right;
    const float title_row = std::max(title_h, reserve.y);
    const float top = outer.y0 + pad + (title_row > 0 ? title_row + gap : 0.0f) +
                      (ylabel_h > 0 ? ylabel_h + gap : 0.0f) + 0.5f * tick_h;
    if (reserve.x > 0.0f && reserve.y > 0.0f)
        L.reserved = {outer.x1 - pad - reserve.x, outer.y0 + pad, outer.x1 - pad,
                      outer.y0 + pad + reserve.y};
    const float bottom = outer.y1 - pad - (xlabel_h > 0 ? xlabel_h + gap : 0.0f) - tick_h -
                         tick_len - 0.5f * gap;
    const float plot_h = std::max(10.0f, bottom - top);
    // About one labelled tick per 3.2 text heights, at most 10 (1-2-5 steps can overshoot
    // the target by one, so ask for fewer until it holds).
    for (int t = std::clamp(int(plot_h / (3.2f * tick_h)), 2, 10); t >= 1; --t) {
        if (!figure.y_axis.categories.empty()) {
            L.y_ticks = category_ticks(figure.y_axis.categories, view.y0, view.y1, plot_h,
                                       style.font_size, false, measure);
            break;
        }
        L.y_ticks = axis_ticks(figure.y_axis, view.y0, view.y1, L.y_scale, t);
        const auto majors = std::count_if(L.y_ticks.begin(), L.y_ticks.end(),
                                          [](const Tick& k) { return k.major && !k.label.empty(); });
        if (majors <= 10) break;
    }
    const float ytick_w = widest_label(L.y_ticks, style.font_size, measure);

    const float left = outer.x0 + pad + ytick_w + tick_len + gap;
    const float right = outer.x1 - pad - 0.5f * measure("0.00", style.font_size).x;
    L.plot = {left, top, std::max(left + 10.0f, right), top + plot_h};

    const float sample_w = measure("0.000", style.font_size).x;
    auto make_x_ticks = [&](float width) {
        if (!figure.x_axis.categories.empty())
            return category_ticks(figure.x_axis.categories, view.x0, view.x1, width,
                                  style.font_size, true, measure);
        return fitting_x_ticks(figure.x_axis, view.x0, view.x1, L.x_scale, width,
                               std::max(2, int(width / (2.2f * sample_w))), style.font_size,
                               measure);
    };
    L.x_ticks = make_x_ticks(L.plot.width());
    if (title_h > 0) {
        // A title wider than its room is set smaller (down to tick size), then shortened
        // with "…" (the full text is kept for a tooltip).
        const float right_edge = L.reserved.width() > 0.0f ? L.reserved.x0 - gap : outer.x1 - pad;
        const float room = std::max(1.0f, right_edge - (outer.x0 + pad));
        const float full = measure(figure.title, style.title_size).x;
        L.title_size = full > room ? std::max(style.font_size, style.title_size * room / full)
                                   : style.title_size;
        L.title = shorten_to_fit(figure.title, L.title_size, room, measure);
        if (L.title != figure.title) L.title_full = figure.title;
        const float w = measure(L.title, L.title_size).x;
        const float centred = 0.5f * (L.plot.x0 + L.plot.x1) - 0.5f * w;
        L.title_pos = {std::clamp(centred, outer.x0 + pad, std::max(outer.x0 + pad, right_edge - w)),
                       outer.y0 + pad + 0.5f * (title_row - title_h)};
    }
    const float label_room = std::max(1.0f, outer.width() - 2.0f * pad);
    L.y_label = shorten_to_fit(figure.y_axis.label, style.label_size, label_room, measure);
    L.y_label_pos = {outer.x0 + pad, L.plot.y0 - 0.5f * tick_h - gap - ylabel_h};
    if (xlabel_h > 0) {
        L.x_label = shorten_to_fit(figure.x_axis.label, style.label_size, label_room, measure);
        const float w = measure(L.x_label, style.label_size).x;
        L.x_label_pos = {std::clamp(0.5f * (L.plot.x0 + L.plot.x1) - 0.5f * w, outer.x0 + pad,
                                    std::max(outer.x0 + pad, outer.x1 - pad - w)),
                         outer.y1 - pad - xlabel_h};
    }

    if (style.show_legend) {
        const float row_h = 1.35f * style.font_size;
        const float swatch = 2.0f * style.font_size;
        float text_w = 0.0f;
        for (size_t i = 0; i < figure.series.size(); ++i)
            if (!figure.series[i].name.empty())
                text_w = std::max(text_w, measure(figure.series[i].name, style.font_size).x);
        size_t rows = 0;
        for (const auto& s : figure.series) rows += !s.name.empty();
        if (rows > 0) {
            const float inner = 0.5f * gap;
            // Entries longer than the data area allows are shortened with "…".
            const float max_text = std::max(
                3.0f * style.font_size, L.plot.width() - 2.0f * gap - inner * 3 - swatch);
            text_w = std::min(text_w, max_text);
            const float w = inner * 3 + swatch + text_w;
            const float h = inner * 2 + row_h * float(rows);
            auto [box, hidden] = place_legend(figure, L, w, h, gap);
            // No corner is free of data: put the legend right of the axes, its entries
            // shortened so that the data area keeps at least 60% of its width.
            const float max_w = 0.4f * (L.plot.width() + gap);
            const float out_text_w = std::min(text_w, max_w - inner * 3 - swatch - gap);
            const float kept = L.plot.width() - (inner * 3 + swatch + out_text_w + gap);
            auto recentre = [&] {
                if (xlabel_h > 0) {
                    const float xw = measure(L.x_label, style.label_size).x;
                    L.x_label_pos.x = std::clamp(0.5f * (L.plot.x0 + L.plot.x1) - 0.5f * xw,
                                                 outer.x0 + pad,
                                                 std::max(outer.x0 + pad, outer.x1 - pad - xw));
                }
                if (title_h > 0) {
                    const float tw = measure(L.title, L.title_size).x;
                    const float right_edge =
                        L.reserved.width() > 0.0f ? L.reserved.x0 - gap : outer.x1 - pad;
                    L.title_pos.x = std::clamp(0.5f * (L.plot.x0 + L.plot.x1) - 0.5f * tw,
                                               outer.x0 + pad, std::max(outer.x0 + pad, right_edge - tw));
                }
            };
            // Below the axes: entries in as many columns as the figure's width holds.
            const float below_w = std::max(1.0f, outer.width() - 2.0f * pad);
            const float below_text_w =
                std::min(text_w, below_w - 2.0f * inner - (inner * 3 + swatch + gap));
            const float entry_w = inner * 3 + swatch + below_text_w + gap;
            const size_t cols = std::clamp(size_t(below_w / entry_w), size_t(1), rows);
            const size_t below_rows = (rows + cols - 1) / cols;
            const float below_h = inner * 2 + row_h * float(below_rows);
            // Only when the entries stay readable (4 em) and the data area keeps 60% of its
            // width and at least 12 em; otherwise below, or the least-covering corner stays.
            if (hidden > 0 && h <= L.plot.height() && out_text_w >= 4.0f * style.font_size &&
                kept >= 12.0f * style.font_size) {
                text_w = out_text_w;
                const float ow = inner * 3 + swatch + text_w;
                L.plot.x1 = std::max(L.plot.x0 + 10.0f, outer.x1 - pad - ow - gap);
                L.x_ticks = make_x_ticks(L.plot.width());
                box = {L.plot.x1 + gap, L.plot.y0, L.plot.x1 + gap + ow, L.plot.y0 + h};
                recentre();
            } else if (hidden > 0 && L.plot.height() - below_h - gap >= 5.0f * tick_h &&
                       below_text_w >= 4.0f * style.font_size) {
                text_w = below_text_w;
                const float lift = below_h + gap;
                L.plot.y1 -= lift;
                L.x_label_pos.y -= lift;
                for (int t = std::clamp(int(L.plot.height() / (3.2f * tick_h)), 2, 10); t >= 1;
                     --t) {
                    if (!figure.y_axis.categories.empty()) {
                        L.y_ticks = category_ticks(figure.y_axis.categories, view.y0, view.y1,
                                                   L.plot.height(), style.font_size, false,
                                                   measure);
                        break;
                    }
                    L.y_ticks = axis_ticks(figure.y_axis, view.y0, view.y1, L.y_scale, t);
                    const auto majors = std::count_if(
                        L.y_ticks.begin(), L.y_ticks.end(),
                        [](const Tick& k) { return k.major && !k.label.empty(); });
                    if (majors <= 10) break;
                }
                const float used_w = float(cols) * entry_w - gap + 2.0f * inner;
                const float x0 = std::clamp(0.5f * (L.plot.x0 + L.plot.x1) - 0.5f * used_w,
                                            outer.x0 + pad,
                                            std::max(outer.x0 + pad, outer.x1 - pad - used_w));
                box = {x0, outer.y1 - pad - below_h, x0 + used_w, outer.y1 - pad};
                L.legend = box;
                size_t n = 0;
                for (size_t i = 0; i < figure.series.size(); ++i) {
                    if (figure.series[i].name.empty()) continue;
                    const size_t c = n / below_rows, r = n % below_rows;
                    const float ex = box.x0 + inner + float(c) * entry_w;
                    const float ey = box.y0 + inner + float(r) * row_h;
                    L.legend_entries.push_back(
                        {i, {ex, ey, ex + entry_w - gap, ey + row_h},
                         shorten_to_fit(figure.series[i].name, style.font_size, text_w, measure)});
                    ++n;
                }
                return L;
            }
            L.legend = box;
            float y = L.legend.y0 + inner;
            for (size_t i = 0; i < figure.series.size(); ++i) {
                if (figure.series[i].name.empty()) continue;
                L.legend_entries.push_back(
                    {i, {L.legend.x0 + inner, y, L.legend.x1 - inner, y + row_h},
                     shorten_to_fit(figure.series[i].name, style.font_size, text_w, measure)});
                y += row_h;
            }
        }
    }
    return L;
}

// ---------------------------------------------------------------- [SECTION] Clipping

bool clip_segment(Vec2& a, Vec2& b, const Rect& r) {
    const double dx = double(b.x) - a.x, dy = double(b.y) - a.y;
    double t0 = 0.0, t1 = 1.0;
    const std::array<double, 4> p{-dx, dx, -dy, dy};
    const std::array<double, 4> q{double(a.x) - r.x0, double(r.x1) - a.x, double(a.y) - r.y0,
                                  double(r.y1) - a.y};
    for (size_t i = 0; i < 4; ++i) {
        if (p[i] == 0.0) {
            if (q[i] < 0.0) return false;
            continue;
        }
        const double t = q[i] / p[i];
        if (p[i] < 0.0) t0 = std::max(t0, t);
        else t1 = std::min(t1, t);
        if (t0 > t1) return false;
    }
    const Vec2 a0 = a;
    if (t1 < 1.0) b = {float(a0.x + t1 * dx), float(a0.y + t1 * dy)};
    if (t0 > 0.0) a = {float(a0.x + t0 * dx), float(a0.y + t0 * dy)};
    return true;
}

std::vector<std::vector<Vec2>> clip_series_to_plot(const Series& series,
                                                   const PlotLayout& layout) {
    std::vector<std::vector<Vec2>> lines;
    const Rect box{layout.plot.x0 - 1.0f, layout.plot.y0 - 1.0f, layout.plot.x1 + 1.0f,
                   layout.plot.y1 + 1.0f};
    const size_t n = std::min(series.x.size(), series.y.size());
    bool have_prev = false;
    Vec2 prev;
    for (size_t i = 0; i < n; ++i) {
        const Vec2 cur{layout.x_to_px(series.x[i]), layout.y_to_px(series.y[i])};
        if (std::isnan(cur.x) || std::isnan(cur.y)) {
            have_prev = false;
            continue;
        }
        if (have_prev) {
            Vec2 a = prev, b = cur;
            if (clip_segment(a, b, box)) {
                const bool continues = !lines.empty() && !lines.back().empty() &&
                                       lines.back().back() == a && a == prev;
                if (!continues) lines.push_back({a});
                lines.back().push_back(b);
            }
        }
        prev = cur;
        have_prev = true;
    }
    std::erase_if(lines, [](const auto& l) { return l.size() < 2; });
    return lines;
}

std::vector<std::vector<Vec2>> dash_polyline(std::span<const Vec2> line, float dash, float gap) {
    std::vector<std::vector<Vec2>> out;
    if (line.size() < 2 || dash <= 0.0f) return out;
    bool drawing = true;
    float left = dash;
    out.push_back({line[0]});
    for (size_t i = 1; i < line.size(); ++i) {
        Vec2 a = line[i - 1];
        const Vec2 b = line[i];
        float seg = std::hypot(b.x - a.x, b.y - a.y);
        while (seg > left) {
            const float t = left / seg;
            const Vec2 m{a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)};
            if (drawing) out.back().push_back(m);
            else out.push_back({m});
            drawing = !drawing;
            seg -= left;
            a = m;
            left = drawing ? dash : gap;
        }
        left -= seg;
        if (drawing) out.back().push_back(b);
    }
    std::erase_if(out, [](const auto& l) { return l.size() < 2; });
    return out;
}

} // namespace losslab::plot

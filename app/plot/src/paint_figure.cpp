#include "plot/painter.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

namespace losslab::plot {

namespace {

// Text boxes already placed in a figure; later text that would overlap one is moved or dropped.
struct Placed {
    std::vector<Rect> boxes;
    bool free(const Rect& r) const {
        for (const auto& b : boxes)
            if (std::min(r.x1, b.x1) - std::max(r.x0, b.x0) > 0.5f &&
                std::min(r.y1, b.y1) - std::max(r.y0, b.y0) > 0.5f)
                return false;
        return true;
    }
};

// With a thousandth of a pixel of slack: a box placed flush with an edge (x1 - width + width)
// may round past it.
bool inside(const Rect& r, const Rect& outer) {
    constexpr float e = 1e-3f;
    return r.x0 >= outer.x0 - e && r.y0 >= outer.y0 - e && r.x1 <= outer.x1 + e &&
           r.y1 <= outer.y1 + e;
}


void paint_grid(const PlotLayout& L, const PlotTheme& theme, float s, Painter& p) {
    for (const auto& t : L.x_ticks) {
        const float x = L.x_to_px(t.value);
        const Vec2 line[2] = {{x, L.plot.y0}, {x, L.plot.y1}};
        p.polyline(line, t.major ? theme.grid : theme.grid_minor, s, LineStyle::Solid);
    }
    for (const auto& t : L.y_ticks) {
        const float y = L.y_to_px(t.value);
        const Vec2 line[2] = {{L.plot.x0, y}, {L.plot.x1, y}};
        p.polyline(line, t.major ? theme.grid : theme.grid_minor, s, LineStyle::Solid);
    }
}

void paint_band(const Band& band, const PlotLayout& L, Painter& p) {
    const float x0 = std::clamp(L.x_to_px(band.x0), L.plot.x0, L.plot.x1);
    const float x1 = std::clamp(L.x_to_px(band.x1), L.plot.x0, L.plot.x1);
    if (x1 <= x0) return;
    p.rect_fill({x0, L.plot.y0, x1, L.plot.y1}, band.color);
}

// A band's label, centred at the top of the band when it fits and collides with nothing.
void paint_band_label(const Band& band, const PlotLayout& L, const PlotTheme& theme,
                      const PlotStyle& style, Painter& p, Placed& placed);

void paint_line(const Series& s, const PlotLayout& L, float scale, Painter& p) {
    for (const auto& line : clip_series_to_plot(s, L)) p.polyline(line, s.color, s.width * scale, s.style);
}

void paint_area(const Series& s, const PlotLayout& L, Painter& p) {
    const size_t n = std::min(s.x.size(), s.y.size());
    auto base = [&](size_t i) { return s.y_base.size() > i ? s.y_base[i] : 0.0; };
    auto clampy = [&](float y) { return std::clamp(y, L.plot.y0, L.plot.y1); };
    auto clampx = [&](float x) { return std::clamp(x, L.plot.x0, L.plot.x1); };
    for (size_t i = 1; i < n; ++i) {
        const float xa = clampx(L.x_to_px(s.x[i - 1])), xb = clampx(L.x_to_px(s.x[i]));
        const float ya = L.y_to_px(s.y[i - 1]), yb = L.y_to_px(s.y[i]);
        const float ba = L.y_to_px(base(i - 1)), bb = L.y_to_px(base(i));
        if (xb <= xa || std::isnan(ya) || std::isnan(yb) || std::isnan(ba) || std::isnan(bb))
            continue;
        const Vec2 quad[4] = {{xa, clampy(ya)}, {xb, clampy(yb)}, {xb, clampy(bb)}, {xa, clampy(ba)}};
        p.convex_fill(quad, s.color);
    }
}

void paint_bars(const Series& s, const PlotLayout& L, Painter& p) {
    const size_t n = std::min(s.x.size(), s.y.size());
    const double floor_value = L.y_scale == AxisScale::Log10 ? L.view.y0 : 0.0;
    for (size_t i = 0; i < n; ++i) {
        if (!std::isfinite(s.y[i])) continue;
        const double base = s.y_base.size() > i ? s.y_base[i] : floor_value;
        float x0 = L.x_to_px(s.x[i] - 0.5 * s.bar_width), x1 = L.x_to_px(s.x[i] + 0.5 * s.bar_width);
        float y0 = L.y_to_px(s.y[i]), y1 = L.y_to_px(base);
        if (y0 > y1) std::swap(y0, y1);
        const Rect r{std::max(x0, L.plot.x0), std::max(y0, L.plot.y0), std::min(x1, L.plot.x1),
                     std::min(y1, L.plot.y1)};
        if (r.x1 > r.x0 && r.y1 > r.y0) p.rect_fill(r, s.color);
    }
}

void paint_markers(const Series& s, const PlotLayout& L, float scale, Painter& p) {
    const size_t n = std::min(s.x.size(), s.y.size());
    for (size_t i = 0; i < n; ++i) {
        const Vec2 c{L.x_to_px(s.x[i]), L.y_to_px(s.y[i])};
        if (L.plot.contains(c)) p.circle_fill(c, s.marker_radius * scale, s.color);
    }
}

void paint_rules(const Series& s, const PlotLayout& L, float scale, Painter& p) {
    const auto& values = s.kind == SeriesKind::VLine ? s.x : s.y;
    for (double v : values) {
        if (!std::isfinite(v)) continue;
        Vec2 line[2];
        if (s.kind == SeriesKind::VLine) {
            const float x = L.x_to_px(v);
            if (x < L.plot.x0 || x > L.plot.x1) continue;
            line[0] = {x, L.plot.y0};
            line[1] = {x, L.plot.y1};
        } else {
            const float y = L.y_to_px(v);
            if (y < L.plot.y0 || y > L.plot.y1) continue;
            line[0] = {L.plot.x0, y};
            line[1] = {L.plot.x1, y};
        }
        p.polyline(line, s.color, s.width * scale, s.style);
    }
}

void paint_polygons(const Series& s, const PlotLayout& L, float scale, Painter& p) {
    std::vector<Vec2> pts;
    for (const auto& poly : s.polygons) {
        const size_t n = std::min(poly.x.size(), poly.y.size());
        if (n < 2) continue;
        pts.clear();
        bool finite = true;
        for (size_t i = 0; i < n; ++i) {
            pts.push_back({L.x_to_px(poly.x[i]), L.y_to_px(poly.y[i])});
            finite = finite && std::isfinite(pts.back().x) && std::isfinite(pts.back().y);
        }
        if (!finite) continue;
        const Rgba fill = poly.use_series_color ? s.color : poly.fill;
        if (fill.a > 0 && n >= 3) p.convex_fill(pts, fill);
        if (poly.edge.a > 0) {
            if (n >= 3) pts.push_back(pts.front());
            p.polyline(pts, poly.edge, poly.edge_width * scale, LineStyle::Solid);
        }
    }
}

// One rectangle per cell, coloured by viridis over the image's range; cells outside the data
// area are skipped.
void paint_image(const Series& s, const PlotLayout& L, Painter& p) {
    const Image& im = s.image;
    if (im.rows == 0 || im.cols == 0 || im.values.size() < im.rows * im.cols) return;
    const auto [lo, hi] = image_range(im);
    std::vector<float> xs(im.cols + 1), ys(im.rows + 1);
    for (size_t c = 0; c <= im.cols; ++c)
        xs[c] = L.x_to_px(im.x0 + (im.x1 - im.x0) * double(c) / double(im.cols));
    for (size_t r = 0; r <= im.rows; ++r)
        ys[r] = L.y_to_px(im.y0 + (im.y1 - im.y0) * double(r) / double(im.rows));
    for (size_t r = 0; r < im.rows; ++r) {
        const float y0 = std::min(ys[r], ys[r + 1]), y1 = std::max(ys[r], ys[r + 1]);
        if (y1 < L.plot.y0 || y0 > L.plot.y1) continue;
        for (size_t c = 0; c < im.cols; ++c) {
            const float x0 = std::min(xs[c], xs[c + 1]), x1 = std::max(xs[c], xs[c + 1]);
            if (x1 < L.plot.x0 || x0 > L.plot.x1) continue;
            const double v = im.values[r * im.cols + c];
            if (!std::isfinite(v)) continue;
            // Half a pixel of overlap with the next cell: no anti-aliased seams between cells.
            p.rect_fill({x0, y0, x1 + 0.5f, y1 + 0.5f},
                        viridis(std::clamp((v - lo) / (hi - lo), 0.0, 1.0)));
        }
    }
}

// The colour bar right of the axes: the colour map bottom (lo) to top (hi), ticks, label.
void paint_colorbar(const PlotLayout& L, const PlotTheme& theme, const PlotStyle& style,
                    Painter& p) {
    if (L.colorbar.width() <= 0.0f || L.colorbar.height() <= 0.0f) return;
    const Rect& b = L.colorbar;
    const int steps = std::clamp(int(b.height() / 3.0f), 8, 128);
    for (int i = 0; i < steps; ++i) {
        const float y0 = b.y1 - b.height() * float(i + 1) / float(steps);
        const float y1 = b.y1 - b.height() * float(i) / float(steps);
        p.rect_fill({b.x0, y0, b.x1, y1 + 0.5f}, viridis((i + 0.5) / steps));
    }
    const float s = style.stroke_scale;
    p.rect_outline(b, theme.frame, 1.0f * s);
    const float tick_len = 0.8f * major_tick_length(style);
    p.set_text_role("colorbar-tick");
    for (const auto& t : L.colorbar_ticks) {
        const double f = (t.value - L.colorbar_lo) / (L.colorbar_hi - L.colorbar_lo);
        if (!(f >= -1e-9 && f <= 1.0 + 1e-9)) continue;
        const float y = b.y1 - float(f) * b.height();
        const Vec2 line[2] = {{b.x1, y}, {b.x1 + tick_len, y}};
        p.polyline(line, theme.frame, tick_line_width(style), LineStyle::Solid);
        const Vec2 ts = p.measure(t.label, style.font_size);
        const float ty = std::clamp(y - 0.5f * ts.y, L.outer.y0, L.outer.y1 - ts.y);
        p.text({b.x1 + tick_len + 3.0f, ty}, t.label, style.font_size, theme.text);
    }
    if (!L.colorbar_label.empty()) {
        p.set_text_role("colorbar-label");
        p.text(L.colorbar_label_pos, L.colorbar_label, style.font_size, theme.text);
    }
}

void paint_notes(const PlotLayout& L, const PlotTheme& theme, Painter& p) {
    if (L.notes.empty()) return;
    p.set_text_role("note");
    for (const auto& [text, pos] : L.notes) p.text(pos, text, L.notes_size, theme.text);
}

// The series' point labels: centred above bars, to the upper right of other points. A label
// that would overlap text already placed, or leave the data area, is dropped.
void paint_point_labels(const Series& s, const PlotLayout& L, const PlotTheme& theme,
                        const PlotStyle& style, Painter& p, Placed& placed) {
    const size_t n = std::min({s.x.size(), s.y.size(), s.point_labels.size()});
    const float size = 0.9f * style.font_size;
    p.set_text_role("point-label");
    for (size_t i = 0; i < n; ++i) {
        if (s.point_labels[i].empty() || !std::isfinite(s.y[i])) continue;
        const Vec2 at{L.x_to_px(s.x[i]), L.y_to_px(s.y[i])};
        if (!L.plot.contains(at)) continue;
        const Vec2 ts = p.measure(s.point_labels[i], size);
        const Vec2 pos = s.kind == SeriesKind::Bars
                             ? Vec2{at.x - 0.5f * ts.x, std::max(L.plot.y0, at.y - ts.y - 2.0f)}
                             : Vec2{at.x + 5.0f, at.y - ts.y - 2.0f};
        const Rect box{pos.x, pos.y, pos.x + ts.x, pos.y + ts.y};
        if (!inside(box, L.plot) || !placed.free(box)) continue;
        placed.boxes.push_back(box);
        p.text(pos, s.point_labels[i], size, theme.text);
    }
}

void paint_band_label(const Band& band, const PlotLayout& L, const PlotTheme& theme,
                      const PlotStyle& style, Painter& p, Placed& placed) {
    if (band.label.empty()) return;
    const float x0 = std::clamp(L.x_to_px(band.x0), L.plot.x0, L.plot.x1);
    const float x1 = std::clamp(L.x_to_px(band.x1), L.plot.x0, L.plot.x1);
    const Vec2 size = p.measure(band.label, style.font_size);
    if (size.x >= x1 - x0 - 8.0f) return;
    const Vec2 pos{0.5f * (x0 + x1) - 0.5f * size.x, L.plot.y0 + 6.0f};
    const Rect box{pos.x, pos.y, pos.x + size.x, pos.y + size.y};
    if (!inside(box, L.plot) || !placed.free(box)) return;
    placed.boxes.push_back(box);
    p.set_text_role("band-label");
    p.text(pos, band.label, style.font_size, theme.text_muted);
}

void paint_series(const Series& s, const PlotLayout& L, const PlotTheme& theme,
                  const PlotStyle& style, Painter& p) {
    const float scale = style.stroke_scale * theme.line_scale;
    switch (s.kind) {
    case SeriesKind::Line: paint_line(s, L, scale, p); break;
    case SeriesKind::Markers: paint_markers(s, L, scale, p); break;
    case SeriesKind::Area: paint_area(s, L, p); break;
    case SeriesKind::Bars: paint_bars(s, L, p); break;
    case SeriesKind::VLine:
    case SeriesKind::HLine: paint_rules(s, L, scale, p); break;
    case SeriesKind::Polygons: paint_polygons(s, L, scale, p); break;
    case SeriesKind::Image: paint_image(s, L, p); break;
    }
}

void paint_axes(const PlotLayout& L, const PlotTheme& theme, const PlotStyle& style, Painter& p,
                Placed& placed, bool frame) {
    // Every text drawn here is recorded so later text (annotations, value labels) avoids it.
    auto put = [&](Vec2 pos, const std::string& text, float size) {
        const Vec2 ts = p.measure(text, size);
        placed.boxes.push_back({pos.x, pos.y, pos.x + ts.x, pos.y + ts.y});
        p.text(pos, text, size, theme.text);
    };
    const float s = style.stroke_scale;
    const float tick_len = major_tick_length(style);
    const float tick_w = tick_line_width(style);
    if (frame) p.rect_outline(L.plot, theme.frame, 1.0f * s);
    for (const auto& t : L.y_ticks) {
        const float y = L.y_to_px(t.value);
        const float len = t.major ? tick_len : 0.6f * tick_len;
        const Vec2 line[2] = {{L.plot.x0 - len, y}, {L.plot.x0, y}};
        p.polyline(line, theme.frame, tick_w, LineStyle::Solid);
        if (t.label.empty()) continue;
        const Vec2 size = p.measure(t.label, style.font_size);
        p.set_text_role("y-tick");
        put({L.plot.x0 - tick_len - 3.0f * s - size.x, y - 0.5f * size.y}, t.label,
            style.font_size);
    }
    for (const auto& t : L.x_ticks) {
        const float x = L.x_to_px(t.value);
        const float len = t.major ? tick_len : 0.6f * tick_len;
        const Vec2 line[2] = {{x, L.plot.y1}, {x, L.plot.y1 + len}};
        p.polyline(line, theme.frame, tick_w, LineStyle::Solid);
        if (t.label.empty()) continue;
        const Vec2 size = p.measure(t.label, style.font_size);
        const Vec2 pos{x - 0.5f * size.x, L.plot.y1 + tick_len + 2.0f * s};
        // The first x label can reach under the lowest y label at the corner: dropped then.
        if (!placed.free({pos.x, pos.y, pos.x + size.x, pos.y + size.y})) continue;
        p.set_text_role("x-tick");
        put(pos, t.label, style.font_size);
    }
    p.set_text_role("title");
    if (!L.title.empty()) put(L.title_pos, L.title, L.title_size);
    p.set_text_role("x-label");
    if (!L.x_label.empty()) put(L.x_label_pos, L.x_label, style.label_size);
    p.set_text_role("y-label");
    if (!L.y_label.empty()) put(L.y_label_pos, L.y_label, style.label_size);
}

void paint_arrow(Vec2 from, Vec2 to, Rgba color, float s, Painter& p) {
    const Vec2 line[2] = {from, to};
    p.polyline(line, color, 1.5f * s, LineStyle::Solid);
    const float dx = to.x - from.x, dy = to.y - from.y;
    const float len = std::hypot(dx, dy);
    if (len < 1.0f) return;
    const float ux = dx / len, uy = dy / len, head = 9.0f * s;
    const Vec2 tri[3] = {to,
                         {to.x - head * ux + 0.5f * head * uy, to.y - head * uy - 0.5f * head * ux},
                         {to.x - head * ux - 0.5f * head * uy, to.y - head * uy + 0.5f * head * ux}};
    p.convex_fill(tri, color);
}

// Annotations at their data position; one that would overlap text already placed (or the
// legend) moves aside, down or up in steps of its height, and gets a leader line back to its
// anchor; one with no free place inside the data area is dropped.
void paint_annotations(const Figure& fig, const PlotLayout& L, const PlotTheme& theme,
                       const PlotStyle& style, Painter& p, Placed& placed) {
    p.set_text_role("annotation");
    for (const auto& a : fig.annotations) {
        const Rgba color = a.color.a == 0 ? theme.text : a.color;
        const Vec2 size = p.measure(a.text, style.font_size);
        const Vec2 anchor{L.x_to_px(a.x) - a.align_x * size.x, L.y_to_px(a.y) - a.align_y * size.y};
        if (!std::isfinite(anchor.x) || !std::isfinite(anchor.y)) continue;
        std::optional<Vec2> pos;
        for (int k = 0; k < 24 && !pos; ++k) {
            const float dy = float((k + 1) / 2) * (size.y + 2.0f) * (k % 2 ? 1.0f : -1.0f);
            Vec2 q{std::clamp(anchor.x, L.plot.x0, std::max(L.plot.x0, L.plot.x1 - size.x)),
                   anchor.y + dy};
            if (k == 0) q = anchor;
            const Rect box{q.x, q.y, q.x + size.x, q.y + size.y};
            if (inside(box, L.plot) && placed.free(box)) pos = q;
        }
        if (!pos) continue;
        placed.boxes.push_back({pos->x, pos->y, pos->x + size.x, pos->y + size.y});
        const bool moved = !(*pos == anchor);
        if (a.arrow || moved) {
            const Vec2 tip = a.arrow ? Vec2{L.x_to_px(a.arrow_x), L.y_to_px(a.arrow_y)}
                                     : Vec2{L.x_to_px(a.x), L.y_to_px(a.y)};
            // Start the arrow at the edge of the text box nearest the tip.
            const Vec2 from{std::clamp(tip.x, pos->x, pos->x + size.x),
                            std::clamp(tip.y, pos->y, pos->y + size.y)};
            if (L.plot.contains(tip)) {
                if (a.arrow) paint_arrow(from, tip, color, style.stroke_scale, p);
                else {
                    const Vec2 leader[2] = {from, tip};
                    p.polyline(leader, with_alpha(color, 0.6f), 1.0f * style.stroke_scale,
                               LineStyle::Solid);
                }
            }
        }
        p.text(*pos, a.text, style.font_size, color);
    }
}

void paint_legend(const Figure& fig, const PlotLayout& L, const PlotTheme& theme,
                  const PlotStyle& style, Painter& p) {
    if (L.legend_entries.empty()) return;
    p.rect_fill(L.legend, theme.legend_background);
    p.rect_outline(L.legend, theme.legend_border, 1.0f * style.stroke_scale);
    const float swatch = 2.0f * style.font_size;
    for (const auto& e : L.legend_entries) {
        const Series& s = fig.series[e.series];
        const Rgba color = s.visible ? readable_on(s.color, theme.plot_background)
                                     : with_alpha(theme.text_muted, 0.5f);
        const float cy = 0.5f * (e.row.y0 + e.row.y1);
        const float x0 = e.row.x0, x1 = e.row.x0 + swatch;
        if (s.kind == SeriesKind::Bars || s.kind == SeriesKind::Area ||
            s.kind == SeriesKind::Polygons || s.kind == SeriesKind::Image) {
            p.rect_fill({x0, cy - 0.3f * style.font_size, x1, cy + 0.3f * style.font_size},
                        color);
        } else if (s.kind == SeriesKind::Markers) {
            p.circle_fill({0.5f * (x0 + x1), cy}, s.marker_radius * style.stroke_scale, color);
        } else {
            const Vec2 line[2] = {{x0, cy}, {x1, cy}};
            p.polyline(line, color, s.width * style.stroke_scale * theme.line_scale, s.style);
        }
        const Vec2 size = p.measure(e.text, style.font_size);
        p.set_text_role("legend");
        p.text({x1 + 0.5f * style.font_size * 0.5f + 2.0f, cy - 0.5f * size.y}, e.text,
               style.font_size, s.visible ? theme.text : theme.text_muted);
    }
}

} // namespace

void paint_figure(const Figure& figure, const PlotLayout& layout, const PlotTheme& theme,
                  const PlotStyle& style, Painter& painter) {
    // Nothing of a figure may spill onto its neighbours (long titles, wide legends).
    painter.push_clip(layout.outer);
    painter.rect_fill(layout.outer, theme.background);
    if (!figure.hide_axes) painter.rect_fill(layout.plot, theme.plot_background);
    painter.push_clip(layout.plot);
    if (!figure.hide_axes) paint_grid(layout, theme, style.stroke_scale, painter);
    for (const auto& band : figure.bands) paint_band(band, layout, painter);
    for (const auto& s : figure.series) {
        if (!s.visible) continue;
        painter.begin_group(s.name);
        // Every opaque series stays readable on the theme's plot background (3:1); the copy
        // is made only for the few colours that need it.
        const Rgba readable = readable_on(s.color, theme.plot_background);
        if (readable == s.color) {
            paint_series(s, layout, theme, style, painter);
        } else {
            Series shown = s;
            shown.color = readable;
            paint_series(shown, layout, theme, style, painter);
        }
        painter.end_group();
    }
    painter.pop_clip();
    Placed placed;
    if (!layout.legend_entries.empty()) placed.boxes.push_back(layout.legend);
    if (layout.reserved.width() > 0.0f) placed.boxes.push_back(layout.reserved);
    paint_axes(layout, theme, style, painter, placed, !figure.hide_axes);
    painter.push_clip(layout.plot);
    paint_annotations(figure, layout, theme, style, painter, placed);
    for (const auto& band : figure.bands) paint_band_label(band, layout, theme, style, painter, placed);
    for (const auto& s : figure.series)
        if (s.visible && !s.point_labels.empty())
            paint_point_labels(s, layout, theme, style, painter, placed);
    painter.pop_clip();
    paint_legend(figure, layout, theme, style, painter);
    paint_colorbar(layout, theme, style, painter);
    paint_notes(layout, theme, painter);
    painter.pop_clip();
}

PlotLayout paint_figure_at_default_view(const Figure& figure, Rect outer, const PlotTheme& theme,
                                        const PlotStyle& style, Painter& painter) {
    const TextMeasure measure = [&](std::string_view t, float size) {
        return painter.measure(t, size);
    };
    PlotLayout layout = layout_plot(figure, default_view(figure), outer, style, measure);
    paint_figure(figure, layout, theme, style, painter);
    return layout;
}

} // namespace losslab::plot

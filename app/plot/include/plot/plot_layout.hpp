#pragma once
// The pure part of the plot widget: tick choice, number formatting, the layout of a figure
// in a pixel rectangle (margins, title, axis labels, legend box) and the data-to-pixel
// mapping, plus clipping of series to the data area. Screen and export share all of it.
//
// [SECTION] Geometry        Vec2, Rect, ViewRange
// [SECTION] Ticks           nice_ticks, log_ticks, format_tick, format_value
// [SECTION] Layout          PlotStyle, PlotLayout, layout_plot, default_view
// [SECTION] Clipping        clip_series_to_plot, dash_polyline

#include "plot/figure.hpp"

#include <functional>
#include <utility>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace losslab::plot {

// ---------------------------------------------------------------- [SECTION] Geometry
// A point in pixels (y grows downwards, as on screen and in SVG).
struct Vec2 {
    float x = 0.0f, y = 0.0f;
    bool operator==(const Vec2&) const = default;
};

// A pixel rectangle from (x0, y0) top-left to (x1, y1) bottom-right.
struct Rect {
    float x0 = 0.0f, y0 = 0.0f, x1 = 0.0f, y1 = 0.0f;
    float width() const { return x1 - x0; }
    float height() const { return y1 - y0; }
    bool contains(Vec2 p) const { return p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1; }
    bool operator==(const Rect&) const = default;
};

// The visible data range on both axes (x0 < x1, y0 < y1; positive for log axes).
struct ViewRange {
    double x0 = 0.0, x1 = 1.0, y0 = 0.0, y1 = 1.0;
    bool operator==(const ViewRange&) const = default;
};

// ---------------------------------------------------------------- [SECTION] Ticks
// One tick: its value, its label (empty for minor ticks), and whether it is major.
struct Tick {
    double value = 0.0;
    std::string label;
    bool major = true;
};

// Ticks at 1-2-5 multiples of a power of ten covering [lo, hi], about `target` of them;
// labels formatted consistently for the step (format_tick).
std::vector<Tick> nice_ticks(double lo, double hi, int target);

// Ticks for a log10 axis over [lo, hi] (lo > 0): majors at powers of ten (thinned when there
// are many decades), minors at 2..9 times each power when few decades are shown.
std::vector<Tick> log_ticks(double lo, double hi, int target);

// The label of a linear tick at `value` for a tick spacing `step`: fixed with just enough
// decimals for the step, or scientific ("2.5e-07") for very small or very large values.
std::string format_tick(double value, double step);

// A value for a readout: `digits` significant digits (default 6), scientific outside
// [1e-4, 1e6); "∞"/"−∞" for infinities and "undefined" for NaN (never shown as "nan").
std::string format_value(double value, int digits = 6);

// ---------------------------------------------------------------- [SECTION] Layout
// Sizes of the plot's text and decorations, in pixels (already multiplied by the DPI scale).
struct PlotStyle {
    // Tick labels, legend entries and annotations. Default 15.
    float font_size = 15.0f;
    // Axis labels. Default 16.
    float label_size = 16.0f;
    // The title. Default 19.
    float title_size = 19.0f;
    // Multiplies strokes and markers (DPI scale times the theme's line_scale). Default 1.
    float stroke_scale = 1.0f;
    // Padding around the figure. Default 10.
    float padding = 10.0f;
    // Major tick length in pixels (minor ticks 0.6 of it; colour-bar ticks 0.8); <= 0: 5 x
    // stroke_scale. Exports in print style set it from points. Default 0.
    float tick_length = 0.0f;
    // Width of tick lines in pixels; <= 0: stroke_scale. Default 0.
    float tick_width = 0.0f;
    // Whether the legend is laid out and drawn. Default true.
    bool show_legend = true;
    // A box kept free at the figure's top-right corner, in the title row (e.g. the widget's
    // Export… button). Default none.
    Vec2 reserve_top_right{0.0f, 0.0f};
};

// The major tick length of `style` in pixels (its tick_length, else 5 x stroke_scale).
inline float major_tick_length(const PlotStyle& style) {
    return style.tick_length > 0.0f ? style.tick_length : 5.0f * style.stroke_scale;
}

// The tick line width of `style` in pixels (its tick_width, else stroke_scale).
inline float tick_line_width(const PlotStyle& style) {
    return style.tick_width > 0.0f ? style.tick_width : style.stroke_scale;
}

// Measures text at a font size: returns its width and height in pixels.
using TextMeasure = std::function<Vec2(std::string_view text, float size)>;

// One legend entry: which series, its row in pixels, its text.
struct LegendEntry {
    size_t series = 0;
    Rect row;
    std::string text;
};

// Everything a painter needs to place a figure in a rectangle.
struct PlotLayout {
    // The whole figure and its data area.
    Rect outer;
    Rect plot;
    ViewRange view;
    AxisScale x_scale = AxisScale::Linear;
    AxisScale y_scale = AxisScale::Linear;
    std::vector<Tick> x_ticks;
    std::vector<Tick> y_ticks;
    // Top-left corners of the title, x-axis label and y-axis label (above the y axis).
    Vec2 title_pos;
    // The title's font size: the style's, or smaller when the title would not fit.
    float title_size = 0.0f;
    // The title as drawn (shortened with "…" when it does not fit even at the smaller size),
    // and the full title when it was shortened (for a tooltip), else empty.
    std::string title;
    std::string title_full;
    // The room kept free for style.reserve_top_right (empty when none was asked for).
    Rect reserved;
    Vec2 x_label_pos;
    Vec2 y_label_pos;
    // The axis labels as drawn (shortened with "…" when wider than the figure).
    std::string x_label;
    std::string y_label;
    // The legend box (empty when there is no legend) and its rows.
    Rect legend;
    std::vector<LegendEntry> legend_entries;
    // The figure's notes as wrapped lines below the plot: each line's text and top-left
    // corner, at font size `notes_size` (empty when the figure has no notes).
    std::vector<std::pair<std::string, Vec2>> notes;
    float notes_size = 0.0f;
    // The colour bar of an Image series right of the data area (empty when none), its value
    // range, ticks (value, label) and the label's top-left corner (above the bar).
    Rect colorbar;
    double colorbar_lo = 0.0, colorbar_hi = 1.0;
    std::vector<Tick> colorbar_ticks;
    std::string colorbar_label;
    Vec2 colorbar_label_pos;

    // Data to pixels and back, for the view's scales. Log axes map non-positive values to
    // -infinity (pixel far below the axis), which clipping then handles.
    float x_to_px(double x) const;
    float y_to_px(double y) const;
    double px_to_x(float px) const;
    double px_to_y(float py) const;
};

// `text` shortened at a character boundary and ended with "…" so that it is at most `room`
// pixels wide at font size `size` (unchanged when it fits).
std::string shorten_to_fit(const std::string& text, float size, float room,
                           const TextMeasure& measure);

// The view a figure opens with: its axes' default ranges, an axis with min == max fitted to
// the data (fit_axis).
ViewRange default_view(const Figure& figure);

// The range of the x (`x_axis` true) or y axis that holds every series (bars whole, with room
// for their value labels), band and annotation, widened to multiples of a 1-2-5 tick step
// (decades on a log axis); a categorical x axis spans its categories ±0.5.
std::pair<double, double> fit_axis(const Figure& figure, bool x_axis);

// Ticks of a categorical axis over [lo, hi]: one per category at its index, labelled with its
// name; every n-th only (at most 10) when the names would not fit `length` pixels, names
// shortened with "…" to the room between ticks.
std::vector<Tick> category_ticks(const std::vector<std::string>& categories, double lo, double hi,
                                 float length, float size, bool horizontal,
                                 const TextMeasure& measure);

// Lays out `figure` inside `outer` for the visible range `view`: notes below, a colour bar
// right of the axes, hidden axes and equal aspect (plot_layout_extras.cpp) around the axes'
// layout (layout_plot_axes).
PlotLayout layout_plot(const Figure& figure, const ViewRange& view, Rect outer,
                       const PlotStyle& style, const TextMeasure& measure);

// The axes' part of layout_plot: title, ticks, labels and legend inside `outer`.
PlotLayout layout_plot_axes(const Figure& figure, const ViewRange& view, Rect outer,
                            const PlotStyle& style, const TextMeasure& measure);

// The value range an Image series' colours span: its lo and hi, or its finite values' min and
// max when those are NaN (0..1 when there are none; hi > lo always).
std::pair<double, double> image_range(const Image& image);

// `text` broken at spaces into lines at most `room` pixels wide at font size `size` (a word
// wider than the room is shortened with "…").
std::vector<std::string> wrap_text(const std::string& text, float size, float room,
                                   const TextMeasure& measure);

// ---------------------------------------------------------------- [SECTION] Clipping
// The pixel polylines of a Line series inside the data area: NaN breaks the line, ±∞ and
// values far outside the view are cut exactly at the area's edge (never a garbage vertex).
std::vector<std::vector<Vec2>> clip_series_to_plot(const Series& series,
                                                   const PlotLayout& layout);

// Clips the segment a-b to `r` (Liang-Barsky); false when nothing of it is inside.
bool clip_segment(Vec2& a, Vec2& b, const Rect& r);

// Splits a polyline into dashes of `dash` pixels separated by `gap` pixels.
std::vector<std::vector<Vec2>> dash_polyline(std::span<const Vec2> line, float dash, float gap);

} // namespace losslab::plot

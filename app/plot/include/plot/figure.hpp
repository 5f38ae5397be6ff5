#pragma once
// Figure: what a plot shows, as plain data (title, axes, series, bands, annotations). Built
// by the pure figure builders from a lab's state; drawn on screen by the ImDrawList painter
// and exported by the SVG/PNG/CSV writers. Nothing here knows about ImGui or GL.

#include "plot/color.hpp"

#include <cmath>
#include <functional>
#include <string>
#include <vector>

namespace losslab::plot {

// How an axis maps data to pixels.
enum class AxisScale { Linear, Log10 };

// How a line is stroked.
enum class LineStyle { Solid, Dashed, Dotted };

// What a series draws.
enum class SeriesKind {
    Line,    // a polyline through (x, y)
    Markers, // a disc at each (x, y)
    Area,    // the region between y and `y_base` (or 0), over x
    Bars,    // a bar from 0 to y at each x, `bar_width` wide in data units
    VLine,   // a vertical line at each x (y ignored)
    HLine,   // a horizontal line at each y (x ignored)
    Polygons, // filled, outlined polygons in data units (`polygons`; x and y unused)
    Image,    // a rows x cols grid of values as viridis cells with a colour bar (`image`)
};

// One convex polygon in data units (a non-convex shape is given as convex pieces), filled and
// outlined. Two vertices make a segment (its edge only).
struct Polygon {
    std::vector<double> x;
    std::vector<double> y;
    // Default: the series' colour.
    Rgba fill = {0, 0, 0, 0};
    bool use_series_color = true;
    // Default: no outline (alpha 0).
    Rgba edge = {0, 0, 0, 0};
    // Outline width in points. Default 1.
    float edge_width = 1.0f;
};

// A grid of values drawn as cells coloured by the viridis map over [lo, hi], with a colour
// bar the layout places right of the axes. Row 0 is the bottom row (at y0).
struct Image {
    size_t rows = 0;
    size_t cols = 0;
    // rows x cols values, row-major. NaN cells are left empty.
    std::vector<double> values;
    // The data rectangle the grid covers. Default the unit square.
    double x0 = 0.0, x1 = 1.0, y0 = 0.0, y1 = 1.0;
    // The value range mapped to the colour map; NaN: the values' min and max.
    double lo = std::nan(""), hi = std::nan("");
    // The colour bar's label ("mean"). Default empty.
    std::string colorbar_label;
};

// One axis: label, default range, scale.
struct Axis {
    // Label, Greek letters and subscripts allowed: "p_t (probability of the true class)".
    std::string label;
    // The default view range (the view returns here on reset). Default 0..1. When min ==
    // max the range is fitted to the data with nice bounds (fit_axis in plot_layout.hpp); a
    // categorical axis then spans its categories.
    double min = 0.0;
    double max = 1.0;
    // Default: linear.
    AxisScale scale = AxisScale::Linear;
    // Category names for a categorical axis: category k sits at the value k and is labelled
    // with its name instead of numeric ticks ("class 0", "CE"). Default empty (numeric axis).
    std::vector<std::string> categories{};
    // Values of labelled ticks chosen by the figure (labelled with format_value), instead of
    // the automatic ones: e.g. 1, 2, 4, ..., 64 on a log axis of batch sizes. Values outside
    // the view are skipped. Default empty (automatic ticks).
    std::vector<double> ticks{};
};

// An axis fitted to the data (min == max == 0), optionally with category names.
inline Axis fitted_axis(std::string label, AxisScale scale = AxisScale::Linear,
                        std::vector<std::string> categories = {}) {
    return {std::move(label), 0.0, 0.0, scale, std::move(categories)};
}

// One data series.
struct Series {
    // Legend text (empty: not in the legend). Default empty.
    std::string name;
    // Stable identity, independent of the (possibly changing) legend text: what the legend's
    // show/hide toggles are keyed by. Default empty (the name is used).
    std::string id;
    // Default: a line.
    SeriesKind kind = SeriesKind::Line;
    std::vector<double> x;
    std::vector<double> y;
    // For Area and Bars: the lower boundary per x (empty means 0), e.g. for stacked bars.
    // Default empty.
    std::vector<double> y_base;
    // Text drawn at each point (above a bar, beside a marker), e.g. the bar's value. Empty
    // strings are skipped. Default none.
    std::vector<std::string> point_labels;
    // Default: Okabe-Ito blue.
    Rgba color = okabe_ito(0);
    // Stroke width in points (scaled by the painter's DPI factor). Default 2.5.
    float width = 2.5f;
    // Default: solid.
    LineStyle style = LineStyle::Solid;
    // Marker radius in points for Markers. Default 4.
    float marker_radius = 4.0f;
    // Bar width in data units for Bars. Default 0.8.
    double bar_width = 0.8;
    // For Polygons: the polygons, drawn in order. Default none.
    std::vector<Polygon> polygons;
    // For Image: the grid. Default empty.
    Image image;
    // Whether it is drawn; the legend toggles it. Default true.
    bool visible = true;
    // The exact function behind the samples, for hover readouts at any x (from the core).
    // Empty for data that has no underlying function.
    std::function<double(double)> exact;
    // The x range where `exact` may be called (its domain); outside it a readout shows no
    // value. Default: all x.
    double exact_min = -HUGE_VAL, exact_max = HUGE_VAL;
    // True when y was computed for drawing by a batched (SIMD) kernel, within a few ulp of
    // `exact` rather than faithfully rounded: files of numbers (CSV) then write exact(x) for
    // each sample instead. Default false.
    bool y_for_drawing = false;
};

// The key a series is known by for show/hide: its id, or its name when it has no id.
inline const std::string& series_key(const Series& s) { return s.id.empty() ? s.name : s.id; }

// A shaded x-range behind the data, with an optional label ("well-classified examples").
struct Band {
    double x0 = 0.0;
    double x1 = 1.0;
    // Default: light grey, mostly transparent.
    Rgba color = {128, 128, 128, 40};
    std::string label;
};

// Text at a data position, optionally with an arrow pointing to (arrow_x, arrow_y).
struct Annotation {
    std::string text;
    double x = 0.0;
    double y = 0.0;
    // Default: no arrow.
    bool arrow = false;
    double arrow_x = 0.0;
    double arrow_y = 0.0;
    // Default: the theme's text colour (alpha 0 means "use the theme").
    Rgba color = {0, 0, 0, 0};
    // Which point of the text sits at (x, y), as fractions of its width and height: 0, 0 the
    // top-left corner (default), 0.5, 0.5 the centre.
    float align_x = 0.0f;
    float align_y = 0.0f;
};

// A whole plot.
struct Figure {
    // Stable name for export and `losslab figures`: "loss-vs-probability".
    std::string name;
    std::string title;
    Axis x_axis;
    Axis y_axis;
    std::vector<Series> series;
    std::vector<Band> bands;
    std::vector<Annotation> annotations;
    // Short lines of text placed below the plot (a lesson step's caption, a figure's note),
    // wrapped to the figure's width; shown the same on screen and in every export. Default none.
    std::vector<std::string> notes;
    // No frame, grid, ticks or axis labels: the data area is a drawing canvas (Figure 2's
    // cubes). Default false.
    bool hide_axes = false;
    // One data unit is as many pixels on x as on y: the layout widens the view on one axis to
    // keep shapes undistorted. Default false.
    bool equal_aspect = false;
};

} // namespace losslab::plot

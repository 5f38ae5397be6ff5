#pragma once
// Pure view arithmetic behind the plot widget's zoom, pan and box-zoom (testable without a
// display). Log axes zoom and pan in log space.

#include "plot/plot_layout.hpp"

namespace losslab::plot {

// The view zoomed by `factor` (< 1 zooms in) about the data point under pixel `at`.
ViewRange zoom_view(const PlotLayout& layout, Vec2 at, double factor);

// The view moved so that the data under pixel `from` ends under pixel `to`.
ViewRange pan_view(const PlotLayout& layout, Vec2 from, Vec2 to);

// The view spanning the pixel rectangle `box` (corners in any order); the current view when
// the box is smaller than a few pixels.
ViewRange box_view(const PlotLayout& layout, Vec2 a, Vec2 b);

// Whether a view is usable: finite, ordered, positive on log axes, and not collapsed below
// the resolution of doubles.
bool view_is_valid(const ViewRange& view, AxisScale x_scale, AxisScale y_scale);

} // namespace losslab::plot

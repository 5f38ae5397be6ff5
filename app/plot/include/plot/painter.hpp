#pragma once
// Painter: the drawing primitives a figure needs. Two implementations paint the same
// PlotLayout: ImDrawList (screen and PNG, in app/ui) and SVG (app/model/svg_painter).

#include "plot/color.hpp"
#include "plot/figure.hpp"
#include "plot/plot_layout.hpp"
#include "plot/theme.hpp"

#include <span>
#include <string_view>

namespace losslab::plot {

// Drawing primitives in pixel coordinates.
class Painter {
public:
    virtual ~Painter() = default;
    // An open polyline of `width` pixels in `style`.
    virtual void polyline(std::span<const Vec2> points, Rgba color, float width,
                          LineStyle style) = 0;
    // A filled convex polygon.
    virtual void convex_fill(std::span<const Vec2> points, Rgba color) = 0;
    // A filled or outlined axis-aligned rectangle.
    virtual void rect_fill(const Rect& r, Rgba color) = 0;
    virtual void rect_outline(const Rect& r, Rgba color, float width) = 0;
    // A filled disc.
    virtual void circle_fill(Vec2 center, float radius, Rgba color) = 0;
    // Text with its top-left corner at `pos`, at font size `size` pixels.
    virtual void text(Vec2 pos, std::string_view text, float size, Rgba color) = 0;
    // The width and height of `text` at font size `size`.
    virtual Vec2 measure(std::string_view text, float size) = 0;
    // Restricts drawing to `r` until the matching pop_clip.
    virtual void push_clip(const Rect& r) = 0;
    virtual void pop_clip() = 0;
    // Brackets the drawing of one series (SVG groups it and merges its strokes into one path).
    virtual void begin_group(std::string_view /*name*/) {}
    virtual void end_group() {}
    // What the following text() calls are ("title", "x-tick", "legend", ...): ignored by
    // drawing painters, recorded by the layout report (plot/layout_report.hpp).
    virtual void set_text_role(std::string_view /*role*/) {}
};

// Paints `figure` laid out as `layout`: background, grid, bands, series (clipped), ticks,
// labels, title, annotations, legend. Hidden series appear greyed in the legend.
void paint_figure(const Figure& figure, const PlotLayout& layout, const PlotTheme& theme,
                  const PlotStyle& style, Painter& painter);

// Lays out and paints `figure` in `outer` at its default view: the export path.
PlotLayout paint_figure_at_default_view(const Figure& figure, Rect outer, const PlotTheme& theme,
                                        const PlotStyle& style, Painter& painter);

} // namespace losslab::plot

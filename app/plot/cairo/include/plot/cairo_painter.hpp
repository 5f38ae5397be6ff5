#pragma once
// A Painter drawing on a cairo context: the PDF pages and PNG images of exports, with no
// display or GL. Font sizes are em sizes in pixels (as in SVG and CSS); text is measured with
// cairo's own extents of the same font face it draws with, so the layout fits what is drawn.

#include "plot/painter.hpp"

#include <string>

typedef struct _cairo cairo_t;
typedef struct _cairo_font_face cairo_font_face_t;

namespace losslab::plot {

// Paints on a cairo context it does not own (the caller owns the surface and context).
class CairoPainter final : public Painter {
public:
    // Draws on `cr` with the font family `family` (resolved through fontconfig).
    explicit CairoPainter(cairo_t* cr, const std::string& family = "DejaVu Sans");
    ~CairoPainter() override;
    CairoPainter(const CairoPainter&) = delete;
    CairoPainter& operator=(const CairoPainter&) = delete;

    void polyline(std::span<const Vec2> points, Rgba color, float width, LineStyle style) override;
    void convex_fill(std::span<const Vec2> points, Rgba color) override;
    void rect_fill(const Rect& r, Rgba color) override;
    void rect_outline(const Rect& r, Rgba color, float width) override;
    void circle_fill(Vec2 center, float radius, Rgba color) override;
    void text(Vec2 pos, std::string_view text, float size, Rgba color) override;
    Vec2 measure(std::string_view text, float size) override;
    void push_clip(const Rect& r) override;
    void pop_clip() override;

    // A TextMeasure with this painter's metrics (valid while the painter lives).
    TextMeasure measurer();

private:
    void set_font(float size);

    cairo_t* m_cr;
    cairo_font_face_t* m_face;
    float m_font_size = -1.0f;
};

} // namespace losslab::plot

#include "plot/cairo_painter.hpp"

#include <cairo.h>

#include <algorithm>
#include <string>

namespace losslab::plot {

namespace {
void set_colour(cairo_t* cr, Rgba c) {
    cairo_set_source_rgba(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0, c.a / 255.0);
}

// Splits `text` at newlines.
template <typename F> void for_each_line(std::string_view text, F&& f) {
    size_t start = 0;
    for (;;) {
        const size_t nl = text.find('\n', start);
        f(text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
        if (nl == std::string_view::npos) return;
        start = nl + 1;
    }
}
} // namespace

CairoPainter::CairoPainter(cairo_t* cr, const std::string& family)
    : m_cr(cr), m_face(cairo_toy_font_face_create(family.c_str(), CAIRO_FONT_SLANT_NORMAL,
                                                  CAIRO_FONT_WEIGHT_NORMAL)) {
    cairo_set_font_face(m_cr, m_face);
    cairo_set_line_join(m_cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(m_cr, CAIRO_LINE_CAP_ROUND);
}

CairoPainter::~CairoPainter() {
    cairo_font_face_destroy(m_face);
}

void CairoPainter::set_font(float size) {
    if (size == m_font_size) return;
    cairo_set_font_size(m_cr, size);
    m_font_size = size;
}

void CairoPainter::polyline(std::span<const Vec2> points, Rgba color, float width,
                            LineStyle style) {
    if (points.size() < 2) return;
    cairo_new_path(m_cr);
    cairo_move_to(m_cr, points[0].x, points[0].y);
    for (size_t i = 1; i < points.size(); ++i)
        cairo_line_to(m_cr, points[i].x, points[i].y);
    const double w = width;
    double dashes[2] = {0, 0};
    switch (style) {
    case LineStyle::Dashed:
        dashes[0] = 4 * w;
        dashes[1] = 2.5 * w;
        break;
    case LineStyle::Dotted:
        dashes[0] = w;
        dashes[1] = 1.6 * w;
        break;
    case LineStyle::Solid:
        break;
    }
    cairo_set_dash(m_cr, dashes, style == LineStyle::Solid ? 0 : 2, 0.0);
    cairo_set_line_width(m_cr, w);
    set_colour(m_cr, color);
    cairo_stroke(m_cr);
    cairo_set_dash(m_cr, nullptr, 0, 0.0);
}

void CairoPainter::convex_fill(std::span<const Vec2> points, Rgba color) {
    if (points.size() < 3) return;
    cairo_new_path(m_cr);
    cairo_move_to(m_cr, points[0].x, points[0].y);
    for (size_t i = 1; i < points.size(); ++i)
        cairo_line_to(m_cr, points[i].x, points[i].y);
    cairo_close_path(m_cr);
    set_colour(m_cr, color);
    cairo_fill(m_cr);
}

void CairoPainter::rect_fill(const Rect& r, Rgba color) {
    cairo_new_path(m_cr);
    cairo_rectangle(m_cr, r.x0, r.y0, r.width(), r.height());
    set_colour(m_cr, color);
    cairo_fill(m_cr);
}

void CairoPainter::rect_outline(const Rect& r, Rgba color, float width) {
    cairo_new_path(m_cr);
    cairo_rectangle(m_cr, r.x0, r.y0, r.width(), r.height());
    cairo_set_line_width(m_cr, width);
    set_colour(m_cr, color);
    cairo_stroke(m_cr);
}

void CairoPainter::circle_fill(Vec2 center, float radius, Rgba color) {
    cairo_new_path(m_cr);
    cairo_arc(m_cr, center.x, center.y, radius, 0.0, 6.283185307179586);
    set_colour(m_cr, color);
    cairo_fill(m_cr);
}

void CairoPainter::text(Vec2 pos, std::string_view text, float size, Rgba color) {
    if (text.empty() || size <= 0.0f) return;
    set_font(size);
    cairo_font_extents_t fe;
    cairo_font_extents(m_cr, &fe);
    set_colour(m_cr, color);
    double y = pos.y + fe.ascent;
    for_each_line(text, [&](std::string_view line) {
        if (!line.empty()) {
            const std::string s(line);
            cairo_move_to(m_cr, pos.x, y);
            cairo_show_text(m_cr, s.c_str());
        }
        y += fe.ascent + fe.descent;
    });
    cairo_new_path(m_cr);
}

Vec2 CairoPainter::measure(std::string_view text, float size) {
    if (size <= 0.0f) return {0.0f, 0.0f};
    set_font(size);
    cairo_font_extents_t fe;
    cairo_font_extents(m_cr, &fe);
    double width = 0.0;
    int lines = 0;
    for_each_line(text, [&](std::string_view line) {
        ++lines;
        if (line.empty()) return;
        const std::string s(line);
        cairo_text_extents_t te;
        cairo_text_extents(m_cr, s.c_str(), &te);
        width = std::max(width, te.x_advance);
    });
    return {float(width), float((fe.ascent + fe.descent) * lines)};
}

void CairoPainter::push_clip(const Rect& r) {
    cairo_save(m_cr);
    cairo_new_path(m_cr);
    cairo_rectangle(m_cr, r.x0, r.y0, r.width(), r.height());
    cairo_clip(m_cr);
    m_font_size = -1.0f; // cairo_restore in pop_clip brings back the font set before
}

void CairoPainter::pop_clip() {
    cairo_restore(m_cr);
    m_font_size = -1.0f;
}

TextMeasure CairoPainter::measurer() {
    return [this](std::string_view t, float size) { return measure(t, size); };
}

} // namespace losslab::plot

#include "plot/svg_painter.hpp"

#include <fmt/format.h>

namespace losslab::plot {

namespace {
std::string colour_attrs(const char* what, Rgba c) {
    if (c.a == 255) return fmt::format("{}=\"{}\"", what, hex(c));
    return fmt::format("{}=\"{}\" {}-opacity=\"{:.3f}\"", what, hex(c), what, c.a / 255.0);
}

std::string dash_attr(LineStyle style, float width) {
    switch (style) {
    case LineStyle::Dashed: return fmt::format(" stroke-dasharray=\"{:.2f} {:.2f}\"", 4 * width, 2.5 * width);
    case LineStyle::Dotted: return fmt::format(" stroke-dasharray=\"{:.2f} {:.2f}\"", width, 1.6 * width);
    case LineStyle::Solid: break;
    }
    return "";
}
} // namespace

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default: out += c;
        }
    }
    return out;
}

SvgPainter::SvgPainter(float width, float height, TextMeasure measure)
    : m_width(width), m_height(height), m_measure(std::move(measure)) {}

void SvgPainter::flush_path() {
    if (m_path_d.empty()) return;
    m_body += fmt::format("<path d=\"{}\" {}/>\n", m_path_d, m_path_style);
    m_path_d.clear();
    m_path_style.clear();
}

void SvgPainter::polyline(std::span<const Vec2> points, Rgba color, float width, LineStyle style) {
    if (points.size() < 2) return;
    const std::string st = fmt::format("fill=\"none\" {} stroke-width=\"{:.2f}\" "
                                       "stroke-linejoin=\"round\" stroke-linecap=\"round\"{}",
                                       colour_attrs("stroke", color), width, dash_attr(style, width));
    if (st != m_path_style) flush_path();
    m_path_style = st;
    m_path_d += fmt::format("{}M{:.2f},{:.2f}", m_path_d.empty() ? "" : " ", points[0].x, points[0].y);
    for (size_t i = 1; i < points.size(); ++i)
        m_path_d += fmt::format(" L{:.2f},{:.2f}", points[i].x, points[i].y);
}

void SvgPainter::convex_fill(std::span<const Vec2> points, Rgba color) {
    if (points.size() < 3 || color.a == 0) return;
    const std::string st = fmt::format("{} stroke=\"none\"", colour_attrs("fill", color));
    if (st != m_path_style) flush_path();
    m_path_style = st;
    m_path_d += fmt::format("{}M{:.2f},{:.2f}", m_path_d.empty() ? "" : " ", points[0].x, points[0].y);
    for (size_t i = 1; i < points.size(); ++i)
        m_path_d += fmt::format(" L{:.2f},{:.2f}", points[i].x, points[i].y);
    m_path_d += " Z";
}

void SvgPainter::rect_fill(const Rect& r, Rgba color) {
    if (color.a == 0) return;
    flush_path();
    m_body += fmt::format("<rect x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" height=\"{:.2f}\" {}/>\n",
                          r.x0, r.y0, r.width(), r.height(), colour_attrs("fill", color));
}

void SvgPainter::rect_outline(const Rect& r, Rgba color, float width) {
    flush_path();
    m_body += fmt::format("<rect x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" height=\"{:.2f}\" "
                          "fill=\"none\" {} stroke-width=\"{:.2f}\"/>\n",
                          r.x0, r.y0, r.width(), r.height(), colour_attrs("stroke", color), width);
}

void SvgPainter::circle_fill(Vec2 c, float radius, Rgba color) {
    flush_path();
    m_body += fmt::format("<circle cx=\"{:.2f}\" cy=\"{:.2f}\" r=\"{:.2f}\" {}/>\n", c.x, c.y,
                          radius, colour_attrs("fill", color));
}

void SvgPainter::text(Vec2 pos, std::string_view text, float size, Rgba color) {
    flush_path();
    // The painter's position is the top-left corner of the text box; SVG places the baseline.
    // A size is a pixel height (ascent − descent, as ImGui and the layout measure it); SVG's
    // font-size is the em: scaled so that the text is as wide as it was measured.
    m_body += fmt::format("<text x=\"{:.2f}\" y=\"{:.2f}\" font-size=\"{:.2f}\" {}>{}</text>\n",
                          pos.x, pos.y + kSvgAscentPerPixelHeight * size,
                          kSvgEmPerPixelHeight * size, colour_attrs("fill", color),
                          xml_escape(text));
}

Vec2 SvgPainter::measure(std::string_view text, float size) { return m_measure(text, size); }

void SvgPainter::push_clip(const Rect& r) {
    flush_path();
    const int id = ++m_clip_count;
    m_defs += fmt::format("<clipPath id=\"clip{}\"><rect x=\"{:.2f}\" y=\"{:.2f}\" "
                          "width=\"{:.2f}\" height=\"{:.2f}\"/></clipPath>\n",
                          id, r.x0, r.y0, r.width(), r.height());
    m_body += fmt::format("<g clip-path=\"url(#clip{})\">\n", id);
    ++m_open_clips;
}

void SvgPainter::pop_clip() {
    flush_path();
    if (m_open_clips == 0) return;
    m_body += "</g>\n";
    --m_open_clips;
}

void SvgPainter::begin_group(std::string_view name) {
    flush_path();
    m_body += fmt::format("<g class=\"series\" data-name=\"{}\">\n", xml_escape(name));
}

void SvgPainter::end_group() {
    flush_path();
    m_body += "</g>\n";
}

std::string SvgPainter::document() const {
    std::string tail = m_path_d.empty() ? "" : fmt::format("<path d=\"{}\" {}/>\n", m_path_d, m_path_style);
    for (int i = 0; i < m_open_clips; ++i) tail += "</g>\n";
    return fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0f}\" height=\"{:.0f}\" "
                       "viewBox=\"0 0 {:.0f} {:.0f}\" font-family=\"DejaVu Sans, Verdana, sans-serif\">\n"
                       "<defs>\n{}</defs>\n{}{}</svg>\n",
                       m_width, m_height, m_width, m_height, m_defs, m_body, tail);
}

std::string figure_to_svg(const Figure& figure, float width, float height, const PlotTheme& theme,
                          const PlotStyle& style, const TextMeasure& measure) {
    SvgPainter painter(width, height, measure);
    paint_figure_at_default_view(figure, {0, 0, width, height}, theme, style, painter);
    return painter.document();
}

} // namespace losslab::plot

#pragma once
// SVG output of a figure: the same layout and painting code as the screen (paint_figure),
// emitted as true vectors (one <path> per series, text as <text>). Coordinates are printed
// with fixed precision and nothing time-dependent is written, so output is reproducible.

#include "plot/painter.hpp"

#include <string>
#include <vector>

namespace losslab::plot {

// DejaVu Sans (the font the app measures with and the SVG names first): its em and its ascent
// as fractions of the pixel height a font size means (ascent − descent = 2384 of 2048 units;
// ascent 1901). tests/export/test_text_measure.cpp checks them against the font file.
inline constexpr float kSvgEmPerPixelHeight = 2048.0f / 2384.0f;
inline constexpr float kSvgAscentPerPixelHeight = 1901.0f / 2384.0f;

// A Painter that records SVG elements. Text is measured by the injected TextMeasure (the
// export layer passes DejaVu Sans metrics so that layout matches the screen).
class SvgPainter final : public Painter {
public:
    SvgPainter(float width, float height, TextMeasure measure);

    void polyline(std::span<const Vec2> points, Rgba color, float width, LineStyle style) override;
    void convex_fill(std::span<const Vec2> points, Rgba color) override;
    void rect_fill(const Rect& r, Rgba color) override;
    void rect_outline(const Rect& r, Rgba color, float width) override;
    void circle_fill(Vec2 center, float radius, Rgba color) override;
    void text(Vec2 pos, std::string_view text, float size, Rgba color) override;
    Vec2 measure(std::string_view text, float size) override;
    void push_clip(const Rect& r) override;
    void pop_clip() override;
    void begin_group(std::string_view name) override;
    void end_group() override;

    // The document's <title> and <desc> (empty: left out).
    void set_metadata(std::string_view title, std::string_view description);

    // The complete SVG document.
    std::string document() const;

private:
    void flush_path();

    float m_width, m_height;
    TextMeasure m_measure;
    std::string m_head;
    std::string m_defs;
    std::string m_body;
    int m_clip_count = 0;
    int m_open_clips = 0;
    // Consecutive strokes of one style inside a group are merged into a single <path>.
    std::string m_path_d;
    std::string m_path_style;
};

// The SVG document of `figure` at its default view, `width` x `height` pixels.
std::string figure_to_svg(const Figure& figure, float width, float height, const PlotTheme& theme,
                          const PlotStyle& style, const TextMeasure& measure);

// Escapes &, <, >, " and ' for XML text and attributes.
std::string xml_escape(std::string_view text);

} // namespace losslab::plot

#pragma once
// NullPainter: a plot::Painter that draws nothing and measures text as `em_per_char` em per
// character and `line_em` em per line: a stand-in for real font metrics in layout tests, so they
// need no font file. Tests that record what is drawn derive from it and override what they need.

#include "plot/painter.hpp"

#include <span>
#include <string_view>

namespace losslab::testing {

class NullPainter : public plot::Painter {
public:
    // `utf8`: count UTF-8 characters (else bytes, which over-measures Greek letters).
    explicit NullPainter(float em_per_char = 0.55f, float line_em = 1.2f, bool utf8 = false)
        : m_em(em_per_char), m_line(line_em), m_utf8(utf8) {}
    void polyline(std::span<const plot::Vec2>, plot::Rgba, float, plot::LineStyle) override {}
    void convex_fill(std::span<const plot::Vec2>, plot::Rgba) override {}
    void rect_fill(const plot::Rect&, plot::Rgba) override {}
    void rect_outline(const plot::Rect&, plot::Rgba, float) override {}
    void circle_fill(plot::Vec2, float, plot::Rgba) override {}
    void text(plot::Vec2, std::string_view, float, plot::Rgba) override {}
    plot::Vec2 measure(std::string_view t, float size) override {
        std::size_t chars = 0;
        for (char c : t) chars += !m_utf8 || (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        return {m_em * size * float(chars), m_line * size};
    }
    void push_clip(const plot::Rect&) override {}
    void pop_clip() override {}

private:
    float m_em, m_line;
    bool m_utf8;
};

} // namespace losslab::testing

#pragma once
// Text measurement without ImGui or GL, from the TrueType file itself (stb_truetype from
// Debian's libstb): SVG export lays text out with the same advances the screen uses.

#include "plot/plot_layout.hpp"
#include "plot/text_measurer.hpp"

#include <memory>
#include <string>

namespace losslab::exporting {

// Advance widths of one font file, as ImGui's atlas has them (a character the font lacks
// measures as '?', ImGui's fallback glyph). Without a readable font it falls back to an average
// width of 0.55 em per character, so layout still works (less precisely).
class FontMetrics final : public plot::TextMeasurer {
public:
    // Loads `ttf_path`; an empty or unreadable path gives the fallback metrics.
    explicit FontMetrics(const std::string& ttf_path);
    ~FontMetrics() override;
    FontMetrics(const FontMetrics&) = delete;
    FontMetrics& operator=(const FontMetrics&) = delete;

    // Width and height of UTF-8 `text` at `pixels` (the font's ascent − descent), multi-line.
    plot::Vec2 measure(std::string_view text, float pixels) const override;

    // A TextMeasure bound to these metrics (valid while this object lives).
    plot::TextMeasure measurer() const;

    // Whether the TrueType file was loaded.
    bool loaded() const;

    // The em and the ascent as fractions of a font size's pixel height (ascent − descent);
    // 0 when no font was loaded.
    float em_per_pixel_height() const;
    float ascent_per_pixel_height() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace losslab::exporting

#pragma once
// TextMeasurer: how big text is, the one answer every layout uses. The screen and PNG paths
// measure through ImGui's font atlas and the SVG path through the font file itself
// (exporting::FontMetrics); both read the same TrueType file and give a font size the same
// meaning (pixel height = ascent − descent, stb_truetype's ScaleForPixelHeight), so a figure
// is laid out identically in every format (tests/export/test_text_measure.cpp checks it).

#include "plot/plot_layout.hpp"

#include <string_view>

namespace losslab::plot {

// Measures text for the layout.
class TextMeasurer {
public:
    virtual ~TextMeasurer() = default;
    // Width and height in pixels of UTF-8 `text` at font size `pixels`: lines split at '\n',
    // the width of the widest line, the height `pixels` times the number of lines.
    virtual Vec2 measure(std::string_view text, float pixels) const = 0;
    // A TextMeasure bound to this measurer (valid while it lives).
    TextMeasure function() const {
        return [this](std::string_view t, float size) { return measure(t, size); };
    }
};

} // namespace losslab::plot

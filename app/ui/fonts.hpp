#pragma once
// Building the font atlas: DejaVu Sans (located by the platform layer) with Greek, math,
// arrows and sub/superscript glyphs, at the sizes the UI and plots use.

#include "ui/ui_context.hpp"

#include <span>
#include <string>

namespace losslab::ui {

// The glyph ranges every face is baked with: Latin, Greek, modifier letters (ᵞ), general
// punctuation, super- and subscripts, letterlike symbols, arrows, mathematical operators, geometric shapes.
const ImWchar* glyph_ranges();

// Bakes the faces into ImGui's atlas from `ttf_path` (or ImGui's built-in font when the path
// is empty or unreadable) at `scale` times the base sizes. Call before the renderer builds
// its font texture.
Fonts load_fonts(const std::string& ttf_path, float scale);

// The same into another atlas (for offscreen export at a larger size); does not touch
// ImGui's IO.
Fonts load_fonts_into(ImFontAtlas& atlas, const std::string& ttf_path, float scale);

// The same with only the faces of `base_sizes` (pixels at scale 1) and the glyphs of
// `ranges` (kept alive by the caller until the atlas is built): export bakes just what one
// figure's text needs, which is much faster at large sizes.
Fonts load_fonts_into(ImFontAtlas& atlas, const std::string& ttf_path, float scale,
                      const ImWchar* ranges, std::span<const float> base_sizes);

// The base sizes (pixels at scale 1) the plot painter draws text at: ticks, labels, title.
std::span<const float> plot_font_sizes();

// The baked face closest in size to `pixels` (never nullptr once fonts are loaded).
ImFont* nearest_font(const Fonts& fonts, float pixels);

} // namespace losslab::ui

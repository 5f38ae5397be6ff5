#include "ui/fonts.hpp"

#include <cmath>
#include <fstream>

namespace losslab::ui {

namespace {
// Base sizes in pixels at scale 1: small, tick labels, body, axis labels, title, heading.
constexpr float kFaceSizes[] = {13.0f, 15.0f, 16.0f, 19.0f, 22.0f, 28.0f};
constexpr float kBodySize = 16.0f;
constexpr float kHeadingSize = 22.0f;
} // namespace

const ImWchar* glyph_ranges() {
    static const ImWchar kRanges[] = {
        0x0020, 0x00FF, // Basic Latin, Latin-1 (², ³, ·, ×)
        0x0370, 0x03FF, // Greek
        0x1D00, 0x1DBF, // Phonetic extensions: modifier letters such as superscript γ (ᵞ)
        0x2000, 0x206F, // General punctuation (‖, –, −, …)
        0x2070, 0x209F, // Superscripts and subscripts
        0x2100, 0x214F, // Letterlike symbols
        0x2190, 0x21FF, // Arrows
        0x2200, 0x22FF, // Mathematical operators
        0x25A0, 0x25FF, // Geometric shapes (▶, ■, ●)
        0,
    };
    return kRanges;
}

Fonts load_fonts(const std::string& ttf_path, float scale) {
    ImGuiIO& io = ImGui::GetIO();
    Fonts fonts = load_fonts_into(*io.Fonts, ttf_path, scale);
    io.FontDefault = fonts.body;
    return fonts;
}

Fonts load_fonts_into(ImFontAtlas& atlas, const std::string& ttf_path, float scale) {
    return load_fonts_into(atlas, ttf_path, scale, glyph_ranges(), kFaceSizes);
}

std::span<const float> plot_font_sizes() {
    static constexpr float kPlotSizes[] = {15.0f, 16.0f, 19.0f};
    return kPlotSizes;
}

Fonts load_fonts_into(ImFontAtlas& atlas, const std::string& ttf_path, float scale,
                      const ImWchar* ranges, std::span<const float> base_sizes) {
    atlas.Clear();
    Fonts fonts;
    const bool readable = !ttf_path.empty() && std::ifstream(ttf_path).good();
    for (float base : base_sizes) {
        const float px = std::round(base * scale);
        ImFont* f = nullptr;
        if (readable) {
            ImFontConfig cfg;
            cfg.OversampleH = 2;
            cfg.OversampleV = 1;
            f = atlas.AddFontFromFileTTF(ttf_path.c_str(), px, &cfg, ranges);
        }
        if (!f) {
            ImFontConfig cfg;
            cfg.SizePixels = px;
            f = atlas.AddFontDefault(&cfg);
        } else {
            fonts.truetype = true;
        }
        fonts.all.push_back(f);
        if (base == kBodySize) fonts.body = f;
        if (base == kHeadingSize) fonts.heading = f;
    }
    if (!fonts.body && !fonts.all.empty()) fonts.body = fonts.all.front();
    fonts.file = fonts.truetype ? ttf_path : std::string("ImGui built-in (ProggyClean)");
    return fonts;
}

ImFont* nearest_font(const Fonts& fonts, float pixels) {
    ImFont* best = fonts.body ? fonts.body : ImGui::GetFont();
    float best_d = 1e9f;
    for (ImFont* f : fonts.all) {
        const float d = std::fabs(f->FontSize - pixels);
        if (d < best_d) {
            best_d = d;
            best = f;
        }
    }
    return best;
}

} // namespace losslab::ui

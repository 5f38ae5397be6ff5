#include "export/font_metrics.hpp"

#include "model/io/file_io.hpp"

#include <stb/stb_truetype.h>

#include <algorithm>
#include <cstdint>

namespace losslab::exporting {

struct FontMetrics::Impl {
    std::string data;
    stbtt_fontinfo info{};
    bool ok = false;
};

FontMetrics::FontMetrics(const std::string& ttf_path) : m_impl(std::make_unique<Impl>()) {
    if (ttf_path.empty()) return;
    auto bytes = model::read_file(ttf_path);
    if (!bytes) return;
    m_impl->data = std::move(bytes.value());
    const auto* raw = reinterpret_cast<const unsigned char*>(m_impl->data.data());
    m_impl->ok = stbtt_InitFont(&m_impl->info, raw, stbtt_GetFontOffsetForIndex(raw, 0)) != 0;
}

FontMetrics::~FontMetrics() = default;

bool FontMetrics::loaded() const { return m_impl->ok; }

float FontMetrics::em_per_pixel_height() const {
    if (!m_impl->ok) return 0.0f;
    return stbtt_ScaleForPixelHeight(&m_impl->info, 1.0f) /
           stbtt_ScaleForMappingEmToPixels(&m_impl->info, 1.0f);
}

float FontMetrics::ascent_per_pixel_height() const {
    if (!m_impl->ok) return 0.0f;
    int ascent = 0, descent = 0, gap = 0;
    stbtt_GetFontVMetrics(&m_impl->info, &ascent, &descent, &gap);
    return float(ascent) / float(ascent - descent);
}

namespace {
// Decodes one UTF-8 code point at `i`, advancing it; invalid bytes decode as U+FFFD.
std::uint32_t next_code_point(std::string_view s, size_t& i) {
    const auto b = static_cast<unsigned char>(s[i]);
    int extra = b < 0x80 ? 0 : (b >> 5) == 6 ? 1 : (b >> 4) == 14 ? 2 : (b >> 3) == 30 ? 3 : -1;
    if (extra < 0 || i + size_t(extra) >= s.size() + (extra == 0 ? 1 : 0)) {
        ++i;
        return 0xFFFD;
    }
    std::uint32_t cp = extra == 0 ? b : b & (0x3Fu >> extra);
    for (int k = 1; k <= extra; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + size_t(k)]) & 0x3Fu);
    i += size_t(extra) + 1;
    return cp;
}
} // namespace

plot::Vec2 FontMetrics::measure(std::string_view text, float pixels) const {
    float width = 0.0f, line = 0.0f;
    int lines = 1;
    const float scale = m_impl->ok ? stbtt_ScaleForPixelHeight(&m_impl->info, pixels) : 0.0f;
    for (size_t i = 0; i < text.size();) {
        const std::uint32_t cp = next_code_point(text, i);
        if (cp == '\n') {
            width = std::max(width, line);
            line = 0.0f;
            ++lines;
            continue;
        }
        if (cp == '\r') continue; // ImGui skips carriage returns
        if (m_impl->ok) {
            int advance = 0, lsb = 0;
            int glyph = stbtt_FindGlyphIndex(&m_impl->info, int(cp));
            if (glyph == 0) glyph = stbtt_FindGlyphIndex(&m_impl->info, '?');
            stbtt_GetGlyphHMetrics(&m_impl->info, glyph, &advance, &lsb);
            line += float(advance) * scale;
        } else {
            line += 0.55f * pixels;
        }
    }
    return {std::max(width, line), pixels * float(lines)};
}

plot::TextMeasure FontMetrics::measurer() const { return function(); }

} // namespace losslab::exporting

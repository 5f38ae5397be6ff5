// The parts of export/cairo_export.hpp the page uses, without cairo (not available to
// emscripten offline): images are drawn by the screen's own ImDrawList painter into an
// offscreen WebGL framebuffer, text is measured from the embedded font's own metrics, and PDF
// is refused with a message.
#include "export/cairo_export.hpp"

#include "export/font_metrics.hpp"
#include "model/io/export_sizes.hpp"
#include "plot/imgui/draw_list_painter.hpp"
#include "ui/fonts.hpp"

#include <glad/gl.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_internal.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

namespace losslab::exporting {

namespace {

constexpr const char* kFont = "/fonts/DejaVuSans.ttf"; // embedded at link time (web/CMakeLists)

// The glyphs an export can show: Latin-1, Greek, punctuation, super- and subscripts, the
// phonetic modifier letters (the focal loss's ᵞ), arrows, mathematical operators and shapes.
constexpr ImWchar kExportGlyphs[] = {0x0020, 0x00FF, 0x0370, 0x03FF, 0x1D00, 0x1DBF,
                                     0x2000, 0x209F, 0x2190, 0x22FF, 0x25A0, 0x25FF, 0};

// GL objects of one image, released on every path out.
struct GlObjects {
    GLuint font_texture = 0, color = 0, fbo = 0;
    ~GlObjects() {
        if (fbo) glDeleteFramebuffers(1, &fbo);
        if (color) glDeleteTextures(1, &color);
        if (font_texture) glDeleteTextures(1, &font_texture);
    }
};

// Rows bottom-up to top-down, and colour multiplied by alpha (blending onto a transparent
// target) back to straight alpha, as PNG wants it.
void flip_and_unpremultiply(Image& img) {
    const std::size_t row = std::size_t(img.width) * 4;
    std::vector<std::uint8_t> tmp(row);
    for (int y = 0; y < img.height / 2; ++y) {
        auto* a = img.rgba.data() + std::size_t(y) * row;
        auto* b = img.rgba.data() + std::size_t(img.height - 1 - y) * row;
        std::copy(a, a + row, tmp.data());
        std::copy(b, b + row, a);
        std::copy(tmp.data(), tmp.data() + row, b);
    }
    for (std::size_t i = 0; i < img.rgba.size(); i += 4) {
        const unsigned a = img.rgba[i + 3];
        if (a == 0 || a == 255) continue;
        for (std::size_t k = 0; k < 3; ++k)
            img.rgba[i + k] = std::uint8_t(std::min(255u, img.rgba[i + k] * 255u / a));
    }
}

} // namespace

Result<Image> render_image(int width, int height, double dpi,
                           const std::function<void(plot::Painter& painter)>& paint) {
    if (auto ok = model::check_export_size(width, height); !ok) return ok.error();
    GlObjects gl;
    // The faces at the size the export style uses for this image.
    const float scale = model::export_style(width, height, 1.0f).stroke_scale;
    ImFontAtlas atlas;
    const ui::Fonts fonts =
        ui::load_fonts_into(atlas, kFont, scale, kExportGlyphs, ui::plot_font_sizes());
    unsigned char* pixels = nullptr;
    int tw = 0, th = 0;
    atlas.GetTexDataAsRGBA32(&pixels, &tw, &th);
    glGenTextures(1, &gl.font_texture);
    glBindTexture(GL_TEXTURE_2D, gl.font_texture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, tw, th, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
    atlas.SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(gl.font_texture)));

    ImDrawListSharedData shared;
    shared.TexUvWhitePixel = atlas.TexUvWhitePixel;
    shared.TexUvLines = atlas.TexUvLines;
    shared.Font = fonts.body;
    shared.FontSize = fonts.body->FontSize;
    shared.CurveTessellationTol = 1.25f;
    shared.SetCircleTessellationMaxError(0.30f);
    shared.ClipRectFullscreen = ImVec4(0, 0, float(width), float(height));
    shared.InitialFlags = ImDrawListFlags_AntiAliasedLines | ImDrawListFlags_AntiAliasedFill |
                          ImDrawListFlags_AllowVtxOffset;
    if (!(atlas.Flags & ImFontAtlasFlags_NoBakedLines))
        shared.InitialFlags |= ImDrawListFlags_AntiAliasedLinesUseTex;
    ImDrawList list(&shared);
    list._ResetForNewFrame();
    list.PushClipRect(ImVec2(0, 0), ImVec2(float(width), float(height)));
    list.PushTextureID(atlas.TexID);
    plot::imgui::DrawListPainter painter(&list, fonts.all);
    paint(painter);

    ImDrawList* lists[] = {&list};
    ImDrawData data;
    data.Valid = true;
    data.CmdLists = lists;
    data.CmdListsCount = 1;
    data.TotalVtxCount = list.VtxBuffer.Size;
    data.TotalIdxCount = list.IdxBuffer.Size;
    data.DisplayPos = ImVec2(0, 0);
    data.DisplaySize = ImVec2(float(width), float(height));
    data.FramebufferScale = ImVec2(1, 1);

    glGenTextures(1, &gl.color);
    glBindTexture(GL_TEXTURE_2D, gl.color);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glGenFramebuffers(1, &gl.fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, gl.fbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, gl.color, 0);
    if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        return Error{fmt::format("cannot render a {}x{} image: the WebGL framebuffer is "
                                 "incomplete (is the size beyond what the browser supports?)",
                                 width, height)};
    }
    glViewport(0, 0, width, height);
    glClearColor(0, 0, 0, 0); // the painter draws the background (transparent stays so)
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(&data);

    Image img;
    img.width = width;
    img.height = height;
    img.dpi = dpi;
    img.rgba.resize(std::size_t(width) * std::size_t(height) * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, img.rgba.data());
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    flip_and_unpremultiply(img);
    return img;
}

plot::TextMeasure cairo_text_measure() {
    static const FontMetrics metrics(kFont);
    return metrics.measurer();
}

Status write_pdf_pages(const std::filesystem::path& path, const std::vector<PdfPage>&,
                       const PdfMetadata&) {
    return make_error(path.filename().string(), "PNG, SVG or CSV in the browser version",
                      "a PDF (made by the desktop app: losslab export)");
}

Result<std::string> pdf_pages_bytes(const std::vector<PdfPage>&, const PdfMetadata&) {
    return make_error("the export", "PNG, SVG or CSV in the browser version",
                      "a PDF (made by the desktop app: losslab export)");
}

} // namespace losslab::exporting

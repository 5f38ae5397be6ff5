#include "platform/offscreen_png.hpp"

#include "export/figure_files.hpp"
#include "plot/painter.hpp"
#include "plot/imgui/draw_list_painter.hpp"
#include "ui/fonts.hpp"

#include <glad/gl.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_internal.h>

#include <fmt/format.h>

#include <cstdint>

namespace losslab::platform {

namespace {

// GL objects of one export, released on every path out.
struct GlObjects {
    GLuint font_texture = 0, color = 0, fbo = 0;
    ~GlObjects() {
        if (fbo) glDeleteFramebuffers(1, &fbo);
        if (color) glDeleteTextures(1, &color);
        if (font_texture) glDeleteTextures(1, &font_texture);
    }
};

GLuint upload_rgba(const unsigned char* pixels, int w, int h) {
    GLuint tex = 0;
    glGenTextures(1, &tex);
    glBindTexture(GL_TEXTURE_2D, tex);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
    return tex;
}

void flip_and_unpremultiply(exporting::Image& img) {
    const size_t row = size_t(img.width) * 4;
    std::vector<std::uint8_t> tmp(row);
    for (int y = 0; y < img.height / 2; ++y) {
        auto* a = img.rgba.data() + size_t(y) * row;
        auto* b = img.rgba.data() + size_t(img.height - 1 - y) * row;
        std::copy(a, a + row, tmp.data());
        std::copy(b, b + row, a);
        std::copy(tmp.data(), tmp.data() + row, b);
    }
    // Blending onto a transparent target leaves colour multiplied by alpha; PNG wants it straight.
    for (size_t i = 0; i < img.rgba.size(); i += 4) {
        const unsigned a = img.rgba[i + 3];
        if (a == 0 || a == 255) continue;
        for (size_t k = 0; k < 3; ++k) img.rgba[i + k] = std::uint8_t(std::min(255u, img.rgba[i + k] * 255u / a));
    }
}

// Every code point the figure's text can show (titles, labels, names, notes, numbers), so
// the export atlas bakes only those glyphs.
void add_figure_glyphs(const plot::Figure& f, ImFontGlyphRangesBuilder& b) {
    b.AddRanges(ImGui::GetIO().Fonts->GetGlyphRangesDefault());
    b.AddText("0123456789.,+-−e∞×%()⁰¹²³⁴⁵⁶⁷⁸⁹⁻ undefined");
    for (const std::string* t : {&f.title, &f.x_axis.label, &f.y_axis.label}) b.AddText(t->c_str());
    for (const auto& s : f.series) {
        b.AddText(s.name.c_str());
        for (const auto& l : s.point_labels) b.AddText(l.c_str());
    }
    for (const auto& a : f.annotations) b.AddText(a.text.c_str());
    for (const auto& n : f.notes) b.AddText(n.c_str());
    for (const auto& s : f.series) b.AddText(s.image.colorbar_label.c_str());
    b.AddText("…");
    for (const auto& band : f.bands) b.AddText(band.label.c_str());
}

} // namespace

Result<exporting::Image> render_figure_image(const plot::Figure& figure, int width, int height,
                                             plot::Theme theme, float scale,
                                             const std::string& font_path) {
    if (auto ok = model::check_export_size(width, height); !ok) return ok.error();
    const plot::PlotStyle style = model::export_style(width, height, scale);
    GlObjects gl;

    ImFontGlyphRangesBuilder glyphs;
    add_figure_glyphs(figure, glyphs);
    ImVector<ImWchar> ranges;
    glyphs.BuildRanges(&ranges);
    ImFontAtlas atlas;
    const ui::Fonts fonts = ui::load_fonts_into(atlas, font_path, style.stroke_scale, ranges.Data,
                                                ui::plot_font_sizes());
    unsigned char* pixels = nullptr;
    int tw = 0, th = 0;
    atlas.GetTexDataAsRGBA32(&pixels, &tw, &th);
    gl.font_texture = upload_rgba(pixels, tw, th);
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
    plot::paint_figure_at_default_view(figure, {0, 0, float(width), float(height)},
                                        plot::plot_theme(theme), style, painter);

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
        return Error{fmt::format("cannot render a {}x{} image: the OpenGL framebuffer is incomplete "
                                 "(is the size beyond what the driver supports?)", width, height)};
    }
    glViewport(0, 0, width, height);
    const auto bg = plot::plot_theme(theme).background;
    glClearColor(bg.r / 255.0f, bg.g / 255.0f, bg.b / 255.0f, bg.a / 255.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(&data);

    exporting::Image img;
    img.width = width;
    img.height = height;
    img.rgba.resize(size_t(width) * size_t(height) * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, img.rgba.data());
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    flip_and_unpremultiply(img);
    return img;
}

Status export_figure_png(const std::string& path, const plot::Figure& figure, int width,
                         int height, plot::Theme theme, float scale,
                         const std::string& font_path, const std::string& session_json) {
    auto img = render_figure_image(figure, width, height, theme, scale, font_path);
    if (!img) return img.error();
    return exporting::write_png(path, img.value(), exporting::png_metadata(figure, session_json));
}

} // namespace losslab::platform

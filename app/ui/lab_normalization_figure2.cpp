// Wu & He's Figure 2, live: for BatchNorm, LayerNorm, InstanceNorm and GroupNorm an isometric
// box with N across, C in depth and H, W up; the elements that share the statistics of the
// picked plane (n, c) are filled blue (the selected method's box strongly, the others pale).
// Below, the selected method's mean and variance of every plane as viridis heatmaps.
#include "ui/lab_normalization_figure2.hpp"

#include "plot/color.hpp"
#include "plot/plot_layout.hpp"
#include "plot/theme.hpp"
#include "plot/imgui/draw_list_painter.hpp"

#include <imgui.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace losslab::ui {

namespace {

using plot::Rgba;

// The box's geometry in pixels: front face [x0, x0 + a] x [y0, y0 + b] (N across, H, W up),
// depth vector (dx, -dy) for the whole C axis.
struct Box {
    float x0, y0, a, b, dx, dy;
    // Screen point of (n fraction, c fraction, v fraction from the top).
    ImVec2 at(float n, float c, float v) const {
        return ImVec2(x0 + n * a + c * dx, y0 + v * b - c * dy);
    }
};

void quad(ImDrawList* dl, ImVec2 p0, ImVec2 p1, ImVec2 p2, ImVec2 p3, ImU32 fill, ImU32 edge,
          float width) {
    dl->AddQuadFilled(p0, p1, p2, p3, fill);
    if (edge) dl->AddQuad(p0, p1, p2, p3, edge, width);
}

// The three visible faces (front at c0, top, right at n1) of the sub-box
// [n0, n1] x [c0, c1] x [0, 1], back faces first so the fill reads as a solid.
void block(ImDrawList* dl, const Box& bx, float n0, float n1, float c0, float c1, ImU32 fill,
           ImU32 edge, float width) {
    quad(dl, bx.at(n1, c0, 0), bx.at(n1, c1, 0), bx.at(n1, c1, 1), bx.at(n1, c0, 1), fill, edge,
         width);
    quad(dl, bx.at(n0, c0, 0), bx.at(n0, c1, 0), bx.at(n1, c1, 0), bx.at(n1, c0, 0), fill, edge,
         width);
    quad(dl, bx.at(n0, c0, 0), bx.at(n1, c0, 0), bx.at(n1, c0, 1), bx.at(n0, c0, 1), fill, edge,
         width);
}

// One method's box in `rect` (top-left, size); returns the (n, c) under the mouse, if any.
bool draw_box(ImDrawList* dl, ImVec2 pos, ImVec2 size, NormMethod method, bool selected,
              const model::NormalizationLab& lab, const Figure2State& pick, const UiContext& ui,
              std::size_t& hover_n, std::size_t& hover_c) {
    const auto theme = plot::plot_theme(ui.theme);
    const Shape4 sh = lab.input().shape;
    const float s = ui.dpi_scale;
    const float title_h = ImGui::GetTextLineHeightWithSpacing() * 1.2f;
    const float label_w = 46.0f * s;
    // Fit a box whose depth is 0.55 of its width and whose height equals its width.
    const float avail_w = size.x - label_w - 16.0f * s;
    const float avail_h = size.y - title_h - 2.2f * ImGui::GetTextLineHeight();
    const float a = std::max(10.0f, std::min(avail_w / 1.45f, avail_h / 1.4f));
    const float d = 0.45f * a;
    Box bx{pos.x + label_w, pos.y + title_h + d * 0.75f, a, a * 0.95f, d, d * 0.75f};

    const std::string title = std::string(norm_method_name(method)) +
                              (method == NormMethod::Group
                                   ? " (G = " + std::to_string(lab.groups()) + ")"
                                   : std::string());
    const ImU32 text = plot::imgui::to_imgui(theme.text);
    const ImU32 muted = plot::imgui::to_imgui(theme.text_muted);
    if (selected && ui.fonts.heading) ImGui::PushFont(ui.fonts.heading);
    const ImVec2 tsize = ImGui::CalcTextSize(title.c_str());
    dl->AddText(ImVec2(bx.x0 + (a + d - tsize.x) * 0.5f, pos.y), selected ? text : muted,
                title.c_str());
    if (selected && ui.fonts.heading) ImGui::PopFont();

    const Rgba blue_strong{0, 114, 178, 215};
    const Rgba blue_pale{86, 180, 233, 120};
    const ImU32 face = plot::imgui::to_imgui(plot::with_alpha(theme.plot_background, 1.0f));
    const ImU32 edge = plot::imgui::to_imgui(theme.frame);
    const ImU32 grid = plot::imgui::to_imgui(plot::with_alpha(theme.grid, 0.9f));

    // The whole box, then grid lines on its faces: N cells across, C cells in depth.
    block(dl, bx, 0, 1, 0, 1, face, 0, 1.0f);
    const std::size_t nn = std::max<std::size_t>(sh.n, 1), cc = std::max<std::size_t>(sh.c, 1);
    const std::size_t nstep = std::max<std::size_t>(1, nn / 32), cstep = std::max<std::size_t>(1, cc / 32);
    for (std::size_t i = 1; i < nn; i += nstep) {
        const float t = float(i) / float(nn);
        dl->AddLine(bx.at(t, 0, 0), bx.at(t, 1, 0), grid);
        dl->AddLine(bx.at(t, 0, 0), bx.at(t, 0, 1), grid);
    }
    for (std::size_t i = 1; i < cc; i += cstep) {
        const float t = float(i) / float(cc);
        dl->AddLine(bx.at(0, t, 0), bx.at(1, t, 0), grid);
        dl->AddLine(bx.at(1, t, 0), bx.at(1, t, 1), grid);
    }

    const StatsSharing sb = lab.sharing_of(method, pick.n, pick.c);
    if (sb.n_end > sb.n_begin && sb.c_end > sb.c_begin) {
        const Rgba fill = selected ? blue_strong : blue_pale;
        block(dl, bx, float(sb.n_begin) / nn, float(sb.n_end) / nn, float(sb.c_begin) / cc,
              float(sb.c_end) / cc, plot::imgui::to_imgui(fill),
              plot::imgui::to_imgui(selected ? Rgba{0, 70, 120, 255} : Rgba{60, 140, 190, 200}),
              selected ? 1.5f * s : 1.0f * s);
        // The picked plane itself, outlined on the top face.
        const float n0 = float(pick.n) / nn, n1 = float(pick.n + 1) / nn;
        const float c0 = float(pick.c) / cc, c1 = float(pick.c + 1) / cc;
        quad(dl, bx.at(n0, c0, 0), bx.at(n1, c0, 0), bx.at(n1, c1, 0), bx.at(n0, c1, 0),
             plot::imgui::to_imgui(Rgba{213, 94, 0, 255}), 0, 1.0f);
    }
    // Outline of the whole box on top.
    for (auto [p, q] : std::array<std::pair<ImVec2, ImVec2>, 9>{
             std::pair{bx.at(0, 0, 0), bx.at(1, 0, 0)}, {bx.at(1, 0, 0), bx.at(1, 0, 1)},
             {bx.at(1, 0, 1), bx.at(0, 0, 1)}, {bx.at(0, 0, 1), bx.at(0, 0, 0)},
             {bx.at(0, 0, 0), bx.at(0, 1, 0)}, {bx.at(0, 1, 0), bx.at(1, 1, 0)},
             {bx.at(1, 1, 0), bx.at(1, 0, 0)}, {bx.at(1, 1, 0), bx.at(1, 1, 1)},
             {bx.at(1, 1, 1), bx.at(1, 0, 1)}})
        dl->AddLine(p, q, edge, 1.2f * s);

    // Axis labels as in the paper: N along the front, C in depth, H, W up the side.
    const float lh = ImGui::GetTextLineHeight();
    const std::string nl = "N = " + std::to_string(sh.n);
    const ImVec2 pn = bx.at(0.5f, 0, 1);
    dl->AddText(ImVec2(pn.x - ImGui::CalcTextSize(nl.c_str()).x * 0.5f, pn.y + 3 * s), text,
                nl.c_str());
    const std::string cl = "C = " + std::to_string(sh.c);
    const ImVec2 pc = bx.at(1, 0.5f, 1);
    dl->AddText(ImVec2(pc.x + 4 * s, pc.y - lh * 0.2f), text, cl.c_str());
    const std::string hl = "H,W";
    const ImVec2 ph = bx.at(0, 0, 0.5f);
    dl->AddText(ImVec2(ph.x - ImGui::CalcTextSize(hl.c_str()).x - 4 * s, ph.y - lh * 0.5f), text,
                hl.c_str());
    const std::string hw = std::to_string(sh.h) + "×" + std::to_string(sh.w);
    dl->AddText(ImVec2(ph.x - ImGui::CalcTextSize(hw.c_str()).x - 4 * s, ph.y + lh * 0.5f),
                muted, hw.c_str());

    // Hovering the top face picks (n, c); so does the front face (at c = 0).
    const ImVec2 m = ImGui::GetIO().MousePos;
    if (!ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows)) return false;
    const float cf = (bx.y0 - m.y) / bx.dy;
    const float nf = (m.x - bx.x0 - cf * bx.dx) / bx.a;
    if (cf >= 0 && cf < 1 && nf >= 0 && nf < 1) {
        hover_n = std::min(nn - 1, std::size_t(nf * float(nn)));
        hover_c = std::min(cc - 1, std::size_t(cf * float(cc)));
        return true;
    }
    const float nf2 = (m.x - bx.x0) / bx.a;
    if (m.y >= bx.y0 && m.y < bx.y0 + bx.b && nf2 >= 0 && nf2 < 1) {
        hover_n = std::min(nn - 1, std::size_t(nf2 * float(nn)));
        hover_c = 0;
        return true;
    }
    return false;
}

// A heatmap of `values` (rows x cols) in [p0, p1]: the GL shader when available, else one
// rectangle per cell. Returns the hovered cell.
bool heatmap(ImDrawList* dl, UiContext& ui, const char* key, const std::vector<float>& values,
             int cols, int rows, float lo, float hi, ImVec2 p0, ImVec2 p1, std::size_t& hn,
             std::size_t& hc) {
    if (ui.services) {
        const ImTextureID tex = ui.services->heatmap(key, values, cols, rows, lo, hi);
        dl->AddImage(tex, p0, p1);
    } else {
        const float cw = (p1.x - p0.x) / float(cols), rh = (p1.y - p0.y) / float(rows);
        const float span = hi > lo ? hi - lo : 1.0f;
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < cols; ++c) {
                const float t = std::clamp((values[std::size_t(r * cols + c)] - lo) / span, 0.f, 1.f);
                dl->AddRectFilled(ImVec2(p0.x + c * cw, p0.y + r * rh),
                                  ImVec2(p0.x + (c + 1) * cw, p0.y + (r + 1) * rh),
                                  plot::imgui::to_imgui(plot::viridis(t)));
            }
    }
    const ImVec2 m = ImGui::GetIO().MousePos;
    if (ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows) && m.x >= p0.x && m.x < p1.x &&
        m.y >= p0.y && m.y < p1.y) {
        hc = std::min<std::size_t>(std::size_t(cols) - 1,
                                   std::size_t((m.x - p0.x) / (p1.x - p0.x) * float(cols)));
        hn = std::min<std::size_t>(std::size_t(rows) - 1,
                                   std::size_t((m.y - p0.y) / (p1.y - p0.y) * float(rows)));
        return true;
    }
    return false;
}

void min_max(const std::vector<float>& v, float& lo, float& hi) {
    lo = v.empty() ? 0.0f : *std::min_element(v.begin(), v.end());
    hi = v.empty() ? 1.0f : *std::max_element(v.begin(), v.end());
    if (!(hi > lo)) hi = lo + 1e-6f;
}

// One titled heatmap with the picked block outlined and a colour bar; returns hover.
bool heat_panel(ImDrawList* dl, UiContext& ui, const char* key, const char* title,
                const std::vector<float>& values, const model::NormalizationLab& lab,
                NormMethod outline_method, const Figure2State& pick, ImVec2 pos, ImVec2 size,
                std::size_t& hn, std::size_t& hc) {
    const auto theme = plot::plot_theme(ui.theme);
    const Shape4 sh = lab.input().shape;
    const float s = ui.dpi_scale;
    const float lh = ImGui::GetTextLineHeightWithSpacing();
    float lo = 0, hi = 1;
    min_max(values, lo, hi);
    dl->AddText(pos, plot::imgui::to_imgui(theme.text), title);
    const float bar_w = 14.0f * s, label_w = 70.0f * s, axis_w = 24.0f * s;
    ImVec2 p0(pos.x + axis_w, pos.y + lh * 1.2f);
    ImVec2 p1(pos.x + size.x - bar_w - label_w - 8 * s, pos.y + size.y - lh * 1.3f);
    // Keep cells at least square-ish: at most 4:1 in either direction.
    const float cw = (p1.x - p0.x) / float(sh.c), rh = (p1.y - p0.y) / float(sh.n);
    if (rh > 4 * cw) p1.y = p0.y + 4 * cw * float(sh.n);
    if (p1.x <= p0.x + 4 || p1.y <= p0.y + 4) return false;
    const bool hovered = heatmap(dl, ui, key, values, int(sh.c), int(sh.n), lo, hi, p0, p1, hn, hc);
    dl->AddRect(p0, p1, plot::imgui::to_imgui(theme.frame));
    // Outline of the block sharing the picked plane's statistics, and the plane itself.
    const float cwp = (p1.x - p0.x) / float(sh.c), rhp = (p1.y - p0.y) / float(sh.n);
    const StatsSharing b = lab.sharing_of(outline_method, pick.n, pick.c);
    if (b.n_end > b.n_begin) {
        dl->AddRect(ImVec2(p0.x + b.c_begin * cwp, p0.y + b.n_begin * rhp),
                    ImVec2(p0.x + b.c_end * cwp, p0.y + b.n_end * rhp),
                    IM_COL32(255, 255, 255, 255), 0, 0, 2.5f * s);
        dl->AddRect(ImVec2(p0.x + b.c_begin * cwp, p0.y + b.n_begin * rhp),
                    ImVec2(p0.x + b.c_end * cwp, p0.y + b.n_end * rhp), IM_COL32(0, 0, 0, 255),
                    0, 0, 1.0f * s);
    }
    dl->AddRect(ImVec2(p0.x + pick.c * cwp, p0.y + pick.n * rhp),
                ImVec2(p0.x + (pick.c + 1) * cwp, p0.y + (pick.n + 1) * rhp),
                plot::imgui::to_imgui(Rgba{213, 94, 0, 255}), 0, 0, 2.0f * s);
    // Axis names: n down the side, c along the bottom.
    const ImU32 muted = plot::imgui::to_imgui(theme.text_muted);
    dl->AddText(ImVec2(pos.x, p0.y), muted, "n");
    dl->AddText(ImVec2(pos.x, p1.y - lh), muted, std::to_string(sh.n - 1).c_str());
    dl->AddText(ImVec2(p0.x, p1.y + 2 * s), muted, "c = 0");
    const std::string clast = std::to_string(sh.c - 1);
    dl->AddText(ImVec2(p1.x - ImGui::CalcTextSize(clast.c_str()).x, p1.y + 2 * s), muted,
                clast.c_str());
    // Colour bar, top = hi.
    const ImVec2 b0(p1.x + 8 * s, p0.y), b1(p1.x + 8 * s + bar_w, p1.y);
    const int steps = 48;
    for (int i = 0; i < steps; ++i) {
        const float y0 = b0.y + (b1.y - b0.y) * float(i) / steps;
        const float y1 = b0.y + (b1.y - b0.y) * float(i + 1) / steps;
        dl->AddRectFilled(ImVec2(b0.x, y0), ImVec2(b1.x, y1),
                          plot::imgui::to_imgui(plot::viridis(1.0 - (i + 0.5) / steps)));
    }
    dl->AddRect(b0, b1, plot::imgui::to_imgui(theme.frame));
    const ImU32 text = plot::imgui::to_imgui(theme.text);
    dl->AddText(ImVec2(b1.x + 4 * s, b0.y - 2 * s), text, plot::format_value(hi, 4).c_str());
    dl->AddText(ImVec2(b1.x + 4 * s, b1.y - lh * 0.8f), text, plot::format_value(lo, 4).c_str());
    return hovered;
}

} // namespace

void draw_figure2(Figure2State& pick, model::NormalizationLab& lab,
                  const model::NormalizationLabState& s, UiContext& ui) {
    const Shape4 sh = lab.input().shape;
    pick.n = std::min(pick.n, sh.n - 1);
    pick.c = std::min(pick.c, sh.c - 1);
    const auto method = model::normalization_method(s);
    const auto bases = model::normalization_base_methods(method);

    ImGui::BeginChild("##figure2", ImVec2(0, 0), false,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float lh = ImGui::GetTextLineHeightWithSpacing();
    const float text_h = lh * 4.6f;
    // The boxes need about this much height at the width a quarter of the area gives them.
    const float a_w = (avail.x / 4.0f - 62.0f * ui.dpi_scale) / 1.45f;
    const float needed = lh * 1.2f + a_w * (0.45f * 0.75f + 0.95f) + 2.6f * lh;
    const float cubes_h = std::max(120.0f, std::min((avail.y - text_h) * 0.5f, needed));
    const float heat_h = std::max(60.0f, avail.y - text_h - cubes_h);

    std::size_t hn = pick.n, hc = pick.c;
    bool hovered = false;
    constexpr std::array<NormMethod, 4> kMethods{NormMethod::Batch, NormMethod::Layer,
                                                 NormMethod::Instance, NormMethod::Group};
    const float box_w = avail.x / 4.0f;
    for (std::size_t i = 0; i < kMethods.size(); ++i) {
        const bool selected =
            std::find(bases.begin(), bases.end(), kMethods[i]) != bases.end();
        hovered |= draw_box(dl, ImVec2(origin.x + float(i) * box_w, origin.y),
                            ImVec2(box_w, cubes_h), kMethods[i], selected, lab, pick, ui, hn, hc);
    }

    const std::string name = model::normalization_method_name(method);
    const bool mixed = method == model::NormLabMethod::Switchable;
    const std::string mean_title = name + (mixed ? ": mixed mean" : ": mean") + " of each (n, c)";
    const std::string var_title = name + (mixed ? ": mixed variance" : ": variance") + " of each (n, c)";
    const float gap = 16.0f * ui.dpi_scale;
    const ImVec2 hsize((avail.x - gap) * 0.5f, heat_h);
    const ImVec2 hpos(origin.x, origin.y + cubes_h);
    hovered |= heat_panel(dl, ui, "normalization-mean", mean_title.c_str(), lab.plane_mean(), lab,
                          bases.front(), pick, hpos, hsize, hn, hc);
    hovered |= heat_panel(dl, ui, "normalization-var", var_title.c_str(), lab.plane_var(), lab,
                          bases.front(), pick, ImVec2(hpos.x + hsize.x + gap, hpos.y), hsize, hn,
                          hc);
    if (hovered) {
        pick.n = hn;
        pick.c = hc;
    }

    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + cubes_h + heat_h + lh * 0.3f));
    ImGui::TextWrapped("%s", lab.sharing_text(pick.n, pick.c).c_str());
    ImGui::TextDisabled("Hover a box's top face or a heatmap cell to pick (n, c).");
    ImGui::EndChild();
}

} // namespace losslab::ui

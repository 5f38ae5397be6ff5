#include "plot/imgui/draw_list_painter.hpp"

#include <cmath>
#include <vector>

namespace losslab::plot::imgui {

ImU32 to_imgui(Rgba c) { return IM_COL32(c.r, c.g, c.b, c.a); }

ImFont* nearest_face(std::span<ImFont* const> faces, float pixels) {
    ImFont* best = nullptr;
    float best_d = 1e30f;
    for (ImFont* f : faces) {
        if (!f) continue;
        const float d = std::fabs(f->FontSize - pixels);
        if (d < best_d) {
            best = f;
            best_d = d;
        }
    }
    return best ? best : ImGui::GetFont();
}

namespace {
ImVec2 im(Vec2 v) { return {v.x, v.y}; }

void stroke(ImDrawList* list, std::span<const Vec2> pts, ImU32 col, float width) {
    std::vector<ImVec2> v(pts.size());
    for (size_t i = 0; i < pts.size(); ++i) v[i] = im(pts[i]);
    list->AddPolyline(v.data(), int(v.size()), col, ImDrawFlags_None, width);
}
} // namespace

void DrawListPainter::polyline(std::span<const Vec2> points, Rgba color,
                               float width, LineStyle style) {
    if (points.size() < 2) return;
    const ImU32 col = to_imgui(color);
    if (style == LineStyle::Solid) {
        stroke(m_list, points, col, width);
        return;
    }
    const float dash = style == LineStyle::Dashed ? 4.0f * width : 1.0f * width;
    const float gap = style == LineStyle::Dashed ? 2.5f * width : 1.6f * width;
    for (const auto& piece : dash_polyline(points, dash, gap)) stroke(m_list, piece, col, width);
}

void DrawListPainter::convex_fill(std::span<const Vec2> points, Rgba color) {
    std::vector<ImVec2> v(points.size());
    for (size_t i = 0; i < points.size(); ++i) v[i] = im(points[i]);
    m_list->AddConvexPolyFilled(v.data(), int(v.size()), to_imgui(color));
}

void DrawListPainter::rect_fill(const Rect& r, Rgba color) {
    if (color.a == 0) return;
    m_list->AddRectFilled({r.x0, r.y0}, {r.x1, r.y1}, to_imgui(color));
}

void DrawListPainter::rect_outline(const Rect& r, Rgba color, float width) {
    m_list->AddRect({r.x0, r.y0}, {r.x1, r.y1}, to_imgui(color), 0.0f, ImDrawFlags_None, width);
}

void DrawListPainter::circle_fill(Vec2 center, float radius, Rgba color) {
    m_list->AddCircleFilled(im(center), radius, to_imgui(color));
}

void DrawListPainter::text(Vec2 pos, std::string_view text, float size, Rgba color) {
    ImFont* font = nearest_face(m_faces, size);
    m_list->AddText(font, size, im(pos), to_imgui(color), text.data(), text.data() + text.size());
}

Vec2 DrawListPainter::measure(std::string_view text, float size) {
    ImFont* font = nearest_face(m_faces, size);
    const ImVec2 s = font->CalcTextSizeA(size, 1e9f, 0.0f, text.data(), text.data() + text.size());
    return {s.x, s.y};
}

void DrawListPainter::push_clip(const Rect& r) {
    m_list->PushClipRect({r.x0, r.y0}, {r.x1, r.y1}, true);
}

void DrawListPainter::pop_clip() { m_list->PopClipRect(); }

} // namespace losslab::plot::imgui

#pragma once
// The ImDrawList implementation of plot::Painter: figures on screen (and, in the browser build,
// PNG exports drawn into an offscreen WebGL framebuffer).

#include "plot/painter.hpp"

#include <imgui.h>

#include <span>

namespace losslab::plot::imgui {

// ImGui's packed colour of an Rgba.
ImU32 to_imgui(Rgba c);

// The face of `faces` closest in size to `pixels` (ImGui's current font when empty).
ImFont* nearest_face(std::span<ImFont* const> faces, float pixels);

// Paints into an ImDrawList, choosing for text the baked face nearest to the requested size.
class DrawListPainter final : public Painter {
public:
    DrawListPainter(ImDrawList* list, std::span<ImFont* const> faces)
        : m_list(list), m_faces(faces) {}

    void polyline(std::span<const Vec2> points, Rgba color, float width,
                  LineStyle style) override;
    void convex_fill(std::span<const Vec2> points, Rgba color) override;
    void rect_fill(const Rect& r, Rgba color) override;
    void rect_outline(const Rect& r, Rgba color, float width) override;
    void circle_fill(Vec2 center, float radius, Rgba color) override;
    void text(Vec2 pos, std::string_view text, float size, Rgba color) override;
    Vec2 measure(std::string_view text, float size) override;
    void push_clip(const Rect& r) override;
    void pop_clip() override;

private:
    ImDrawList* m_list;
    std::span<ImFont* const> m_faces;
};

} // namespace losslab::plot::imgui

#pragma once
// The ImDrawList implementation of model::Painter: figures on screen and, drawn into an
// offscreen framebuffer, in PNG exports.

#include "model/painter.hpp"
#include "ui/ui_context.hpp"

#include <imgui.h>

namespace losslab::ui {

// ImGui's packed colour of an Rgba.
ImU32 to_imgui(model::Rgba c);

// Paints into an ImDrawList, choosing for text the baked face nearest to the requested size.
class DrawListPainter final : public model::Painter {
public:
    DrawListPainter(ImDrawList* list, const Fonts& fonts) : m_list(list), m_fonts(fonts) {}

    void polyline(std::span<const model::Vec2> points, model::Rgba color, float width,
                  model::LineStyle style) override;
    void convex_fill(std::span<const model::Vec2> points, model::Rgba color) override;
    void rect_fill(const model::Rect& r, model::Rgba color) override;
    void rect_outline(const model::Rect& r, model::Rgba color, float width) override;
    void circle_fill(model::Vec2 center, float radius, model::Rgba color) override;
    void text(model::Vec2 pos, std::string_view text, float size, model::Rgba color) override;
    model::Vec2 measure(std::string_view text, float size) override;
    void push_clip(const model::Rect& r) override;
    void pop_clip() override;

private:
    ImDrawList* m_list;
    const Fonts& m_fonts;
};

} // namespace losslab::ui

#include "ui/plot_widget.hpp"

#include "model/painter.hpp"
#include "model/plot_view.hpp"
#include "model/sampling.hpp"
#include "ui/draw_list_painter.hpp"
#include "ui/export_dialog.hpp"
#include "ui/lesson_panel.hpp"

#include <cmath>

namespace losslab::ui {

namespace {

constexpr double kWheelZoomStep = 0.85;

void apply_hidden(model::Figure& fig, const PlotView& pv) {
    for (auto& s : fig.series)
        if (!s.name.empty() && pv.hidden.count(s.name)) s.visible = false;
}

// The value of a series at x: its exact function when it has one, else the nearest sample.
double series_value_at(const model::Series& s, double x) {
    if (s.exact) return model::exact_value_at(s, x).value_or(std::nan("")); // NaN: outside
    double best = std::nan(""), best_d = INFINITY;
    for (size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i)
        if (std::fabs(s.x[i] - x) < best_d) {
            best_d = std::fabs(s.x[i] - x);
            best = s.y[i];
        }
    return best;
}

// Applies this frame's mouse input to the view state; true when the figure must be laid out
// again (view or hidden series changed).
bool handle_mouse(PlotView& pv, const model::PlotLayout& L, UiContext& ui, bool pan_zoom) {
    ImGuiIO& io = ImGui::GetIO();
    const model::Vec2 mouse{io.MousePos.x, io.MousePos.y};
    const bool hovered = ImGui::IsItemHovered();
    const bool in_plot = hovered && L.plot.contains(mouse);

    for (const auto& e : L.legend_entries) {
        if (hovered && e.row.contains(mouse) && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
            const std::string& name = e.text;
            if (!pv.hidden.erase(name)) pv.hidden.insert(name);
            return true;
        }
    }
    if (!pan_zoom) {
        pv.hovered = in_plot;
        pv.hover_x = in_plot ? L.px_to_x(mouse.x) : 0.0;
        return false;
    }
    if (in_plot && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
        pv.user_view = false;
        return true;
    }
    const model::ViewRange before = pv.view;
    if (in_plot && io.MouseWheel != 0.0f) {
        pv.view = model::zoom_view(L, mouse, std::pow(kWheelZoomStep, io.MouseWheel));
        pv.user_view = true;
    }
    if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 1.0f)) {
        const model::Vec2 prev{mouse.x - io.MouseDelta.x, mouse.y - io.MouseDelta.y};
        pv.view = model::pan_view(L, prev, mouse);
        pv.user_view = true;
    }
    if (in_plot && ImGui::IsMouseClicked(ImGuiMouseButton_Right)) pv.box_start = mouse;
    if (pv.box_start) {
        if (ImGui::IsMouseDown(ImGuiMouseButton_Right)) {
            ImGui::GetWindowDrawList()->AddRectFilled({pv.box_start->x, pv.box_start->y},
                                                      {mouse.x, mouse.y},
                                                      IM_COL32(0, 114, 178, 40));
            ImGui::GetWindowDrawList()->AddRect({pv.box_start->x, pv.box_start->y},
                                                {mouse.x, mouse.y}, IM_COL32(0, 114, 178, 200),
                                                0.0f, 0, 1.5f * ui.dpi_scale);
        } else {
            const auto next = model::box_view(L, *pv.box_start, mouse);
            if (!(next == L.view)) {
                pv.view = next;
                pv.user_view = true;
            }
            pv.box_start.reset();
        }
    }
    pv.hovered = in_plot && !pv.box_start;
    pv.hover_x = pv.hovered ? L.px_to_x(mouse.x) : 0.0;
    return !(before == pv.view);
}

void draw_hover(const model::Figure& fig, const PlotView& pv, const model::PlotLayout& L,
                UiContext& ui) {
    if (!pv.hovered || ImGui::IsMouseDragging(ImGuiMouseButton_Left)) return;
    const auto theme = model::plot_theme(ui.theme);
    const float x = L.x_to_px(pv.hover_x);
    ImGui::GetWindowDrawList()->AddLine({x, L.plot.y0}, {x, L.plot.y1},
                                        to_imgui(model::with_alpha(theme.text_muted, 0.7f)),
                                        1.0f * ui.dpi_scale);
    ImGui::BeginTooltip();
    ImGui::TextDisabled("%s = %s", fig.x_axis.label.substr(0, fig.x_axis.label.find(' ')).c_str(),
                        model::format_value(pv.hover_x).c_str());
    for (const auto& s : fig.series) {
        if (!s.visible || s.name.empty() || s.kind == model::SeriesKind::VLine ||
            s.kind == model::SeriesKind::HLine)
            continue;
        const double v = series_value_at(s, pv.hover_x);
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(to_imgui(s.color)), "■");
        ImGui::SameLine();
        ImGui::Text("%s: %s", s.name.c_str(),
                    std::isnan(v) && s.exact ? "outside the domain" : model::format_value(v).c_str());
        const float y = L.y_to_px(v);
        if (std::isfinite(v) && y >= L.plot.y0 && y <= L.plot.y1)
            ImGui::GetForegroundDrawList()->AddCircleFilled({x, y}, 4.0f * ui.dpi_scale,
                                                            to_imgui(s.color));
    }
    ImGui::EndTooltip();
}

// The "Export…" button at the bottom-right corner of a plot: painted into the plot (not a
// separate ImGui item, so the panel's layout sees one item per plot) and clicked through the
// plot's own item.
model::Rect export_button_rect(const model::Rect& outer, const UiContext& ui) {
    const ImVec2 text = ImGui::CalcTextSize("Export…");
    const ImVec2 pad = ImGui::GetStyle().FramePadding;
    const float w = text.x + 2.0f * pad.x, h = text.y + pad.y;
    const float m = 3.0f * ui.dpi_scale;
    return {outer.x1 - w - m, outer.y1 - h - m, outer.x1 - m, outer.y1 - m};
}

void draw_export_button(const model::Figure& figure, ImVec2 size, const model::Rect& outer,
                        UiContext& ui) {
    const model::Rect r = export_button_rect(outer, ui);
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const bool hovered = ImGui::IsItemHovered() && r.contains({mouse.x, mouse.y});
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled({r.x0, r.y0}, {r.x1, r.y1},
                      ImGui::GetColorU32(hovered ? ImGuiCol_ButtonHovered : ImGuiCol_Button),
                      ImGui::GetStyle().FrameRounding);
    const ImVec2 pad = ImGui::GetStyle().FramePadding;
    dl->AddText({r.x0 + pad.x, r.y0 + 0.5f * pad.y}, ImGui::GetColorU32(ImGuiCol_Text), "Export…");
    if (!hovered) return;
    ImGui::SetTooltip("Save this figure as PNG, SVG or CSV (Ctrl+E)");
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) open_export_dialog(ui, figure.name, size);
}

} // namespace

model::PlotStyle plot_style(const UiContext& ui) {
    model::PlotStyle style;
    const float s = ui.dpi_scale;
    style.font_size *= s;
    style.label_size *= s;
    style.title_size *= s;
    style.padding *= s;
    style.stroke_scale = s;
    return style;
}

PlotOutcome plot_figure(const char* str_id, const model::Figure& figure, ImVec2 size,
                        UiContext& ui, const PlotOptions& options) {
    const ImGuiID id = ImGui::GetID(str_id);
    PlotView& pv = ui.plots[id];
    if (!pv.user_view) pv.view = model::default_view(figure);

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    if (size.x <= 0.0f) size.x = std::max(avail.x, 50.0f);
    if (size.y <= 0.0f) size.y = std::max(avail.y, 50.0f);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(str_id, size, ImGuiButtonFlags_MouseButtonLeft |
                                             ImGuiButtonFlags_MouseButtonRight);

    model::Figure fig = figure;
    apply_hidden(fig, pv);
    add_lesson_notes(fig, ui);
    const auto theme = model::plot_theme(ui.theme);
    const auto style = plot_style(ui);
    DrawListPainter painter(ImGui::GetWindowDrawList(), ui.fonts);
    const model::TextMeasure measure = [&](std::string_view t, float sz) {
        return painter.measure(t, sz);
    };
    const model::Rect outer{origin.x, origin.y, origin.x + size.x, origin.y + size.y};
    auto layout = model::layout_plot(fig, pv.view, outer, style, measure);
    // The export button sits inside the plot's own item, so clicks on it must not pan or
    // move markers: the plot sees no mouse while the cursor is over the button.
    const bool on_button = !figure.name.empty() &&
                           export_button_rect(outer, ui).contains({ImGui::GetIO().MousePos.x, ImGui::GetIO().MousePos.y});
    if (!on_button && handle_mouse(pv, layout, ui, options.pan_zoom)) {
        if (!pv.user_view) pv.view = model::default_view(figure);
        fig = figure;
        apply_hidden(fig, pv);
        add_lesson_notes(fig, ui);
        layout = model::layout_plot(fig, pv.view, outer, style, measure);
    }
    model::paint_figure(fig, layout, theme, style, painter);
    if (options.hover_readout) draw_hover(fig, pv, layout, ui);
    if (pv.hovered && !figure.name.empty()) last_hovered_figure(ui) = figure.name;
    if (!figure.name.empty()) draw_export_button(figure, size, outer, ui);

    PlotOutcome out;
    out.hovered = pv.hovered;
    out.hover_x = pv.hover_x;
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    out.mouse_x = layout.px_to_x(mouse.x);
    out.mouse_y = layout.px_to_y(mouse.y);
    out.clicked = pv.hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left);
    out.dragging = ImGui::IsItemActive() && ImGui::IsMouseDown(ImGuiMouseButton_Left);
    out.layout = layout;
    return out;
}

} // namespace losslab::ui

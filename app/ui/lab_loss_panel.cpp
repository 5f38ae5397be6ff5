#include "model/labs/lab_loss.hpp"
#include "model/params/param_registry.hpp"
#include "plot/plot_layout.hpp"
#include "plot/imgui/draw_list_painter.hpp"
#include "ui/lab_panels.hpp"
#include "ui/layout_helpers.hpp"
#include "ui/param_widgets.hpp"
#include "ui/figure_widget.hpp"

#include <imgui.h>

namespace losslab::ui {

namespace {


void readout_table(const model::LossLabState& s) {
    const auto rows = model::loss_readout(s);
    ImGui::Text("At pₜ = %s:", plot::format_value(s.marker).c_str());
    if (!ImGui::BeginTable("##loss-readout", 3,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                               ImGuiTableFlags_SizingStretchProp))
        return;
    ImGui::TableSetupColumn("curve", ImGuiTableColumnFlags_WidthStretch, 3.0f);
    ImGui::TableSetupColumn("L", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableSetupColumn("dL/dz", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableHeadersRow();
    for (const auto& r : rows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(plot::imgui::to_imgui(r.color)), "■");
        ImGui::SameLine();
        ImGui::TextUnformatted(r.name.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(plot::format_value(r.value, 4).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(plot::format_value(r.dloss_dz, 4).c_str());
    }
    ImGui::EndTable();
}

// Whether the press under way began on a legend entry: its release must not also move the
// marker. (A double-click still places the marker where it resets the view: telling its first
// click from a single one needs a deferred click, not done yet.)
struct MarkerClick {
    bool ignore_release = false;
};

// A click (press and release without dragging) on a plot moves the marker there; a click on
// a legend entry does not.
void move_marker_on_click(model::AppState& state, UiContext& ui,
                          const plot::imgui::PlotOutcome& out) {
    auto& mc = panel_data<MarkerClick>(ui, "loss-marker-click");
    if (out.hovered && out.legend_toggled.has_value()) mc.ignore_release = true;
    if (!ImGui::IsMouseReleased(ImGuiMouseButton_Left)) return;
    const bool click = out.hovered &&
                       ImGui::GetIO().MouseDragMaxDistanceSqr[ImGuiMouseButton_Left] < 9.0f;
    if (click && !mc.ignore_release)
        state.loss.marker = model::loss_marker_from_x(state.loss, out.hover_x);
}

// Clears the ignore flag once the button is up (after both plots have looked at the release).
void end_marker_clicks(UiContext& ui) {
    if (!ImGui::IsMouseDown(ImGuiMouseButton_Left) && !ImGui::IsMouseReleased(ImGuiMouseButton_Left))
        panel_data<MarkerClick>(ui, "loss-marker-click").ignore_release = false;
}

} // namespace

void draw_loss_lab(model::AppState& state, UiContext& ui) {
    auto& cache = panel_data<FigureCache<model::LossLabState>>(ui, "loss");
    if (cache.stale(state.loss))
        cache.figures = {model::loss_vs_probability_figure(state.loss),
                         model::loss_gradient_figure(state.loss)};

    begin_plot_area(ui);
    const float h = ImGui::GetContentRegionAvail().y;
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    move_marker_on_click(state, ui, plot_figure("loss-vs-probability", cache.figures[0],
                                                ImVec2(0, 0.62f * (h - spacing)), ui));
    move_marker_on_click(state, ui,
                         plot_figure("loss-gradient", cache.figures[1], ImVec2(0, 0), ui));
    end_marker_clicks(ui);
    end_plot_area();

    begin_controls(ui, "Parameters");
    param_control(state, "loss.x_axis");
    ImGui::Spacing();
    ImGui::TextDisabled("Curves");
    for (const char* key : {"loss.show_ce", "loss.show_focal", "loss.show_balanced",
                            "loss.show_bce", "loss.show_brier", "loss.show_smoothed"})
        param_control(state, key);
    ImGui::Separator();
    for (const char* key : {"loss.gamma", "loss.alpha", "loss.y", "loss.K", "loss.eps"})
        param_control(state, key);
    ImGui::Separator();
    param_control(state, "loss.marker");
    readout_table(state.loss);
    ImGui::Spacing();
    ImGui::TextWrapped("Cross-entropy punishes a confident mistake without bound; focal loss "
                       "multiplies it by (1 − pₜ)ᵞ so that well-classified examples add almost "
                       "nothing. Label smoothing stops the loss from reaching 0: its minimum "
                       "sits below pₜ = 1. Click a plot to move the marker.");
    end_controls();
}

} // namespace losslab::ui

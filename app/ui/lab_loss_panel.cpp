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

// A single click on a plot (not a legend entry, not half of a double-click: the widget holds
// a click back until the double-click time has passed) moves the marker to it.
void move_marker_on_click(model::AppState& state, const plot::imgui::PlotOutcome& out) {
    if (out.single_click) state.loss.marker = model::loss_marker_from_x(state.loss, out.click_x);
}

} // namespace

void draw_loss_lab(model::AppState& state, UiContext& ui) {
    auto& cache = panel_data<FigureCache<model::LossLabState>>(ui, "loss");
    if (cache.stale(state.loss))
        cache.figures = {model::loss_vs_probability_figure(state.loss, true),
                         model::loss_gradient_figure(state.loss, true)};

    begin_plot_area(ui);
    const float h = ImGui::GetContentRegionAvail().y;
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    const plot::imgui::PlotOptions options{.legend_hides = false};
    const auto top = plot_figure("loss-vs-probability", cache.figures[0],
                                 ImVec2(0, 0.62f * (h - spacing)), ui, options);
    const auto bottom = plot_figure("loss-gradient", cache.figures[1], ImVec2(0, 0), ui, options);
    // The curves' "show" checkboxes are the one state of their visibility: a legend click
    // flips the checkbox, and a curve whose checkbox is off stays in the legend, muted, so
    // that a click there shows it again.
    for (const auto* out : {&top, &bottom}) {
        move_marker_on_click(state, *out);
        toggle_series_from_legend(state, model::LabId::Loss, *out);
    }
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

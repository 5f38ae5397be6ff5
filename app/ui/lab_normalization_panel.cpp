// The "Normalization" lab: a tab bar over four views (Wu & He's Figure 2 with the per-(n, c)
// statistics as heatmaps, histograms before/after, the batch-size effect, the cousins) on the
// left; the input (generated or a .npy file), the method and the parameters on the right. The
// tab bar is the widget of `normalization.view`.
//
// [SECTION] Panel data and helpers
// [SECTION] Figure 2: cubes and heatmaps   (model/labs/lab_normalization_figure2.cpp)
// [SECTION] Views and controls
#include "losslab/assert.hpp"
#include "model/labs/lab_normalization.hpp"
#include "model/labs/lab_normalization_figure2.hpp"
#include "ui/lab_panels.hpp"
#include "ui/layout_helpers.hpp"
#include "ui/param_widgets.hpp"
#include "ui/figure_widget.hpp"

#include <imgui.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>

namespace losslab::ui {

namespace {

// [SECTION] Panel data and helpers ---------------------------------------------------------

struct NormPanel {
    model::NormalizationLab lab;
    // One figure cache per view: a view's figures are rebuilt only while it is visible.
    std::array<FigureCache<model::NormalizationLabState>, 5> caches;
    int shown = -1;
    int requested = -1;
    // The input-file field, and the outcome of the last Load.
    std::array<char, 1024> path_text{};
    std::string load_message;
    bool load_failed = false;
    // The plane (n, c) Figure 2 and the heatmaps show picked; hovering a box or a cell sets it.
    model::NormPick pick;
    // The "Your vector" field, the state's vector it was last synced with, and the message of
    // a text that does not parse (the state keeps the last good vector).
    std::array<char, 256> vec_text{};
    std::string vec_synced;
    std::string vec_error;
    bool vec_active = false;
};

const std::vector<plot::Figure>& figures(NormPanel& panel, const model::NormalizationLabState& s,
                                          int view) {
    auto& cache = panel.caches[std::size_t(view)];
    if (!cache.stale(s)) return cache.figures;
    auto& lab = panel.lab;
    switch (view) {
    case 1: cache.figures = {model::normalization_histogram_figure(s, lab)}; break;
    case 2:
        cache.figures = {model::normalization_batch_size_figure(s, lab),
                         model::normalization_running_figure(s, lab)};
        break;
    case 4:
        cache.figures = {model::normalization_own_vector_figure(s)};
        break;
    case 3:
        cache.figures = {model::normalization_renorm_figure(s, lab),
                         model::normalization_spectral_figure(s, lab),
                         model::normalization_weight_norm_figure(s, lab),
                         model::normalization_switchable_figure(s, lab)};
        break;
    default: cache.figures.clear(); break;
    }
    return cache.figures;
}

// [SECTION] Views and controls -------------------------------------------------------------

// Figure 2's boxes above the selected method's mean and variance heatmaps, all through the
// plot widget; hovering a box's top or front face or a heatmap cell picks the plane (n, c).
void draw_figure2_view(NormPanel& panel, const model::NormalizationLabState& s, UiContext& ui) {
    auto& lab = panel.lab;
    panel.pick = model::clamp_pick(panel.pick, (lab.update(s), lab));
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = ImGui::GetStyle().ItemSpacing.y;
    const float gx = ImGui::GetStyle().ItemSpacing.x;
    const float hint_h = ImGui::GetTextLineHeightWithSpacing();
    const float cubes_h = std::max(160.0f, (avail.y - hint_h - gap) * 0.46f);
    const plot::imgui::PlotOptions still{.pan_zoom = false, .hover_readout = false};
    std::optional<model::NormPick> hovered;
    // Two rows of two boxes when one row would leave them small (a narrow figure).
    const int columns = avail.x < 1.3f * cubes_h ? 2 : 4;
    const auto cubes = model::normalization_figure2(s, lab, panel.pick, columns);
    if (auto out = plot_figure("normalization-figure-2", cubes, ImVec2(0, cubes_h), ui, still);
        out.hovered)
        hovered = model::normalization_figure2_pick_at(lab, out.mouse_x, out.mouse_y, columns);
    const float heat_h = std::max(120.0f, avail.y - cubes_h - hint_h - 2.0f * gap);
    const ImVec2 cell((avail.x - gx) * 0.5f, heat_h);
    const auto mean = model::normalization_mean_heatmap(s, lab, panel.pick);
    if (auto out = plot_figure("normalization-figure-2-mean-heatmap", mean, cell, ui, still);
        out.hovered)
        hovered = model::normalization_heatmap_pick_at(lab, out.mouse_x, out.mouse_y);
    ImGui::SameLine();
    const auto var = model::normalization_variance_heatmap(s, lab, panel.pick);
    if (auto out = plot_figure("normalization-figure-2-variance-heatmap", var, cell, ui, still);
        out.hovered)
        hovered = model::normalization_heatmap_pick_at(lab, out.mouse_x, out.mouse_y);
    if (hovered) panel.pick = *hovered;
    ImGui::TextDisabled("Hover a box's top face or a heatmap cell to pick (n, c).");
}

// The "Your vector" tab: a text field for the vector above LayerNorm vs RMSNorm of it. A text
// that does not parse is shown with its message and leaves the state's vector as it was.
void draw_vector_view(NormPanel& panel, model::AppState& state, UiContext& ui) {
    auto& s = state.normalization;
    const std::string current = model::norm_vector_text(s);
    // A session, a lesson or --set changed the vector: show it (unless the user is typing).
    if (current != panel.vec_synced && !panel.vec_active) {
        std::snprintf(panel.vec_text.data(), panel.vec_text.size(), "%s", current.c_str());
        panel.vec_synced = current;
        panel.vec_error.clear();
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Your vector x:");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(
        std::min(ImGui::GetContentRegionAvail().x, 28.0f * ImGui::GetFontSize()));
    if (ImGui::InputTextWithHint("##normalization.vector", "1, 2, 3, 10", panel.vec_text.data(),
                                 panel.vec_text.size())) {
        auto v = model::parse_norm_vector(panel.vec_text.data());
        if (v) {
            model::set_norm_vector(s, v.value());
            panel.vec_synced = model::norm_vector_text(s);
            panel.vec_error.clear();
        } else {
            panel.vec_error = v.error().message;
        }
    }
    panel.vec_active = ImGui::IsItemActive();
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("1 to 8 numbers separated by commas or spaces; each bar pair below is "
                          "one component");
    if (!panel.vec_error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.85f, 0.2f, 0.1f, 1.0f));
        ImGui::TextWrapped("%s (showing the last valid vector)", panel.vec_error.c_str());
        ImGui::PopStyleColor();
    }
    const auto& figs = figures(panel, s, 4);
    plot_figure("normalization-own-vector", figs[0], ImVec2(0, 0), ui);
}

void draw_view(NormPanel& panel, model::AppState& state, UiContext& ui, int view) {
    const auto& s = state.normalization;
    if (view == 0) {
        draw_figure2_view(panel, s, ui);
        return;
    }
    if (view == 4) {
        draw_vector_view(panel, state, ui);
        return;
    }
    const auto& figs = figures(panel, s, view);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = ImGui::GetStyle().ItemSpacing.y;
    switch (view) {
    case 1:
        plot_figure("normalization-histograms", figs[0], ImVec2(0, 0), ui,
                    plot::imgui::PlotOptions{.pan_zoom = true, .hover_readout = false});
        break;
    case 2:
        plot_figure("normalization-batch-size", figs[0], ImVec2(0, (avail.y - gap) * 0.58f), ui);
        plot_figure("normalization-running-mean", figs[1], ImVec2(0, 0), ui);
        break;
    case 3: {
        static constexpr std::array<const char*, 4> kIds{
            "normalization-renorm", "normalization-spectral", "normalization-weight-norm",
            "normalization-switchable"};
        std::vector<GridRow> rows;
        for (std::size_t i = 0; i + 1 < figs.size(); i += 2) {
            GridRow row{{}, 0.5f};
            for (std::size_t j = i; j < i + 2; ++j)
                row.cells.push_back({kIds[j], &figs[j], 0.5f,
                                     plot::imgui::PlotOptions{.pan_zoom = true,
                                                              .hover_readout = j == 1}});
            rows.push_back(std::move(row));
        }
        plot_grid(rows, ui);
        break;
    }
    default: break;
    }
}

void draw_tabs(NormPanel& panel, model::AppState& state, UiContext& ui) {
    int& view = state.normalization.view;
    if (view != panel.shown) panel.requested = view;
    static constexpr std::array<const char*, 5> kTabs{
        "Figure 2: who shares a statistic", "Histograms", "Batch size", "Cousins", "Your vector"};
    int open = -1;
    if (ImGui::BeginTabBar("normalization-views")) {
        for (int i = 0; i < int(kTabs.size()); ++i) {
            const ImGuiTabItemFlags flags =
                panel.requested == i ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
            if (ImGui::BeginTabItem(kTabs[std::size_t(i)], nullptr, flags)) {
                open = i;
                draw_view(panel, state, ui, i);
                ImGui::EndTabItem();
            }
        }
        ImGui::EndTabBar();
    }
    // A requested view wins until the tab bar has shown it (SetSelected applies a frame later).
    if (panel.requested >= 0) {
        if (open == panel.requested) panel.requested = -1;
    } else if (open >= 0) {
        view = open;
    }
    panel.shown = view;
}

void input_controls(NormPanel& panel, model::AppState& state, const UiContext& ui) {
    auto& s = state.normalization;
    section_heading(ui, "Input");
    ImGui::TextWrapped("%s", panel.lab.source().c_str());
    const float button_w = ImGui::CalcTextSize("Load").x + 2 * ImGui::GetStyle().FramePadding.x;
    ImGui::SetNextItemWidth(-button_w - ImGui::GetStyle().ItemSpacing.x);
    const bool enter = ImGui::InputTextWithHint("##normalization.input", "activations.npy",
                                                panel.path_text.data(), panel.path_text.size(),
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("A NumPy .npy file (float32 or float64) of shape (N, C, H, W), "
                          "(N, C, L) or (N, C): e.g. np.save('a.npy', layer_output.numpy())");
    ImGui::SameLine();
    if (ImGui::Button("Load") || enter) {
        const std::string path = panel.path_text.data();
        auto r = panel.lab.load(path);
        panel.load_failed = !r.ok();
        if (r) {
            s.input_path = path;
            panel.load_message = r.value();
        } else {
            panel.load_message = r.error().message;
        }
    }
    if (!panel.load_message.empty()) {
        const ImVec4 colour = panel.load_failed ? ImVec4(0.85f, 0.2f, 0.1f, 1.0f)
                                                : ImVec4(0.1f, 0.55f, 0.25f, 1.0f);
        ImGui::PushStyleColor(ImGuiCol_Text, colour);
        ImGui::TextWrapped("%s", panel.load_message.c_str());
        ImGui::PopStyleColor();
    }
    if (!s.input_path.empty() && ImGui::Button("Use generated activations", ImVec2(-1, 0))) {
        s.input_path.clear();
        panel.load_message.clear();
    }
}

void view_controls(model::AppState& state, const UiContext& ui) {
    switch (state.normalization.view) {
    case 2:
        section_heading(ui, "BatchNorm in training");
        param_control(state, "normalization.momentum");
        param_control(state, "normalization.batch");
        ImGui::TextWrapped("Small batches make BatchNorm's mean of a sample depend on its "
                           "batch-mates; GroupNorm and LayerNorm use the sample alone.");
        ImGui::Spacing();
        ImGui::TextWrapped(
            "Each batch is sample 0 plus B − 1 others drawn at random from the population. "
            "At B = 1 the batch is sample 0 alone, so BatchNorm's mean is sample 0's own "
            "channel mean whatever is drawn; at the largest B every batch is the whole "
            "population, so the mean is the population's every time. In between the spread "
            "is largest at B = 2 and shrinks as B grows.");
        break;
    case 4:
        section_heading(ui, "Your vector");
        ImGui::TextWrapped(
            "LayerNorm(x) = (x − mean) / √(variance + ε) centres and scales; RMSNorm(x) = "
            "x / √(mean x² + ε) (torch.nn.RMSNorm, no weight) only scales. Add the same "
            "number to every component: LayerNorm's output does not change, RMSNorm's does. "
            "With a zero-mean vector the two agree. ε is the lab's ε.");
        break;
    case 3:
        section_heading(ui, "Batch Renorm");
        param_control(state, "normalization.r_max");
        param_control(state, "normalization.d_max");
        param_control(state, "normalization.batch");
        section_heading(ui, "Switchable / Batch-Instance");
        param_control(state, "normalization.sw_in");
        param_control(state, "normalization.sw_ln");
        param_control(state, "normalization.sw_bn");
        param_control(state, "normalization.rho");
        section_heading(ui, "Weights");
        param_control(state, "normalization.power_iters");
        param_control(state, "normalization.weight_g");
        break;
    default: break;
    }
}

} // namespace

void draw_normalization_lab(model::AppState& state, UiContext& ui) {
    auto& panel = panel_data<NormPanel>(ui, "normalization");
    panel.lab.update(state.normalization);

    begin_plot_area(ui);
    draw_tabs(panel, state, ui);
    end_plot_area();

    begin_controls(ui, "Normalization");
    auto& s = state.normalization;
    param_control(state, "normalization.method");
    param_control(state, "normalization.groups");
    param_control(state, "normalization.eps");
    if (!panel.lab.message().empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.8f, 0.4f, 0.0f, 1.0f));
        ImGui::TextWrapped("%s", panel.lab.message().c_str());
        ImGui::PopStyleColor();
    }
    view_controls(state, ui);
    input_controls(panel, state, ui);
    section_heading(ui, "Generated activations");
    ImGui::BeginDisabled(!s.input_path.empty());
    param_control(state, "normalization.n");
    param_control(state, "normalization.c");
    param_control(state, "normalization.h");
    param_control(state, "normalization.w");
    param_control(state, "normalization.channel_shift");
    param_control(state, "normalization.channel_scale");
    param_control(state, "normalization.sample_shift");
    param_control(state, "normalization.sample_scale");
    param_control(state, "normalization.seed");
    ImGui::EndDisabled();
    end_controls();
}

} // namespace losslab::ui

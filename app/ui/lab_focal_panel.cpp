// The "Focal loss" lab: a tab bar over four views (Figure 1, modulating factor, imbalance,
// pitfalls) on the left, the parameters of the visible view on the right. The tab bar is the
// widget of the `focal.view` parameter, so `--set focal.view=pitfalls` opens that tab.
#include "losslab/assert.hpp"
#include "model/labs/lab_focal.hpp"
#include "ui/lab_panels.hpp"
#include "ui/layout_helpers.hpp"
#include "ui/param_widgets.hpp"
#include "ui/figure_widget.hpp"

#include <imgui.h>

#include <array>
#include <cstring>
#include <optional>
#include <string>

namespace losslab::ui {

namespace {

using model::FocalView;

// Everything the panel keeps between frames.
struct FocalPanel {
    // One cache per view: a view's figures are rebuilt only while it is visible. The
    // pitfalls view's figures read nothing but the class count, so its cache is keyed by
    // that alone (a γ or α move does not rebuild them).
    std::array<FigureCache<model::FocalLabState>, 3> caches;
    FigureCache<int> pitfalls;
    // The view last shown, and a view requested by the state (a session, --set) that the tab
    // bar has not shown yet; -1 when none.
    int shown = -1;
    int requested = -1;
    // The γ-list editor's text, what it was last synced from, and its error.
    std::array<char, 160> gamma_text{};
    std::optional<model::GammaList> text_of;
    std::string gamma_error;
};

const std::vector<plot::Figure>& figures(FocalPanel& panel, const model::FocalLabState& s,
                                          FocalView view) {
    if (view == FocalView::Pitfalls) {
        auto& cache = panel.pitfalls;
        if (cache.stale(s.pitfall_classes))
            cache.figures = {model::focal_pitfall_float32_figure(s),
                             model::focal_pitfall_probabilities_figure(s),
                             model::focal_pitfall_softmax_twice_figure(s),
                             model::focal_pitfall_multilabel_figure(s)};
        return cache.figures;
    }
    auto& cache = panel.caches[size_t(view)];
    if (!cache.stale(s)) return cache.figures;
    switch (view) {
    case FocalView::Figure1: cache.figures = {model::focal_figure1(s)}; break;
    case FocalView::Modulating: cache.figures = {model::focal_modulating_figure(s)}; break;
    case FocalView::Imbalance: cache.figures = {model::focal_imbalance_figure(s)}; break;
    case FocalView::Pitfalls: break;
    }
    return cache.figures;
}

// Text lines below a plot: reserve their height so the plot fills the rest.
float lines_height(int lines) {
    return float(lines) * ImGui::GetTextLineHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
}

void draw_view(FocalPanel& panel, model::AppState& state, UiContext& ui, FocalView view) {
    const auto& s = state.focal;
    const auto& figs = figures(panel, s, view);
    switch (view) {
    case FocalView::Figure1: plot_figure("focal-figure-1", figs[0], ImVec2(0, 0), ui); break;
    case FocalView::Modulating: {
        const float text_h = lines_height(2);
        plot_figure("focal-modulating", figs[0],
                    ImVec2(0, ImGui::GetContentRegionAvail().y - text_h), ui);
        if (ui.fonts.heading) ImGui::PushFont(ui.fonts.heading);
        ImGui::TextWrapped("%s", model::focal_readout(s).c_str());
        if (ui.fonts.heading) ImGui::PopFont();
        break;
    }
    case FocalView::Imbalance: {
        const auto lines = model::focal_imbalance_lines(s);
        // The sums wrap in a narrow window: reserve the height they really take.
        const float wrap = ImGui::GetContentRegionAvail().x - ImGui::GetTreeNodeToLabelSpacing();
        float text_h = lines_height(1);
        for (const auto& line : lines)
            text_h += ImGui::CalcTextSize(line.c_str(), nullptr, false, wrap).y +
                      ImGui::GetStyle().ItemSpacing.y;
        // Bars have no function between them: a hover readout would only repeat the labels.
        plot_figure("focal-imbalance", figs[0],
                    ImVec2(0, ImGui::GetContentRegionAvail().y - text_h), ui,
                    plot::imgui::PlotOptions{.pan_zoom = true, .hover_readout = false});
        ImGui::TextDisabled("Summed loss of each group:");
        for (const auto& line : lines) {
            ImGui::Bullet();
            ImGui::TextWrapped("%s", line.c_str());
        }
        break;
    }
    case FocalView::Pitfalls: {
        static constexpr std::array<const char*, 4> kIds{
            "focal-pitfall-float32", "focal-pitfall-probabilities", "focal-pitfall-softmax-twice",
            "focal-pitfall-multilabel"};
        const ImVec2 avail = ImGui::GetContentRegionAvail();
        // A 2x2 grid needs room for four readable plots; narrower windows show one at a time.
        if (avail.x >= 1100.0f * ui.dpi_scale) {
            const float gap = ImGui::GetStyle().ItemSpacing.x;
            const ImVec2 cell((avail.x - gap) * 0.5f, (avail.y - gap) * 0.5f);
            for (size_t i = 0; i < figs.size(); ++i) {
                if (i % 2 == 1) ImGui::SameLine();
                plot_figure(kIds[i], figs[i], cell, ui);
            }
        } else if (ImGui::BeginTabBar("focal-pitfalls")) {
            static constexpr std::array<const char*, 4> kNames{
                "1 float32 BCE", "2 probabilities as logits", "3 softmax twice", "4 multi-label"};
            for (size_t i = 0; i < figs.size(); ++i)
                if (ImGui::BeginTabItem(kNames[i])) {
                    plot_figure(kIds[i], figs[i], ImVec2(0, 0), ui);
                    ImGui::EndTabItem();
                }
            ImGui::EndTabBar();
        }
        break;
    }
    }
}

void draw_tabs(FocalPanel& panel, model::AppState& state, UiContext& ui) {
    int& view = state.focal.view;
    if (view != panel.shown) panel.requested = view;
    static constexpr std::array<const char*, 4> kTabs{"Figure 1", "Modulating factor",
                                                      "Imbalance", "Pitfalls"};
    int open = -1;
    if (ImGui::BeginTabBar("focal-views")) {
        for (int i = 0; i < int(kTabs.size()); ++i) {
            const ImGuiTabItemFlags flags =
                panel.requested == i ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
            if (ImGui::BeginTabItem(kTabs[size_t(i)], nullptr, flags)) {
                open = i;
                draw_view(panel, state, ui, FocalView(i));
                ImGui::EndTabItem();
            }
        }
        ImGui::EndTabBar();
    }
    // A requested view wins until the tab bar has shown it (ImGui applies SetSelected a frame
    // later); after that a click on a tab writes the view back into the state.
    if (panel.requested >= 0) {
        if (open == panel.requested) panel.requested = -1;
    } else if (open >= 0) {
        view = open;
    }
    panel.shown = view;
}

void gamma_list_editor(FocalPanel& panel, model::AppState& state) {
    auto& gammas = state.focal.gammas;
    if (!panel.text_of || !(*panel.text_of == gammas)) {
        const std::string text = model::format_gamma_list(gammas);
        std::strncpy(panel.gamma_text.data(), text.c_str(), panel.gamma_text.size() - 1);
        panel.text_of = gammas;
        panel.gamma_error.clear();
    }
    ImGui::SetNextItemWidth(-1.0f);
    if (ImGui::InputText("##focal.gammas", panel.gamma_text.data(), panel.gamma_text.size())) {
        auto parsed = model::parse_gamma_list(panel.gamma_text.data());
        if (parsed) {
            gammas = parsed.value();
            panel.text_of = gammas;
            panel.gamma_error.clear();
        } else {
            panel.gamma_error = parsed.error().message;
        }
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Comma-separated γ values of Figure 1's family (up to %d, each in "
                          "[0, 10])",
                          model::params::kFocalMaxGammas);
    if (!panel.gamma_error.empty())
        ImGui::TextColored(ImVec4(0.85f, 0.2f, 0.1f, 1.0f), "%s", panel.gamma_error.c_str());
}

void view_controls(model::AppState& state, const UiContext& ui) {
    switch (FocalView(state.focal.view)) {
    case FocalView::Figure1:
        section_heading(ui, "γ family");
        ImGui::TextWrapped("Cross-entropy (γ = 0) still gives easy examples (pₜ > 0.5) a loss of "
                           "noticeable size; larger γ flattens it towards 0. The dashed curve is "
                           "your (α, γ).");
        break;
    case FocalView::Modulating:
        section_heading(ui, "Readout");
        param_control(state, "focal.readout_p");
        ImGui::TextWrapped("FL / CE = α_t (1 − pₜ)ᵞ: on the log axis every decade is ten times "
                           "less weight than cross-entropy gives the same example.");
        break;
    case FocalView::Imbalance:
        section_heading(ui, "Imbalanced batch");
        param_control(state, "focal.easy_negatives");
        param_control(state, "focal.easy_p");
        param_control(state, "focal.hard_positives");
        param_control(state, "focal.hard_p");
        param_control(state, "focal.balance_alpha");
        ImGui::TextWrapped("α-balanced CE has its own α: without focusing, Lin et al. found "
                           "α = 0.75 best (the rare positives weigh more); focal loss's α (0.25) "
                           "is lower because (1 − pₜ)ᵞ already silences the easy negatives.");
        ImGui::TextWrapped("A dense detector sees ~100 000 easy background boxes per image. Each "
                           "has a small CE, but together they swamp the few hard objects; focal "
                           "loss hands the loss back to the hard positives.");
        break;
    case FocalView::Pitfalls:
        section_heading(ui, "Pitfalls");
        param_control(state, "focal.pitfall_classes");
        ImGui::TextWrapped("1. Sigmoid then BCE in float32: σ(z) rounds to 1 and PyTorch clamps "
                           "log 0 to −100. Use BCEWithLogits.");
        ImGui::TextWrapped("2. Probabilities where logits are expected: the loss is stuck in "
                           "[0.31, 0.69] and its slope vanishes.");
        ImGui::TextWrapped("3. Softmax before F.cross_entropy (which applies its own): the loss "
                           "has a floor.");
        ImGui::TextWrapped("4. Softmax for a multi-label target: true labels compete; use one "
                           "sigmoid per class (BCEWithLogits).");
        break;
    }
}

} // namespace

void draw_focal_lab(model::AppState& state, UiContext& ui) {
    auto& panel = panel_data<FocalPanel>(ui, "focal");

    begin_plot_area(ui);
    draw_tabs(panel, state, ui);
    end_plot_area();

    begin_controls(ui, "Focal loss");
    param_control(state, "focal.gamma");
    param_control(state, "focal.alpha");
    if (ImGui::Button("α = 0.25, γ = 4", ImVec2(-1.0f, 0.0f))) {
        state.focal.alpha = 0.25;
        state.focal.gamma = 4.0;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Focal loss with α = 0.25 (weight of the positive class) and a strong focus γ = 4");
    section_heading(ui, "γ list (Figure 1)");
    gamma_list_editor(panel, state);
    view_controls(state, ui);
    end_controls();
}

} // namespace losslab::ui

#include "model/labs/lab_information.hpp"
#include "ui/class_sliders.hpp"
#include "ui/lab_panels.hpp"
#include "ui/layout_helpers.hpp"
#include "ui/param_widgets.hpp"
#include "ui/figure_widget.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace losslab::ui {

namespace {
using model::InformationLabState;

std::vector<const model::ParamBinding*> element_bindings(const std::string& prefix) {
    std::vector<const model::ParamBinding*> out;
    for (std::size_t i = 0; i < model::kMaxClasses; ++i)
        out.push_back(model::find_param("information." + prefix + "_" + std::to_string(i)));
    return out;
}

const model::ParamBinding& binding(const char* key) { return *model::find_param(key); }

struct Panel {
    FigureCache<InformationLabState> discrete, continuous;
    int shown = -1;
    // The bar being dragged: outcome and which distribution (0 p, 1 q); -1 when none.
    int drag_outcome = -1;
    int drag_side = 0;
};

void section(const char* text) {
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextUnformatted(text);
}

void draw_discrete_tab(InformationLabState& s, Panel& panel, UiContext& ui) {
    if (panel.discrete.stale(s))
        panel.discrete.figures = {model::information_distributions_figure(s),
                                  model::information_quantities_figure(s)};
    const auto& f = panel.discrete.figures;
    const auto outs = plot_grid({{{{"information-distributions", &f[0], 0.58f,
                                    plot::imgui::PlotOptions{.pan_zoom = false}},
                                   {"information-quantities", &f[1], 0.42f}},
                                  1.0f}},
                                ui);
    const auto& out = outs[0];
    if (out.clicked) {
        // Bars of outcome i sit at i − 0.2 (p) and i + 0.2 (q).
        const long i = std::lround(out.mouse_x);
        panel.drag_outcome = i >= 0 && i < s.num_classes ? int(i) : -1;
        panel.drag_side = out.mouse_x < double(i) ? 0 : 1;
    }
    if (!out.dragging && !out.clicked) panel.drag_outcome = -1;
    if (panel.drag_outcome >= 0 && (out.dragging || out.clicked)) {
        auto& values = panel.drag_side == 0 ? s.p : s.q;
        values[std::size_t(panel.drag_outcome)] = std::clamp(out.mouse_y, 0.0, 1.0);
        model::rebalance_distribution(values, s.num_classes, panel.drag_outcome);
    }
}

void draw_continuous_tab(const InformationLabState& s, Panel& panel, UiContext& ui) {
    if (panel.continuous.stale(s))
        panel.continuous.figures = {model::information_binary_figure(s),
                                    model::information_gaussian_figure(s)};
    const auto& f = panel.continuous.figures;
    plot_grid({{{{"information-binary", &f[0], 0.5f}, {"information-gaussian-mse", &f[1], 0.5f}},
                1.0f}},
              ui);
}

void quantity(const char* name, double v) {
    ImGui::Text("%s", name);
    ImGui::SameLine(120.0f);
    ImGui::TextUnformatted(plot::format_value(v).c_str());
}
} // namespace

void draw_information_lab(model::AppState& state, UiContext& ui) {
    static const auto p_params = element_bindings("p");
    static const auto q_params = element_bindings("q");
    auto& panel = panel_data<Panel>(ui, "information");
    auto& s = state.information;
    // Values set through --set, a session or a change of K are brought back to distributions.
    model::normalize_distribution(s.p, s.num_classes);
    model::normalize_distribution(s.q, s.num_classes);

    begin_plot_area(ui);
    if (ImGui::BeginTabBar("##information-tabs")) {
        const char* names[2] = {"Discrete p and q", "Binary and Gaussian"};
        for (int i = 0; i < 2; ++i) {
            const bool force = panel.shown != s.view && s.view == i;
            if (!ImGui::BeginTabItem(names[i], nullptr, force ? ImGuiTabItemFlags_SetSelected : 0))
                continue;
            if (panel.shown == s.view || force) s.view = i;
            if (i == 0) draw_discrete_tab(s, panel, ui);
            if (i == 1) draw_continuous_tab(s, panel, ui);
            ImGui::EndTabItem();
        }
        panel.shown = s.view;
        ImGui::EndTabBar();
    }
    end_plot_area();

    begin_controls(ui, "Information");
    if (s.view == 0) {
        param_control(state, binding("information.K"));
        const auto sum = model::information_summary(s);
        section("Quantities (nats)");
        quantity("H(p)", sum.entropy_p);
        quantity("H(q)", sum.entropy_q);
        quantity("H(p, q)", sum.cross_pq);
        quantity("H(q, p)", sum.cross_qp);
        quantity("KL(p ‖ q)", sum.kl_pq);
        quantity("KL(q ‖ p)", sum.kl_qp);
        ImGui::Spacing();
        ImGui::TextWrapped("Drag a bar's top (left bar p, right bar q) or move a slider: the "
                           "other outcomes are rescaled in proportion so the distribution "
                           "still sums to 1.");
        const std::size_t k = std::size_t(s.num_classes);
        section("p");
        if (int i = class_sliders(state, {p_params.data(), k}); i >= 0)
            model::rebalance_distribution(s.p, s.num_classes, i);
        section("q");
        if (int i = class_sliders(state, {q_params.data(), k}); i >= 0)
            model::rebalance_distribution(s.q, s.num_classes, i);
    } else {
        param_control(state, binding("information.binary_p"));
        param_control(state, binding("information.sigma"));
        ImGui::Spacing();
        ImGui::TextWrapped("Left: the Bernoulli cross-entropy H(p, q) is smallest at q = p, "
                           "where it equals H(p); the gap above is KL(p ‖ q). Right: the "
                           "negative log-likelihood of a Gaussian with fixed σ is the squared "
                           "error scaled by 1/(2σ²) plus a constant, so minimising MSE is "
                           "minimising a cross-entropy (Deep Learning book, sec. 5.5).");
    }
    end_controls();
}

} // namespace losslab::ui

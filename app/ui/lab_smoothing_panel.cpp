#include "model/labs/lab_smoothing.hpp"
#include "ui/class_sliders.hpp"
#include "ui/lab_panels.hpp"
#include "ui/layout_helpers.hpp"
#include "ui/param_widgets.hpp"
#include "ui/figure_widget.hpp"

#include <imgui.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace losslab::ui {

namespace {
using model::SmoothingLabState;

// The bindings of "smoothing.<prefix>_0" .. "_19", looked up once.
std::vector<const model::ParamBinding*> element_bindings(const std::string& prefix) {
    std::vector<const model::ParamBinding*> out;
    for (std::size_t i = 0; i < model::kMaxClasses; ++i)
        out.push_back(model::find_param("smoothing." + prefix + "_" + std::to_string(i)));
    return out;
}

const model::ParamBinding& binding(const char* key) { return *model::find_param(key); }

struct TabCaches {
    FigureCache<SmoothingLabState> targets, editor, distillation, calibration;
    // The tab shown last frame, to notice `view` changed from outside (session, --set).
    int shown = -1;
};

// A labelled separator (1.86 has no SeparatorText).
void section(const char* text) {
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextUnformatted(text);
}

// Müller et al.: the reliability diagram after training towards ε-smoothed targets and ECE
// against ε side by side, what a smoothed teacher passes on below.
void draw_calibration_tab(const SmoothingLabState& s, TabCaches& c, UiContext& ui) {
    if (c.calibration.stale(s))
        c.calibration.figures = {model::smoothing_calibration_reliability_figure(s),
                                 model::smoothing_calibration_vs_eps_figure(s),
                                 model::smoothing_teacher_information_figure(s)};
    const auto& f = c.calibration.figures;
    plot_grid({{{{"smoothing-calibration-reliability", &f[0], 0.5f},
                 {"smoothing-calibration-vs-eps", &f[1], 0.5f}},
                0.58f},
               {{{"smoothing-calibration-teacher", &f[2], 1.0f}}, 0.42f}},
              ui);
}

void draw_targets_tab(const SmoothingLabState& s, TabCaches& c, UiContext& ui) {
    if (c.targets.stale(s)) {
        c.targets.figures.clear();
        for (auto conv : model::kSmoothingConventions)
            c.targets.figures.push_back(model::smoothing_targets_figure(s, conv));
        c.targets.figures.push_back(model::smoothing_loss_figure(s));
        c.targets.figures.push_back(model::smoothing_gap_figure(s));
    }
    const auto& f = c.targets.figures;
    plot_grid({{{{"smoothing-targets-uniform", &f[0], 1.0f / 3.0f},
                 {"smoothing-targets-others", &f[1], 1.0f / 3.0f},
                 {"smoothing-targets-kl-pad", &f[2], 1.0f / 3.0f}},
                0.38f},
               {{{"smoothing-loss-vs-pt", &f[3], 0.6f}, {"smoothing-logit-gap", &f[4], 0.4f}},
                0.62f}},
              ui);
}

void draw_editor_tab(const SmoothingLabState& s, TabCaches& c, UiContext& ui) {
    if (c.editor.stale(s))
        c.editor.figures = {model::smoothing_editor_figure(s),
                            model::smoothing_decomposition_figure(s)};
    const auto& f = c.editor.figures;
    plot_grid({{{{"smoothing-logits-editor", &f[0], 0.64f},
                 {"smoothing-ce-decomposition", &f[1], 0.36f}},
                1.0f}},
              ui);
}

void draw_distillation_tab(const SmoothingLabState& s, TabCaches& c, UiContext& ui) {
    if (c.distillation.stale(s))
        c.distillation.figures = {model::distillation_targets_figure(s),
                                  model::distillation_flattening_figure(s),
                                  model::distillation_loss_figure(s)};
    const auto& f = c.distillation.figures;
    plot_grid({{{{"distillation-soft-targets", &f[0], 1.0f}}, 0.45f},
               {{{"distillation-flattening", &f[1], 0.5f}, {"distillation-loss-vs-t", &f[2], 0.5f}},
                0.55f}},
              ui);
}

// Four significant digits: the table must fit the controls column.
std::string short_value(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return std::isfinite(v) ? std::string(buf) : plot::format_value(v);
}

void summary_row(const char* name, const model::ConventionSummary& cs) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(name);
    if (!cs.valid) {
        ImGui::TableNextColumn();
        ImGui::TextDisabled("needs K ≥ 3");
        return;
    }
    const std::string cells[4] = {short_value(cs.true_mass), short_value(cs.other_mass),
                                  short_value(cs.floor), short_value(cs.gap)};
    for (const auto& text : cells) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(text.c_str());
    }
}

void targets_controls(const model::SmoothingSummary& sum) {
    section("Closed forms");
    if (ImGui::BeginTable("##smoothing-summary", 5,
                          ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
        for (const char* h : {"", "true", "other", "floor", "gap"}) ImGui::TableSetupColumn(h);
        ImGui::TableHeadersRow();
        for (std::size_t i = 0; i < 3; ++i)
            summary_row(model::params::kSmoothingConventionNames[i].data(),
                        sum.conventions[i]);
        ImGui::EndTable();
    }
    ImGui::Spacing();
    ImGui::TextWrapped("The loss is smallest where q equals the target: pₜ* = 1 − ε + ε/K "
                       "(uniform) or 1 − ε, and there it is the target's entropy, not 0. "
                       "The optimal logits differ by log(true/other): finite, so smoothing "
                       "stops logits running to infinity.");
}
} // namespace

void draw_smoothing_lab(model::AppState& state, UiContext& ui) {
    static const auto logits = element_bindings("logit");
    static const auto teacher = element_bindings("teacher");
    auto& caches = panel_data<TabCaches>(ui, "smoothing");
    auto& s = state.smoothing;

    begin_plot_area(ui);
    if (ImGui::BeginTabBar("##smoothing-tabs")) {
        const char* names[4] = {"Targets and loss", "Logits editor", "Distillation", "Calibration"};
        for (int i = 0; i < 4; ++i) {
            const bool force = caches.shown != s.view && s.view == i;
            if (!ImGui::BeginTabItem(names[i], nullptr, force ? ImGuiTabItemFlags_SetSelected : 0))
                continue;
            // A click on a tab moves `view`, unless `view` was just set from outside.
            if (caches.shown == s.view || force) s.view = i;
            if (i == 0) draw_targets_tab(s, caches, ui);
            if (i == 1) draw_editor_tab(s, caches, ui);
            if (i == 2) draw_distillation_tab(s, caches, ui);
            if (i == 3) draw_calibration_tab(s, caches, ui);
            ImGui::EndTabItem();
        }
        caches.shown = s.view;
        ImGui::EndTabBar();
    }
    end_plot_area();

    begin_controls(ui, "Label smoothing");
    param_control(state, binding("smoothing.eps"));
    param_control(state, binding("smoothing.K"));
    const auto sum = model::smoothing_summary(s);
    const std::size_t k = std::size_t(s.num_classes);
    if (s.view == 0) targets_controls(sum);
    if (s.view == 1) {
        param_control(state, binding("smoothing.convention"));
        param_control(state, binding("smoothing.temperature"));
        section("Logits z (class 1 is true)");
        class_sliders(state, {logits.data(), k});
        section("Result");
        ImGui::Text("H(p) = %s", plot::format_value(sum.entropy).c_str());
        ImGui::Text("KL(p ‖ q) = %s", plot::format_value(sum.kl).c_str());
        ImGui::Text("H(p, q) = %s", plot::format_value(sum.cross_entropy).c_str());
    }
    if (s.view == 2) {
        param_control(state, binding("smoothing.distill_t"));
        ImGui::TextWrapped("The student's logits are the logits editor's z.");
        ImGui::Text("T²·KL = %s   T²·CE = %s", plot::format_value(sum.distill_kl).c_str(),
                    plot::format_value(sum.distill_ce).c_str());
        section("Teacher logits t");
        class_sliders(state, {teacher.data(), k});
    }
    if (s.view == 3) {
        section("Smoothing and calibration");
        ImGui::TextWrapped(
            "The model stands for a network that fits every training label: free logits per "
            "example, started at the true log-probabilities of the calibration lab's synthetic "
            "data (2000 examples, 10 classes) and moved by 100 gradient steps towards "
            "(1 − ε) one-hot + ε/K. It is scored on fresh labels drawn from the true "
            "probabilities, so its accuracy is what a test set would show.");
        ImGui::Spacing();
        ImGui::TextWrapped(
            "With one-hot targets (ε = 0) the confidence runs towards 1 whatever the true "
            "odds: over-confident. Smoothed targets pull it to 1 − ε + ε/K, so the ECE falls "
            "as ε grows, until that passes below the accuracy.");
        ImGui::Spacing();
        ImGui::TextWrapped(
            "Below: the KL from the true distribution over the wrong classes to the model's. "
            "Smoothing makes the wrong classes alike, so a student distilled from a smoothed "
            "teacher learns less about which mistakes are plausible.");
    }
    end_controls();
}

} // namespace losslab::ui

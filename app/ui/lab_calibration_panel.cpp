#include "model/labs/lab_calibration.hpp"
#include "plot/plot_layout.hpp"
#include "ui/lab_panels.hpp"
#include "ui/layout_helpers.hpp"
#include "ui/param_widgets.hpp"
#include "ui/figure_widget.hpp"
#include "ui/lab_calibration_data_panel.hpp"

#include <imgui.h>

#include <fmt/format.h>

#include <optional>
#include <string>

namespace losslab::ui {

namespace {

// The calibration panel's between-frame data.
struct CalibrationPanel {
    model::CalibrationCache cache;
    FigureCache<model::CalibrationLabState> figures;
    // The view the tab bar showed last frame (-1 before the first frame).
    int shown_view = -1;
    // The last "Fit T" outcome and the state it was fitted for.
    std::optional<TemperatureFit> fit;
    std::optional<model::CalibrationLabState> fit_for;
    std::string fit_error;
};

// The Fit T button's colour: Okabe-Ito bluish green, used nowhere else in the controls.
constexpr ImU32 kFitButton = IM_COL32(0, 158, 115, 255);
constexpr ImU32 kFitButtonHovered = IM_COL32(0, 178, 135, 255);
constexpr ImU32 kFitButtonActive = IM_COL32(0, 128, 95, 255);

void section(const UiContext& ui, const char* title) {
    ImGui::Spacing();
    if (ui.fonts.heading) ImGui::PushFont(ui.fonts.heading);
    ImGui::TextUnformatted(title);
    if (ui.fonts.heading) ImGui::PopFont();
}

std::string percent(double fraction) { return fmt::format("{:.1f}%", 100.0 * fraction); }

// The tab bar mirrors state.calibration.view: a view set elsewhere (--set, a session) selects
// its tab once, and a tab the user clicks writes the view back.
void view_tabs(model::CalibrationLabState& s, CalibrationPanel& panel) {
    if (!ImGui::BeginTabBar("##calibration-views")) return;
    const bool pending = s.view != panel.shown_view;
    const char* labels[] = {"Reliability and temperature scaling",
                            "Validation loss rises while accuracy rises"};
    for (int i = 0; i < 2; ++i) {
        const ImGuiTabItemFlags flags =
            pending && i == s.view ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
        if (ImGui::BeginTabItem(labels[i], nullptr, flags)) {
            if (!pending && i != s.view) s.view = i;
            if (i == s.view) panel.shown_view = i;
            ImGui::EndTabItem();
        }
    }
    ImGui::EndTabBar();
}

void metrics_table(const model::CalibrationResults& r) {
    constexpr ImGuiTableFlags flags =
        ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchSame;
    if (!ImGui::BeginTable("##calibration-metrics", 3, flags)) return;
    ImGui::TableSetupColumn("");
    ImGui::TableSetupColumn("T = 1");
    const std::string after = "T = " + plot::format_value(r.after.temperature);
    ImGui::TableSetupColumn(after.c_str());
    ImGui::TableHeadersRow();
    auto row = [](const char* name, const std::string& a, const std::string& b) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(name);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(a.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(b.c_str());
    };
    row("NLL", plot::format_value(r.before.nll), plot::format_value(r.after.nll));
    row("ECE", plot::format_value(r.before.ece), plot::format_value(r.after.ece));
    row("accuracy", percent(r.before.accuracy), percent(r.after.accuracy));
    row("mean conf.", percent(r.before.mean_confidence), percent(r.after.mean_confidence));
    ImGui::EndTable();
}

bool same_dataset(const model::CalibrationLabState& a, const model::CalibrationLabState& b) {
    return a.confidence == b.confidence && a.examples == b.examples && a.classes == b.classes &&
           a.seed == b.seed;
}

void fit_button(model::AppState& state, CalibrationPanel& panel,
                const model::CalibrationResults& r) {
    ImGui::PushStyleColor(ImGuiCol_Button, kFitButton);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, kFitButtonHovered);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, kFitButtonActive);
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 255, 255, 255));
    const bool pressed = ImGui::Button("Fit T (minimise NLL)", ImVec2(-1.0f, 0.0f));
    ImGui::PopStyleColor(4);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Sets T to the temperature that minimises the mean NLL of this "
                          "validation set (temperature scaling, Guo et al. 2017)");
    if (pressed) {
        panel.fit.reset();
        panel.fit_error.clear();
        auto fit = model::fit_lab_temperature(r);
        if (!fit) {
            panel.fit_error = fit.error().message;
        } else if (auto set = model::set_param(state, registered_param("calibration.temperature"),
                                               fit.value().temperature);
                   !set) {
            panel.fit_error = set.error().message;
        } else {
            panel.fit = fit.value();
            panel.fit_for = state.calibration;
        }
    }
    if (panel.fit && panel.fit_for && same_dataset(*panel.fit_for, state.calibration))
        ImGui::TextDisabled("fitted T* = %s (%d steps)",
                            plot::format_value(panel.fit->temperature).c_str(),
                            panel.fit->iterations);
    if (!panel.fit_error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(213, 94, 0, 255));
        ImGui::TextWrapped("%s", panel.fit_error.c_str());
        ImGui::PopStyleColor();
    }
}

void draw_temperature_view(model::AppState& state, UiContext& ui, CalibrationPanel& panel) {
    const auto& s = state.calibration;
    const auto& r = panel.cache.results(s);
    if (panel.figures.stale(s)) panel.figures.figures = model::temperature_view_figures(s, r);
    const auto& figs = panel.figures.figures;

    plot_grid({{{{"reliability-before", &figs[0], 0.5f}, {"reliability-after", &figs[1], 0.5f}},
                0.6f},
               {{{"confidence-before", &figs[2], 0.5f}, {"confidence-after", &figs[3], 0.5f}},
                0.4f}},
              ui);
    end_plot_area();

    begin_controls(ui, "Parameters");
    section(ui, "Classifier");
    param_control(state, "calibration.confidence");
    param_control(state, "calibration.examples");
    param_control(state, "calibration.classes");
    param_control(state, "calibration.seed");
    section(ui, "Temperature scaling");
    param_control(state, "calibration.temperature");
    ImGui::Spacing();
    // The numbers of the frame's state: a slider moved above is already in `state`.
    const auto& now = panel.cache.results(state.calibration);
    fit_button(state, panel, now);
    ImGui::Spacing();
    if (now.error.empty()) metrics_table(panel.cache.results(state.calibration));
    else ImGui::TextWrapped("%s", now.error.c_str());
    ImGui::Spacing();
    param_control(state, "calibration.bins");
    ImGui::Spacing();
    ImGui::TextWrapped("Bars: accuracy of the examples in each confidence bin. The gap to their "
                       "mean confidence is shaded above a bar where they are over-confident, "
                       "and drawn as a narrow green bar inside it where they are "
                       "under-confident (confidence below accuracy). ECE is the gap averaged "
                       "over examples. Dividing the logits by T changes every "
                       "confidence but never the predicted class, so accuracy stays put.");
    end_controls();
}

void draw_training_view(model::AppState& state, UiContext& ui, CalibrationPanel& panel) {
    const auto& s = state.calibration;
    const auto& t = panel.cache.training(s);
    if (panel.figures.stale(s)) panel.figures.figures = model::training_view_figures(s, t);
    const auto& figs = panel.figures.figures;

    plot_grid({{{{"training-accuracy", &figs[0], 0.5f}, {"training-loss", &figs[1], 0.5f}}, 0.5f},
               {{{"example-losses", &figs[2], 1.0f}}, 0.5f}},
              ui);
    end_plot_area();

    begin_controls(ui, "Parameters");
    section(ui, "Simulated training run");
    param_control(state, "calibration.epoch");
    param_control(state, "calibration.stubborn");
    param_control(state, "calibration.growth");
    param_control(state, "calibration.seed");
    ImGui::Spacing();
    const auto& now = panel.cache.training(state.calibration);
    if (!now.error.empty()) {
        ImGui::TextWrapped("%s", now.error.c_str());
    } else {
        const auto sum = model::epoch_loss_summary(now.run, state.calibration.epoch);
        constexpr ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg;
        if (ImGui::BeginTable("##epoch-summary", 2, flags)) {
            auto row = [](const char* name, const std::string& value) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(name);
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(value.c_str());
            };
            row("epoch", std::to_string(sum.epoch));
            row("accuracy", percent(sum.accuracy));
            row("mean loss", plot::format_value(sum.mean_loss));
            row("confident mistakes", fmt::format("{} of {}", sum.stubborn_count, sum.examples));
            row("their share of loss", percent(sum.stubborn_share));
            row("lowest loss at epoch", std::to_string(sum.best_epoch));
            ImGui::EndTable();
        }
    }
    ImGui::Spacing();
    ImGui::TextWrapped("Accuracy only asks whether the arg max is right; cross-entropy also "
                       "asks how sure the model was. As training goes on the logits grow: "
                       "newly learned examples add accuracy but almost no loss, while each "
                       "confidently wrong example costs more every epoch. A few such mistakes "
                       "carry most of the mean, so the validation loss turns up while the "
                       "accuracy keeps climbing.");
    end_controls();
}

} // namespace

void draw_calibration_lab(model::AppState& state, UiContext& ui) {
    // Your model's outputs, when loaded (or loading), replace the synthetic classifier.
    if (draw_calibration_data_mode(state, ui)) return;
    auto& panel = panel_data<CalibrationPanel>(ui, "calibration");
    begin_plot_area(ui);
    view_tabs(state.calibration, panel);
    if (state.calibration.view == 1) draw_training_view(state, ui, panel);
    else draw_temperature_view(state, ui, panel);
}

} // namespace losslab::ui

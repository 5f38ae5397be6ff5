#include "model/lab_loss.hpp"
#include "ui/lab_panels.hpp"
#include "ui/layout_helpers.hpp"
#include "ui/param_widgets.hpp"
#include "ui/plot_widget.hpp"

#include <imgui.h>

namespace losslab::ui {

void draw_loss_lab(model::AppState& state, UiContext& ui) {
    auto& cache = panel_data<FigureCache<model::LossLabState>>(ui, "loss");
    if (cache.stale(state.loss)) cache.figures = {model::loss_vs_probability_figure(state.loss)};

    begin_plot_area(ui);
    plot_figure("loss-vs-probability", cache.figures[0], ImVec2(0, 0), ui);
    end_plot_area();

    begin_controls(ui, "Parameters");
    lab_param_controls(state, model::LabId::Loss);
    ImGui::Spacing();
    ImGui::TextWrapped("Cross-entropy punishes a confident mistake without bound; focal loss "
                       "multiplies it by (1 − pₜ)ᵞ, so well-classified examples (pₜ near 1) "
                       "contribute almost nothing. γ = 0 gives back cross-entropy.");
    end_controls();
}

} // namespace losslab::ui

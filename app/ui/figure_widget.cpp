#include "ui/figure_widget.hpp"

#include "model/labs/labs.hpp"
#include "model/params/param_registry.hpp"
#include "ui/export_dialog.hpp"
#include "ui/lesson_panel.hpp"

#include <algorithm>
#include <optional>
#include <string_view>

namespace losslab::ui {

namespace {
// The context's per-frame settings from the UI: faces, scale, theme.
void sync_context(UiContext& ui) {
    ui.plot.faces = ui.fonts.all;
    ui.plot.dpi_scale = ui.dpi_scale;
    ui.plot.theme = ui.theme;
}
} // namespace

plot::PlotStyle plot_style(const UiContext& ui) {
    plot::imgui::PlotContext ctx;
    ctx.dpi_scale = ui.dpi_scale;
    return plot::imgui::plot_style(ctx);
}

plot::imgui::PlotOutcome plot_figure(const char* str_id, const plot::Figure& figure, ImVec2 size,
                                     UiContext& ui, const plot::imgui::PlotOptions& options) {
    sync_context(ui);
    // The lesson's notes for this figure, if any: only then is the figure copied to add them
    // (no deep copy of a figure per frame otherwise).
    plot::Figure notes;
    notes.name = figure.name;
    add_lesson_notes(notes, ui);
    std::optional<plot::Figure> annotated;
    if (!notes.annotations.empty()) {
        annotated = figure;
        for (auto& a : notes.annotations) annotated->annotations.push_back(std::move(a));
    }
    auto out = plot::imgui::plot_figure(ui.plot, str_id, annotated ? *annotated : figure, size,
                                        options);
    // A click waiting out the double-click time is reported in a later frame: ask for it
    // (the loop otherwise sleeps until the next event).
    if (out.click_pending && ui.request_frame) ui.request_frame();
    if (!figure.name.empty()) {
        ui.plot_names[figure.name] = ImGui::GetID(str_id);
        if (out.hovered) last_hovered_figure(ui) = figure.name;
        if (out.export_requested)
            open_export_dialog(ui, figure.name,
                               ImVec2(out.layout.outer.width(), out.layout.outer.height()));
    }
    return out;
}

namespace {
// The checkbox "<lab>.show_<id>", or nullptr.
const model::ParamBinding* series_toggle(model::LabId lab, std::string_view id) {
    return model::find_param(std::string(model::lab_info(lab).key) + ".show_" + std::string(id));
}
} // namespace

bool lab_has_series_toggles(model::LabId lab) {
    const auto params = model::lab_params(lab);
    return std::any_of(params.begin(), params.end(), [](const model::ParamBinding* p) {
        return p->spec->kind == model::ParamKind::Toggle &&
               std::string_view(p->spec->key).starts_with("show_");
    });
}

bool toggle_series_from_legend(model::AppState& state, model::LabId lab,
                               const plot::imgui::PlotOutcome& out) {
    if (!out.legend_toggled) return false;
    const auto* param = series_toggle(lab, *out.legend_toggled);
    if (!param) return false;
    return model::set_param(state, *param, model::get_param(state, *param) != 0.0 ? 0.0 : 1.0)
        .ok();
}

std::set<std::string> hidden_series(const UiContext& ui, const std::string& name) {
    const auto id = ui.plot_names.find(name);
    if (id == ui.plot_names.end()) return {};
    const auto state = ui.plot.plots.find(id->second);
    return state == ui.plot.plots.end() ? std::set<std::string>{} : state->second.hidden;
}

} // namespace losslab::ui

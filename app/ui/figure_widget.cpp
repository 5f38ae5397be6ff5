#include "ui/figure_widget.hpp"

#include "ui/export_dialog.hpp"
#include "ui/lesson_panel.hpp"

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
    plot::Figure fig = figure;
    add_lesson_notes(fig, ui);
    auto out = plot::imgui::plot_figure(ui.plot, str_id, fig, size, options);
    if (!figure.name.empty()) {
        ui.plot_names[figure.name] = ImGui::GetID(str_id);
        if (out.hovered) last_hovered_figure(ui) = figure.name;
        if (out.export_requested)
            open_export_dialog(ui, figure.name,
                               ImVec2(out.layout.outer.width(), out.layout.outer.height()));
    }
    return out;
}

std::set<std::string> hidden_series(const UiContext& ui, const std::string& name) {
    const auto id = ui.plot_names.find(name);
    if (id == ui.plot_names.end()) return {};
    const auto state = ui.plot.plots.find(id->second);
    return state == ui.plot.plots.end() ? std::set<std::string>{} : state->second.hidden;
}

} // namespace losslab::ui

#include "ui/figure_widget.hpp"

#include "ui/export_dialog.hpp"
#include "ui/lesson_panel.hpp"

#include <optional>

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

#include "ui/layout_helpers.hpp"

#include <imgui.h>

namespace losslab::ui {

float controls_width(const UiContext& ui) { return ui.hide_params ? 0.0f : 330.0f * ui.dpi_scale; }

void begin_plot_area(const UiContext& ui) {
    const float w = ImGui::GetContentRegionAvail().x - controls_width(ui) -
                    ImGui::GetStyle().ItemSpacing.x;
    ImGui::BeginChild("##plot-area", ImVec2(w, 0), false, ImGuiWindowFlags_NoScrollbar);
}

void end_plot_area() {
    ImGui::EndChild();
    ImGui::SameLine();
}

void begin_controls(const UiContext& ui, const char* heading) {
    // Hidden parameters: a 1-pixel child clips the controls away (the lab code is unchanged).
    ImGui::BeginChild("##controls", ui.hide_params ? ImVec2(1, 1) : ImVec2(controls_width(ui), 0),
                      !ui.hide_params);
    if (ui.fonts.heading) ImGui::PushFont(ui.fonts.heading);
    ImGui::TextUnformatted(heading);
    if (ui.fonts.heading) ImGui::PopFont();
    ImGui::Separator();
    ImGui::Spacing();
}

void end_controls() { ImGui::EndChild(); }

void section_heading(const UiContext& ui, const char* text) {
    ImGui::Spacing();
    if (ui.fonts.heading) ImGui::PushFont(ui.fonts.heading);
    ImGui::TextUnformatted(text);
    if (ui.fonts.heading) ImGui::PopFont();
}

} // namespace losslab::ui

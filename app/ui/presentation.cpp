#include "ui/presentation.hpp"

#include "ui/lesson_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

namespace losslab::ui {

namespace {

PresentationMemory& memory(UiContext& ui) {
    return panel_data<PresentationMemory>(ui, "presentation");
}

void draw_lesson_chooser(model::AppState& state, UiContext& ui) {
    auto& s = lesson_session(ui);
    const std::string current = s.lesson ? s.lesson->title : std::string("Open a lesson…");
    ImGui::SetNextItemWidth(std::min(420.0f * ui.dpi_scale, ImGui::CalcTextSize(current.c_str()).x +
                                                             60.0f * ui.dpi_scale));
    if (ImGui::BeginCombo("##lessons", current.c_str(), ImGuiComboFlags_HeightLarge)) {
        if (!s.scanned) {
            s.available = model::find_lessons(&ui.notices);
            s.scanned = true;
        }
        if (s.available.empty()) ImGui::TextDisabled("No lessons found");
        for (const auto& f : s.available) {
            const std::string item = f.title + "##" + f.path.string();
            if (ImGui::Selectable(item.c_str(), s.lesson && s.path == f.path)) {
                if (auto ok = open_lesson(state, ui, f.path); !ok) ui.notices.push_back(ok.error().message);
            }
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", f.path.string().c_str());
        }
        if (s.lesson) {
            ImGui::Separator();
            if (ImGui::Selectable("Close the lesson")) close_lesson(ui);
        }
        ImGui::EndCombo();
    }
    if (!ImGui::IsPopupOpen("##lessons") && ImGui::IsItemHovered())
        ImGui::SetTooltip("Lessons from assets/lessons and %s", "~/.local/share/losslab/lessons");
}

} // namespace

void set_presentation(UiContext& ui, bool on) {
    if (ui.presentation == on) return;
    auto& m = memory(ui);
    if (on) {
        m = {ui.theme, ui.ui_zoom, ui.fullscreen};
        ui.theme = plot::Theme::Projector;
        ui.requests.zoom = std::min(3.0f, ui.ui_zoom * kPresentationZoom);
        if (!ui.fullscreen) ui.requests.toggle_fullscreen = true;
    } else {
        ui.theme = m.theme;
        // Always a zoom request: it also re-applies the ImGui style for the restored theme.
        ui.requests.zoom = m.zoom;
        if (ui.fullscreen != m.fullscreen) ui.requests.toggle_fullscreen = true;
    }
    ui.presentation = on;
}

void toggle_presentation(UiContext& ui) { set_presentation(ui, !ui.presentation); }

plot::Theme remembered_theme(UiContext& ui) {
    return ui.presentation ? memory(ui).theme : ui.theme;
}

void draw_toolbar(model::AppState& state, UiContext& ui) {
    const char* label = ui.presentation ? "Exit presentation" : "Presentation mode";
    if (ImGui::Button(label)) toggle_presentation(ui);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("F11: full screen, projector theme, larger text, no sidebar");
    ImGui::SameLine();
    draw_lesson_chooser(state, ui);
    if (!ui.presentation && !lesson_session(ui).lesson) {
        ImGui::SameLine();
        draw_add_step_button(state, ui, "Record step…");
    }
    ImGui::SameLine();
    ImGui::TextDisabled("|");
    ImGui::SameLine();
    if (ImGui::Button("−##zoom-out")) ui.requests.zoom = ui.ui_zoom / 1.25f;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Smaller (Ctrl+-)");
    ImGui::SameLine();
    char zoom[16];
    std::snprintf(zoom, sizeof zoom, "%d%%", int(ui.ui_zoom * 100.0f + 0.5f));
    if (ImGui::Button(zoom)) ui.requests.zoom = 1.0f;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("UI zoom; click for 100%% (Ctrl+0)");
    ImGui::SameLine();
    if (ImGui::Button("+##zoom-in")) ui.requests.zoom = ui.ui_zoom * 1.25f;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Larger (Ctrl+=)");
}

} // namespace losslab::ui

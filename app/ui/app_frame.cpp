#include "ui/app_frame.hpp"

#include "losslab/version.hpp"
#include "model/labs/figure_catalogue.hpp"
#include "model/labs/labs.hpp"
#include "ui/animation.hpp"
#include "ui/export_dialog.hpp"
#include "ui/file_menu.hpp"
#include "ui/lab_panels.hpp"
#include "ui/lesson_panel.hpp"
#include "ui/presentation.hpp"

#include <imgui.h>

#include <string>

namespace losslab::ui {

namespace {

void draw_menu(model::AppState& state, UiContext& ui, FrameRequests& req) {
    if (!ImGui::BeginMenuBar()) return;
    if (ImGui::BeginMenu("File")) {
        draw_file_menu_items(state, ui);
        if (ImGui::MenuItem("Quit", "Ctrl+Q")) req.quit = true;
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("View")) {
        for (auto theme : {plot::Theme::Light, plot::Theme::Dark}) {
            const std::string name(plot::theme_name(theme));
            if (ImGui::MenuItem((name + " theme").c_str(), nullptr, ui.theme == theme)) {
                req.theme_changed = ui.theme != theme;
                ui.theme = theme;
            }
        }
        ImGui::Separator();
        if (ImGui::MenuItem("Presentation mode", "F11", ui.presentation)) toggle_presentation(ui);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
        ImGui::Text("%s %s", kProgramName, kVersion);
        ImGui::TextDisabled("Font: %s", ui.fonts.file.c_str());
        if (ImGui::MenuItem("Gestures and shortcuts", "F1")) ui.show_help = true;
        ImGui::EndMenu();
    }
    ImGui::TextDisabled("|");
    draw_toolbar(state, ui);
    ImGui::EndMenuBar();
}

void draw_notices(UiContext& ui) {
    for (size_t i = 0; i < ui.notices.size();) {
        ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(230, 159, 0, 60));
        const float h = ImGui::GetTextLineHeightWithSpacing() * 2.2f;
        ImGui::PushID(int(i));
        ImGui::BeginChild("##notice", ImVec2(0, h), true);
        ImGui::TextWrapped("%s", ui.notices[i].c_str());
        ImGui::SameLine(ImGui::GetContentRegionAvail().x - 60.0f * ui.dpi_scale);
        const bool dismiss = ImGui::SmallButton("Dismiss");
        ImGui::EndChild();
        ImGui::PopID();
        ImGui::PopStyleColor();
        if (dismiss) ui.notices.erase(ui.notices.begin() + long(i));
        else ++i;
    }
}

void draw_sidebar(model::AppState& state, UiContext& ui) {
    ImGui::BeginChild("##sidebar", ImVec2(230.0f * ui.dpi_scale, 0), true);
    if (ui.fonts.heading) ImGui::PushFont(ui.fonts.heading);
    ImGui::TextUnformatted("LossLab");
    if (ui.fonts.heading) ImGui::PopFont();
    ImGui::TextDisabled("Labs");
    ImGui::Separator();
    for (const auto& lab : model::lab_catalogue()) {
        const std::string title(lab.title);
        if (ImGui::Selectable((title + "##lab-" + std::string(lab.key)).c_str(),
                              state.lab == lab.id))
            state.lab = lab.id;
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%.*s\n--lab %.*s", int(lab.summary.size()), lab.summary.data(),
                              int(lab.key.size()), lab.key.data());
    }
    ImGui::EndChild();
}

// Below this window width (unscaled pixels; a phone) the lab list is a combo box above the lab
// instead of a column beside it, which would leave the lab too little room.
constexpr float kLabListColumnMinWidth = 600.0f;

bool lab_list_as_combo(const UiContext& ui) {
    return ImGui::GetMainViewport()->WorkSize.x < kLabListColumnMinWidth * ui.dpi_scale;
}

void draw_lab_combo(model::AppState& state) {
    const std::string current(model::lab_info(state.lab).title);
    ImGui::SetNextItemWidth(-1.0f);
    if (!ImGui::BeginCombo("##lab-list", current.c_str())) return;
    for (const auto& lab : model::lab_catalogue()) {
        const std::string title(lab.title);
        if (ImGui::Selectable((title + "##lab-" + std::string(lab.key)).c_str(), state.lab == lab.id))
            state.lab = lab.id;
    }
    ImGui::EndCombo();
}

// Window-wide keys. ImGui 1.86 indexes keys by the backend's key codes: GLFW's letters and
// digits equal their ASCII capitals, and its F11, '=' and '-' codes are spelled out below.
void handle_shortcuts(UiContext& ui, FrameRequests& req) {
    constexpr int kGlfwKeyF11 = 300, kGlfwKeyEqual = 61, kGlfwKeyMinus = 45;
    constexpr int kGlfwKeyKpAdd = 334, kGlfwKeyKpSubtract = 333;
    const ImGuiIO& io = ImGui::GetIO();
    if (io.KeyCtrl && ImGui::IsKeyPressed('Q', false)) req.quit = true;
    if (ImGui::IsKeyPressed(kGlfwKeyF11, false)) toggle_presentation(ui);
    if (io.KeyCtrl && (ImGui::IsKeyPressed(kGlfwKeyEqual, false) || ImGui::IsKeyPressed(kGlfwKeyKpAdd, false)))
        ui.requests.zoom = ui.ui_zoom * 1.25f;
    if (io.KeyCtrl && (ImGui::IsKeyPressed(kGlfwKeyMinus, false) || ImGui::IsKeyPressed(kGlfwKeyKpSubtract, false)))
        ui.requests.zoom = ui.ui_zoom / 1.25f;
    if (io.KeyCtrl && ImGui::IsKeyPressed('0', false)) ui.requests.zoom = 1.0f;
    if (!io.WantTextInput && !io.KeyCtrl && !io.KeyAlt && ImGui::IsKeyPressed('P', false))
        toggle_params(ui);
    constexpr int kGlfwKeyF1 = 290;
    if (ImGui::IsKeyPressed(kGlfwKeyF1, false)) ui.show_help = !ui.show_help;
    if (!io.WantTextInput)
        for (const ImWchar c : io.InputQueueCharacters)
            if (c == '?') ui.show_help = !ui.show_help;
}

} // namespace

FrameRequests draw_app(model::AppState& state, UiContext& ui) {
    FrameRequests req;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_MenuBar |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("LossLab", nullptr, flags);
    // The UI context for widgets whose API carries no context (the slider's ▶ button).
    ImGui::GetIO().UserData = &ui;
    step_animations(state, ui, ImGui::GetTime());
    draw_menu(state, ui, req);
    draw_file_dialogs(state, ui);
    const bool lab_list = !ui.presentation && !ui.hide_sidebar;
    const bool lab_combo = lab_list && lab_list_as_combo(ui);
    if (lab_list && !lab_combo) {
        draw_sidebar(state, ui);
        ImGui::SameLine();
    }
    ImGui::BeginGroup();
    if (lab_combo) draw_lab_combo(state);
    draw_notices(ui);
    const auto& lab = model::lab_info(state.lab);
    // In presentation mode with a lesson the caption box is the heading: the plots get the row.
    if (!ui.presentation || !lesson_session(ui).lesson) {
        if (ui.fonts.heading) ImGui::PushFont(ui.fonts.heading);
        ImGui::TextUnformatted(lab.title.data(), lab.title.data() + lab.title.size());
        if (ui.fonts.heading) ImGui::PopFont();
        ImGui::SameLine();
        if (!ui.presentation) ImGui::TextDisabled("%.*s", int(lab.summary.size()), lab.summary.data());
        else ImGui::NewLine();
    }
    draw_lesson_panel(state, ui);
    if (!draw_step_figures(state, ui)) draw_lab(state, ui);
    ImGui::EndGroup();
    const auto lab_figs = model::lab_figures(state.lab);
    draw_export_dialog(ui, lab_figs.empty() ? std::string() : std::string(lab_figs.front()->name));
    ImGui::End();
    draw_help_overlay(ui);
    handle_shortcuts(ui, req);
    ++ui.frame;
    return req;
}

} // namespace losslab::ui

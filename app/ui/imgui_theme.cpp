#include "ui/imgui_theme.hpp"

#include <imgui.h>

namespace losslab::ui {

namespace {
ImVec4 rgb(int r, int g, int b, float a = 1.0f) { return {r / 255.0f, g / 255.0f, b / 255.0f, a}; }

void accent_colours(ImGuiStyle& s, ImVec4 accent, ImVec4 accent_hover, ImVec4 accent_active) {
    for (auto c : {ImGuiCol_Button, ImGuiCol_Header, ImGuiCol_FrameBgActive})
        s.Colors[c] = ImVec4(accent.x, accent.y, accent.z, 0.25f);
    s.Colors[ImGuiCol_ButtonHovered] = ImVec4(accent.x, accent.y, accent.z, 0.45f);
    s.Colors[ImGuiCol_HeaderHovered] = ImVec4(accent.x, accent.y, accent.z, 0.35f);
    s.Colors[ImGuiCol_ButtonActive] = accent_active;
    s.Colors[ImGuiCol_HeaderActive] = ImVec4(accent.x, accent.y, accent.z, 0.55f);
    s.Colors[ImGuiCol_SliderGrab] = accent;
    s.Colors[ImGuiCol_SliderGrabActive] = accent_active;
    s.Colors[ImGuiCol_CheckMark] = accent;
    s.Colors[ImGuiCol_TextSelectedBg] = ImVec4(accent.x, accent.y, accent.z, 0.35f);
    s.Colors[ImGuiCol_SeparatorHovered] = accent_hover;
    s.Colors[ImGuiCol_TabActive] = ImVec4(accent.x, accent.y, accent.z, 0.45f);
}
} // namespace

void apply_imgui_theme(plot::Theme theme, float scale) {
    ImGuiStyle style;
    if (theme == plot::Theme::Dark) {
        ImGui::StyleColorsDark(&style);
        style.Colors[ImGuiCol_WindowBg] = rgb(30, 32, 36);
        style.Colors[ImGuiCol_ChildBg] = rgb(26, 28, 32);
        style.Colors[ImGuiCol_FrameBg] = rgb(46, 50, 57);
        style.Colors[ImGuiCol_FrameBgHovered] = rgb(58, 63, 72);
        style.Colors[ImGuiCol_Border] = rgb(60, 64, 72);
        style.Colors[ImGuiCol_MenuBarBg] = rgb(24, 26, 30);
        accent_colours(style, rgb(86, 180, 233), rgb(120, 200, 240), rgb(60, 150, 210));
    } else {
        ImGui::StyleColorsLight(&style);
        const bool projector = theme == plot::Theme::Projector;
        style.Colors[ImGuiCol_WindowBg] = projector ? rgb(255, 255, 255) : rgb(246, 247, 250);
        style.Colors[ImGuiCol_ChildBg] = projector ? rgb(255, 255, 255) : rgb(238, 240, 245);
        style.Colors[ImGuiCol_FrameBg] = rgb(225, 228, 235);
        style.Colors[ImGuiCol_FrameBgHovered] = rgb(210, 215, 225);
        style.Colors[ImGuiCol_Text] = projector ? rgb(0, 0, 0) : rgb(28, 30, 34);
        style.Colors[ImGuiCol_TextDisabled] = rgb(100, 104, 112);
        style.Colors[ImGuiCol_Border] = rgb(205, 209, 217);
        style.Colors[ImGuiCol_MenuBarBg] = rgb(232, 234, 240);
        accent_colours(style, rgb(0, 114, 178), rgb(40, 140, 200), rgb(0, 90, 150));
    }
    style.WindowRounding = 0.0f;
    style.ChildRounding = 6.0f;
    style.FrameRounding = 4.0f;
    style.GrabRounding = 4.0f;
    style.PopupRounding = 6.0f;
    style.FramePadding = ImVec2(8, 5);
    style.ItemSpacing = ImVec2(10, 8);
    style.WindowPadding = ImVec2(14, 12);
    style.GrabMinSize = 14.0f;
    style.ScrollbarSize = 14.0f;
    style.AntiAliasedLines = true;
    style.AntiAliasedFill = true;
    style.ScaleAllSizes(scale);
    ImGui::GetStyle() = style;
}

} // namespace losslab::ui

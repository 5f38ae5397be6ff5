#include "ui/presentation.hpp"

#include "model/labs/figure_catalogue.hpp"
#include "model/labs/labs.hpp"
#include "model/params/param_registry.hpp"
#include "ui/figure_widget.hpp"
#include "ui/lesson_panel.hpp"
#include "ui/param_widgets.hpp"

#include <imgui.h>

#include <algorithm>
#include <array>
#include <utility>
#include <string>
#include <vector>
#include <cstdio>

namespace losslab::ui {

namespace {

PresentationMemory& memory(UiContext& ui) {
    return panel_data<PresentationMemory>(ui, "presentation");
}

// The lesson chooser, at most `max_width` wide (the title is clipped, the whole title is in
// the list).
void draw_lesson_chooser(model::AppState& state, UiContext& ui, float max_width) {
    auto& s = lesson_session(ui);
    const std::string current = s.lesson ? s.lesson->title : std::string("Open a lesson…");
    ImGui::SetNextItemWidth(std::min(max_width, ImGui::CalcTextSize(current.c_str()).x +
                                                    ImGui::GetFrameHeight() * 2.0f));
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
        m = {ui.theme, ui.ui_zoom, ui.fullscreen, ui.hide_params};
        // The parameter column starts collapsed: the plots get the width (P brings it back).
        ui.hide_params = true;
        ui.step_figures_only = true;
        ui.theme = plot::Theme::Projector;
        ui.requests.zoom = std::min(3.0f, ui.ui_zoom * kPresentationZoom);
        if (!ui.fullscreen) ui.requests.toggle_fullscreen = true;
    } else {
        ui.theme = m.theme;
        ui.hide_params = m.hide_params;
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

void toggle_params(UiContext& ui) { ui.hide_params = !ui.hide_params; }

void draw_toolbar(model::AppState& state, UiContext& ui) {
    // Narrow windows (1024 px at presentation zoom) get short labels and a narrower lesson
    // chooser so that every control stays on the row: widths are measured, not guessed.
    const ImGuiStyle& style = ImGui::GetStyle();
    const bool lesson_open = lesson_session(ui).lesson.has_value();
    auto button_w = [&](const char* text) {
        return ImGui::CalcTextSize(text, nullptr, true).x + 2.0f * style.FramePadding.x +
               style.ItemSpacing.x;
    };
    auto row_w = [&](bool short_labels) {
        float w = button_w(ui.presentation ? (short_labels ? "Exit" : "Exit presentation")
                                           : (short_labels ? "Present" : "Presentation mode"));
        if (!ui.presentation && !lesson_open) w += button_w(short_labels ? "Record…" : "Record step…");
        if (ui.presentation && lesson_open) w += button_w(short_labels ? "Step" : "Step figures");
        w += button_w(short_labels ? "Params ▸" : "Show parameters");
        w += button_w("|") + button_w("−") + button_w("300%") + button_w("+");
        return w;
    };
    const float avail = ImGui::GetIO().DisplaySize.x - ImGui::GetCursorScreenPos().x -
                        2.0f * style.WindowPadding.x;
    const float chooser_full = 420.0f * ui.dpi_scale;
    const bool compact = row_w(false) + chooser_full + style.ItemSpacing.x > avail;
    const float chooser_w =
        std::max(ImGui::GetFrameHeight() * 3.0f,
                 std::min(chooser_full, avail - row_w(compact) - style.ItemSpacing.x));
    const char* label = ui.presentation ? (compact ? "Exit" : "Exit presentation")
                                        : (compact ? "Present" : "Presentation mode");
    if (ImGui::Button(label)) toggle_presentation(ui);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("F11: full screen, projector theme, larger text, no sidebar");
    ImGui::SameLine();
    draw_lesson_chooser(state, ui, chooser_w);
    if (!ui.presentation && !lesson_session(ui).lesson) {
        ImGui::SameLine();
        draw_add_step_button(state, ui, compact ? "Record…" : "Record step…");
    }
    if (ui.presentation && lesson_session(ui).lesson) {
        // The step's figures, or the whole lab panel (tabs, every figure) one click away.
        ImGui::SameLine();
        const char* view = ui.step_figures_only ? (compact ? "Lab##view" : "Whole lab##view")
                                                : (compact ? "Step##view" : "Step figures##view");
        if (ImGui::Button(view)) ui.step_figures_only = !ui.step_figures_only;
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip(ui.step_figures_only ? "Show the whole lab: every tab and figure"
                                                   : "Back to the figures this step shows");
    }
    ImGui::SameLine();
    const char* params = ui.hide_params ? (compact ? "Params ▸##params" : "Show parameters##params")
                                        : (compact ? "Params ◂##params" : "Hide parameters##params");
    if (ImGui::Button(params)) toggle_params(ui);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show or hide the parameter column (P)");
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

void draw_help_overlay(UiContext& ui) {
    if (!ui.show_help) return;
    static constexpr std::array<std::pair<const char*, const char*>, 22> kRows{{
        {"Mouse wheel over a plot", "zoom in and out around the pointer"},
        {"Drag with the left button", "pan the plot"},
        {"Drag with the right button", "zoom to the box drawn"},
        {"Double-click a plot", "reset its view"},
        {"Click a legend entry", "hide or show that series"},
        {"Hover a plot", "read out the curves at the pointer"},
        {"Export… on a plot (Ctrl+E)", "save the figure as PNG, SVG or CSV"},
        {"Ctrl+click a slider", "type an exact value"},
        {"▶ beside a slider", "sweep the parameter"},
        {"→, Space, Page Down", "next lesson step"},
        {"←, Page Up", "previous lesson step"},
        {"Home, End", "first, last lesson step"},
        {"F11", "presentation mode (full screen on this monitor)"},
        {"P", "show or hide the parameter column"},
        {"Ctrl+=, Ctrl+-", "larger, smaller text and plots"},
        {"Ctrl+0", "zoom back to 100 %"},
        {"Record step… (toolbar)", "save this lab's changed parameters as a lesson step"},
        {"Ctrl+O", "open a session, lesson or LossLab PNG"},
        {"Ctrl+S", "save the session"},
        {"Drop a file on the window", "open it"},
        {"F1, ?", "this help"},
        {"Ctrl+Q", "quit"},
    }};
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f,
                                   vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowBgAlpha(0.97f);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_AlwaysAutoResize |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove;
    if (!ImGui::Begin("Gestures and shortcuts", &ui.show_help, flags)) {
        ImGui::End();
        return;
    }
    // Each cell is recorded in the layout report (role "help") when one is kept: tests read
    // what the overlay really lists.
    auto cell = [&](const char* text) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(text);
        if (ui.plot.report) {
            const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
            ui.plot.report->texts.push_back({text, "help", {a.x, a.y, b.x, b.y}, "help-overlay"});
        }
    };
    if (ImGui::BeginTable("##help", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
        for (const auto& [what, does] : kRows) {
            ImGui::TableNextRow();
            cell(what);
            cell(does);
        }
        ImGui::EndTable();
    }
    if (ImGui::Button("Close (Esc)") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false))
        ui.show_help = false;
    ImGui::End();
}

std::vector<std::string> step_figure_names(UiContext& ui) {
    auto& s = lesson_session(ui);
    if (!s.lesson || s.step >= s.lesson->steps.size()) return {};
    const auto& step = s.lesson->steps[s.step];
    if (!step.figures.empty()) return step.figures;
    if (!step.notes.empty()) return {step.notes.front().figure};
    if (s.step >= s.states.size()) return {};
    // The tab's figure; none when the tab draws something the catalogue does not hold.
    const std::string tab = model::tab_figure(s.states[s.step], step.lab);
    if (!tab.empty()) return {tab};
    const auto figs = model::lab_figures(step.lab);
    const bool tabs = model::find_param(std::string(model::lab_info(step.lab).key) + ".view");
    if (tabs || figs.empty()) return {};
    return {std::string(figs.front()->name)};
}

namespace {

// The step figures' cache: rebuilt when the state or the names change.
struct StepFigures {
    FigureCache<model::AppState> cache;
    std::vector<std::string> names;
    size_t step = size_t(-1);
};

// The step's own sliders: the Real and Integer parameters it sets, of its lab (at most four).
std::vector<std::string> step_slider_keys(UiContext& ui) {
    auto& s = lesson_session(ui);
    std::vector<std::string> keys;
    if (!s.lesson || s.step >= s.lesson->steps.size()) return keys;
    const auto& step = s.lesson->steps[s.step];
    for (const auto& [key, text] : step.set) {
        const auto* p = model::find_param(key);
        if (!p || (p->spec->kind != model::ParamKind::Real && p->spec->kind != model::ParamKind::Integer))
            continue;
        if (key.rfind(std::string(model::lab_info(step.lab).key) + ".", 0) != 0) continue;
        if (keys.size() < 4) keys.push_back(key);
    }
    if (step.animate && keys.size() < 4 &&
        std::find(keys.begin(), keys.end(), step.animate->key) == keys.end())
        keys.push_back(step.animate->key);
    return keys;
}

void draw_slider_strip(model::AppState& state, UiContext& ui, const std::vector<std::string>& keys) {
    if (keys.empty()) return;
    // As many per row as leave each slider room for its label and a usable track.
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float avail = ImGui::GetContentRegionAvail().x;
    const size_t per_row = std::clamp(size_t((avail + gap) / (360.0f * ui.dpi_scale + gap)),
                                      size_t(1), keys.size());
    const float w = (avail - gap * float(per_row - 1)) / float(per_row);
    const float h = ImGui::GetFrameHeightWithSpacing();
    for (size_t i = 0; i < keys.size(); ++i) {
        if (i % per_row != 0) ImGui::SameLine();
        ImGui::PushID(keys[i].c_str());
        ImGui::BeginChild("##step-slider", ImVec2(w, h), false, ImGuiWindowFlags_NoScrollbar);
        param_control(state, registered_param(keys[i]), true);
        ImGui::EndChild();
        ImGui::PopID();
    }
}

} // namespace

bool draw_step_figures(model::AppState& state, UiContext& ui) {
    auto& session = lesson_session(ui);
    if (!ui.presentation || !session.lesson) return false;
    auto& data = panel_data<StepFigures>(ui, "step-figures");
    if (data.step != session.step) {
        data.step = session.step;
        ui.step_figures_only = true;
    }
    if (!ui.step_figures_only) return false;
    if (ui.hide_params) draw_slider_strip(state, ui, step_slider_keys(ui));
    const auto names = step_figure_names(ui);
    if (names != data.names) {
        data.names = names;
        data.cache.built_for.reset();
    }
    if (data.cache.stale(state)) {
        data.cache.figures.clear();
        for (const auto& name : names)
            if (const auto* info = model::find_figure(name); info && info->lab == state.lab)
                data.cache.figures.push_back(info->build(state));
    }
    const auto& figs = data.cache.figures;
    if (figs.empty()) return false;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const ImVec2 cell((avail.x - gap * float(figs.size() - 1)) / float(figs.size()), avail.y);
    // A curve's legend entry and its lab's "show" checkbox are one state here as in the lab
    // panel: a legend click unchecks the box (the step shows the curves that are on).
    const bool toggles = lab_has_series_toggles(state.lab);
    plot::imgui::PlotOptions options;
    options.legend_hides = !toggles;
    for (size_t i = 0; i < figs.size(); ++i) {
        if (i > 0) ImGui::SameLine();
        const std::string id = "step-figure-" + figs[i].name;
        const auto out = plot_figure(id.c_str(), figs[i], cell, ui, options);
        if (toggles) toggle_series_from_legend(state, state.lab, out);
    }
    return true;
}

} // namespace losslab::ui

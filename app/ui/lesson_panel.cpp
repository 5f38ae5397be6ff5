#include "ui/lesson_panel.hpp"

#include "model/io/file_io.hpp"
#include "model/params/param_registry.hpp"
#include "ui/animation.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstring>

namespace losslab::ui {

namespace {

// GLFW key codes (ImGui 1.86 indexes keys by the backend's codes).
constexpr int kKeySpace = 32, kKeyRight = 262, kKeyLeft = 263, kKeyPageUp = 266,
              kKeyPageDown = 267, kKeyHome = 268, kKeyEnd = 269;

// Emphasis colour of **bold** runs: a strong blue that stays dark on white (projector) and
// a light one on the dark theme.
ImU32 emphasis_colour(const UiContext& ui) {
    return ui.theme == plot::Theme::Dark ? IM_COL32(120, 190, 255, 255)
                                          : IM_COL32(0, 70, 160, 255);
}

// The font for captions: larger in presentation mode, where the text must carry across a
// lecture hall.
ImFont* caption_font(const UiContext& ui) {
    if (!ui.presentation || ui.fonts.all.empty()) return ui.fonts.body;
    const float want = 19.0f * ui.dpi_scale;
    ImFont* best = ui.fonts.body;
    for (ImFont* f : ui.fonts.all)
        if (best == nullptr || std::abs(f->FontSize - want) < std::abs(best->FontSize - want))
            best = f;
    return best;
}

std::string strip_emphasis(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 2, "**") == 0) {
            ++i;
            continue;
        }
        out += text[i];
    }
    return out;
}

// `text` shortened at a character boundary with "…" so that it fits `width` pixels in the
// current font; empty when not even "x…" fits.
std::string elide_to_width(const std::string& text, float width) {
    if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
    std::string cut = text;
    while (!cut.empty()) {
        // Drop one UTF-8 character (its continuation bytes, then its lead byte).
        while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80)
            cut.pop_back();
        if (!cut.empty()) cut.pop_back();
        while (!cut.empty() && cut.back() == ' ') cut.pop_back();
        if (cut.empty()) break;
        const std::string shown = cut + "…";
        if (ImGui::CalcTextSize(shown.c_str()).x <= width) return shown;
    }
    return {};
}

void show_step_state(model::AppState& state, UiContext& ui, size_t index, bool animate) {
    auto& s = lesson_session(ui);
    if (!s.lesson || s.states.empty()) return;
    s.step = std::min(index, s.states.size() - 1);
    start_transition(state, ui, s.states[s.step], animate ? kTransitionSeconds : 0.0);
    // A step's sweep starts once the glide into the step has arrived (draw_lesson_panel).
    s.sweep_pending = s.lesson->steps[s.step].animate.has_value();
    if (s.sweep_pending && !animate) {
        start_sweep(ui, *s.lesson->steps[s.step].animate);
        s.sweep_pending = false;
    }
}

void add_step_popup(model::AppState& state, UiContext& ui) {
    auto& s = lesson_session(ui);
    ImGui::SetNextWindowSize(ImVec2(520.0f * ui.dpi_scale, 0));
    if (!ImGui::BeginPopup("##add-step")) return;
    const auto target = s.lesson ? s.path : s.scratch_path;
    ImGui::TextUnformatted("Add the current state as a step");
    ImGui::TextDisabled("to %s", target.string().c_str());
    ImGui::TextUnformatted("Title:");
    ImGui::SetNextItemWidth(-1.0f);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    // Enter in the title adds the step (once it has a title), as the button does.
    const bool entered = ImGui::InputText("##title", s.draft_title.data(), s.draft_title.size(),
                                          ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::TextUnformatted("Caption (**bold** for emphasis):");
    ImGui::InputTextMultiline("##caption", s.draft_caption.data(), s.draft_caption.size(),
                              ImVec2(-1.0f, ImGui::GetTextLineHeight() * 5.0f));
    const bool titled = s.draft_title[0] != '\0';
    if (!titled) ImGui::BeginDisabled();
    const bool add = ImGui::Button("Add step") || (entered && titled);
    if (!titled) {
        ImGui::EndDisabled();
        ImGui::SameLine();
        ImGui::TextDisabled("A step needs a title");
    }
    if (add) {
        const model::AppState previous =
            s.lesson && !s.states.empty() ? s.states.back() : model::default_app_state();
        const auto step = model::step_from_state(state, previous, s.draft_caption.data(),
                                                 s.draft_title.data());
        if (auto ok = model::append_lesson_step(target, step, "My lesson"); !ok) {
            ui.notices.push_back(ok.error().message);
        } else {
            s.draft_caption.fill('\0');
            s.draft_title.fill('\0');
            const model::AppState keep = state;
            auto reopened = open_lesson(state, ui, target, s.lesson ? s.lesson->steps.size() : 0);
            if (!reopened) ui.notices.push_back(reopened.error().message);
            state = keep;
            s.step = s.states.empty() ? 0 : s.states.size() - 1;
            s.scanned = false;
        }
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void handle_keys(model::AppState& state, UiContext& ui) {
    auto& s = lesson_session(ui);
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || ImGui::IsAnyItemActive() || io.KeyCtrl || io.KeyAlt ||
        ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel))
        return;
    const size_t last = s.states.size() - 1;
    if (ImGui::IsKeyPressed(kKeyRight, false) || ImGui::IsKeyPressed(kKeySpace, false) ||
        ImGui::IsKeyPressed(kKeyPageDown, false)) {
        if (s.step < last) go_to_step(state, ui, s.step + 1);
    } else if (ImGui::IsKeyPressed(kKeyLeft, false) || ImGui::IsKeyPressed(kKeyPageUp, false)) {
        if (s.step > 0) go_to_step(state, ui, s.step - 1);
    } else if (ImGui::IsKeyPressed(kKeyHome, false)) {
        go_to_step(state, ui, 0);
    } else if (ImGui::IsKeyPressed(kKeyEnd, false)) {
        go_to_step(state, ui, last);
    }
}

} // namespace

LessonSession& lesson_session(UiContext& ui) { return panel_data<LessonSession>(ui, "lesson"); }

Status open_lesson(model::AppState& state, UiContext& ui, const std::filesystem::path& path,
                   size_t step) {
    auto lesson = model::load_lesson(path);
    if (!lesson) return lesson.error();
    auto slides = model::lesson_slides(lesson.value(), path.string());
    if (!slides) return slides.error();
    auto& s = lesson_session(ui);
    s.lesson = std::move(lesson).value();
    s.path = path;
    s.states.clear();
    for (auto& slide : slides.value()) s.states.push_back(std::move(slide.state));
    stop_animations(ui);
    show_step_state(state, ui, step, false);
    return Ok{};
}

void close_lesson(UiContext& ui) {
    auto& s = lesson_session(ui);
    s.lesson.reset();
    s.states.clear();
    s.step = 0;
    stop_animations(ui);
    ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
}

void go_to_step(model::AppState& state, UiContext& ui, size_t index, bool animate) {
    show_step_state(state, ui, index, animate);
}

float draw_rich_text(const std::string& text, ImU32 emphasis) {
    const float start_y = ImGui::GetCursorPosY();
    const float x0 = ImGui::GetCursorPosX();
    const float right = x0 + ImGui::GetContentRegionAvail().x;
    const ImU32 normal = ImGui::GetColorU32(ImGuiCol_Text);
    const float space = ImGui::CalcTextSize(" ").x;
    bool bold = false;
    size_t line_start = 0;
    while (line_start <= text.size()) {
        size_t line_end = text.find('\n', line_start);
        if (line_end == std::string::npos) line_end = text.size();
        const std::string line = text.substr(line_start, line_end - line_start);
        float x = x0;
        bool first = true;
        size_t i = 0;
        // Words are drawn one by one so that emphasis can change inside a line; a word that
        // would cross the right edge starts the next row.
        while (i < line.size()) {
            while (i < line.size() && line[i] == ' ') ++i;
            size_t j = i;
            std::string word;
            std::vector<std::pair<std::string, bool>> parts;
            bool part_bold = bold;
            while (j < line.size() && line[j] != ' ') {
                if (line.compare(j, 2, "**") == 0) {
                    if (!word.empty()) parts.emplace_back(word, part_bold);
                    word.clear();
                    bold = !bold;
                    part_bold = bold;
                    j += 2;
                    continue;
                }
                word += line[j++];
            }
            if (!word.empty()) parts.emplace_back(word, part_bold);
            i = j;
            if (parts.empty()) continue;
            float w = 0.0f;
            for (const auto& p : parts) w += ImGui::CalcTextSize(p.first.c_str()).x;
            if (!first && x + space + w > right) {
                x = x0;
                first = true;
            }
            if (!first) {
                ImGui::SameLine(0.0f, 0.0f);
                ImGui::SetCursorPosX(x + space);
                x += space;
            }
            for (size_t k = 0; k < parts.size(); ++k) {
                if (k > 0) ImGui::SameLine(0.0f, 0.0f);
                ImGui::PushStyleColor(ImGuiCol_Text, parts[k].second ? emphasis : normal);
                ImGui::TextUnformatted(parts[k].first.c_str());
                ImGui::PopStyleColor();
            }
            x += w;
            first = false;
        }
        if (first) ImGui::NewLine();
        if (line_end == text.size()) break;
        line_start = line_end + 1;
    }
    return ImGui::GetCursorPosY() - start_y;
}

void draw_add_step_button(model::AppState& state, UiContext& ui, const char* label) {
    auto& s = lesson_session(ui);
    if (s.scratch_path.empty()) s.scratch_path = model::data_dir() / "lessons" / "my-lesson.json";
    if (ImGui::Button(label)) ImGui::OpenPopup("##add-step");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Append the current lab and parameters as a new step of %s",
                          (s.lesson ? s.path : s.scratch_path).string().c_str());
    add_step_popup(state, ui);
}

void draw_lesson_panel(model::AppState& state, UiContext& ui) {
    auto& s = lesson_session(ui);
    if (!s.lesson || s.states.empty()) return;
    // Arrows and space belong to the lesson while it is open; ImGui's keyboard navigation
    // would otherwise also move focus or press the focused button.
    ImGui::GetIO().ConfigFlags &= ~ImGuiConfigFlags_NavEnableKeyboard;
    handle_keys(state, ui);
    const auto& step = s.lesson->steps[s.step];
    if (s.sweep_pending && !animations(ui).transition) {
        start_sweep(ui, *step.animate);
        s.sweep_pending = false;
    }

    ImFont* font = caption_font(ui);
    const float pad = ImGui::GetStyle().WindowPadding.y;
    const float width = ImGui::GetContentRegionAvail().x;
    if (font) ImGui::PushFont(font);
    const float caption_h =
        step.caption.empty()
            ? 0.0f
            : ImGui::CalcTextSize(strip_emphasis(step.caption).c_str(), nullptr, false,
                                  width - 2.0f * ImGui::GetStyle().WindowPadding.x - 8.0f)
                      .y +
                  ImGui::GetTextLineHeight() * 0.6f;
    if (font) ImGui::PopFont();
    const float header_h = ImGui::GetFrameHeightWithSpacing() +
                           (ui.fonts.heading ? ui.fonts.heading->FontSize : 0.0f) * 0.3f;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ui.theme == plot::Theme::Dark
                                                ? IM_COL32(40, 44, 52, 255)
                                                : IM_COL32(238, 243, 250, 255));
    ImGui::BeginChild("##lesson", ImVec2(0, header_h + caption_h + 2.0f * pad + 4.0f), true,
                      ImGuiWindowFlags_NoScrollbar);

    const size_t n = s.states.size();
    if (ImGui::ArrowButton("##prev", ImGuiDir_Left) && s.step > 0) go_to_step(state, ui, s.step - 1);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Previous step (←, Page Up)");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(150.0f * ui.dpi_scale);
    const std::string counter = "Step " + std::to_string(s.step + 1) + " / " + std::to_string(n);
    if (ImGui::BeginCombo("##jump", counter.c_str())) {
        for (size_t i = 0; i < n; ++i) {
            const auto& t = s.lesson->steps[i].title;
            const std::string item = std::to_string(i + 1) + ". " +
                                     (t.empty() ? std::string("(untitled)") : t) + "##step" +
                                     std::to_string(i);
            if (ImGui::Selectable(item.c_str(), i == s.step)) go_to_step(state, ui, i);
        }
        ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Jump to a step (Home / End: first / last)");
    ImGui::SameLine();
    if (ImGui::ArrowButton("##next", ImGuiDir_Right) && s.step + 1 < n)
        go_to_step(state, ui, s.step + 1);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Next step (→, space, Page Down)");
    ImGui::SameLine();
    // The step's title, then the lesson's, each shortened with "…" to the room left before the
    // buttons (a narrow screen), never running under them or cut mid-letter at the box's edge.
    const float buttons_w = ui.presentation
                                ? 0.0f
                                : ImGui::CalcTextSize("+ Add step").x +
                                      ImGui::CalcTextSize("Close").x +
                                      4.0f * ImGui::GetStyle().FramePadding.x +
                                      2.0f * ImGui::GetStyle().ItemSpacing.x;
    if (ui.fonts.heading) ImGui::PushFont(ui.fonts.heading);
    const std::string heading = elide_to_width(step.title.empty() ? s.lesson->title : step.title,
                                               ImGui::GetContentRegionAvail().x - buttons_w);
    ImGui::TextUnformatted(heading.c_str());
    if (ui.fonts.heading) ImGui::PopFont();
    ImGui::SameLine();
    const std::string subtitle =
        elide_to_width(s.lesson->title, ImGui::GetContentRegionAvail().x - buttons_w);
    if (!subtitle.empty()) ImGui::TextDisabled("%s", subtitle.c_str());
    else ImGui::Dummy(ImVec2(0.0f, 0.0f)); // an item to end the row on, as the title would

    if (!ui.presentation) {
        const float after = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x +
                            ImGui::GetStyle().ItemSpacing.x;
        ImGui::SameLine(std::max(after, ImGui::GetWindowContentRegionMax().x - buttons_w));
        draw_add_step_button(state, ui, "+ Add step");
        ImGui::SameLine();
        if (ImGui::Button("Close")) {
            ImGui::EndChild();
            ImGui::PopStyleColor();
            close_lesson(ui);
            return;
        }
    }
    if (!step.caption.empty()) {
        if (font) ImGui::PushFont(font);
        draw_rich_text(step.caption, emphasis_colour(ui));
        if (font) ImGui::PopFont();
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

void add_lesson_notes(plot::Figure& figure, UiContext& ui) {
    auto it = ui.panels.find("lesson");
    if (it == ui.panels.end()) return;
    auto& s = std::any_cast<LessonSession&>(it->second);
    if (!s.lesson || s.step >= s.lesson->steps.size()) return;
    model::add_step_notes(figure, s.lesson->steps[s.step]);
}

} // namespace losslab::ui

#pragma once
// The lesson panel: the caption box above the lab (step heading, caption with **bold**
// emphasis, step counter, previous/next, jump to a step, "add current state as a step"),
// arrow/space/page keys for navigation, and the lesson's notes placed on the figures the
// lab draws. The lesson itself is model::Lesson; this file only shows and walks it.

#include "model/app_state.hpp"
#include "plot/figure.hpp"
#include "model/persist/lesson.hpp"
#include "ui/ui_context.hpp"

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace losslab::ui {

// The open lesson and where the class is in it (panel_data "lesson").
struct LessonSession {
    // The lesson shown; empty when none is open.
    std::optional<model::Lesson> lesson;
    // The file it came from (authoring appends to it).
    std::filesystem::path path;
    // The step shown, 0-based.
    size_t step = 0;
    // The state of every step, computed once when the lesson is opened.
    std::vector<model::AppState> states;
    // Whether the step's sweep waits for the transition into the step to finish.
    bool sweep_pending = false;
    // The lessons found in model::lesson_dirs(), listed by the toolbar; scanned on first use.
    std::vector<model::LessonFile> available;
    bool scanned = false;
    // The title and caption typed in the "add step" popup.
    std::array<char, 160> draft_title{};
    std::array<char, 1024> draft_caption{};
    // Where the "add step" button appends when no lesson is open (set on first use to
    // model::data_dir()/lessons/my-lesson.json).
    std::filesystem::path scratch_path;
};

// The lesson session of `ui`, created on first use.
LessonSession& lesson_session(UiContext& ui);

// Opens the lesson at `path` at step `step` (0-based, clamped), setting `state` at once
// (no transition). A malformed lesson is refused: the error names the file, the step and the
// field; the lesson open before (if any) stays open and `state` is untouched.
Status open_lesson(model::AppState& state, UiContext& ui, const std::filesystem::path& path,
                   size_t step = 0);

// Closes the open lesson (notes disappear; the state stays as it is).
void close_lesson(UiContext& ui);

// Shows step `index` (clamped): parameters glide there over ~0.6 s when `animate`, else
// they are set at once; the step's own sweep, if any, starts.
void go_to_step(model::AppState& state, UiContext& ui, size_t index, bool animate = true);

// Draws the caption box and handles the navigation keys; nothing when no lesson is open.
void draw_lesson_panel(model::AppState& state, UiContext& ui);

// A button that opens the "add current state as a step" popup: appends to the open lesson's
// file, or to model::data_dir()/lessons/my-lesson.json (opened afterwards) when none is open.
void draw_add_step_button(model::AppState& state, UiContext& ui, const char* label);

// Appends the open lesson's step notes aimed at `figure` (by its name) as annotations; the
// plot widget calls it on the copy it draws.
void add_lesson_notes(plot::Figure& figure, UiContext& ui);

// Draws `text` wrapped at the available width: lines split at '\n', **bold** runs in
// `emphasis` colour. Returns the height used.
float draw_rich_text(const std::string& text, ImU32 emphasis);

} // namespace losslab::ui

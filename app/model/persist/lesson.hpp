#pragma once
// Lessons: a JSON file of steps a class walks through. Each step names a lab, sets
// parameters (the keys of `--set` and sessions), shows a caption, may place notes on a
// figure and may sweep one parameter. GUI-free: parsing, validation, serialisation, the
// state each step produces, and the interpolation that animations use.
//
// File format (UTF-8 JSON):
//   {"format": "losslab-lesson", "version": 1, "title": "Focal loss",
//    "steps": [{"lab": "focal", "title": "Figure 1", "set": {"focal.gamma": 2},
//               "caption": "**γ** down-weights easy examples",
//               "figures": ["focal-figure-1"], "tab": "figure-1",
//               "notes": [{"figure": "focal-family", "text": "easy", "x": 0.9, "y": 1,
//                          "arrow_to": [0.95, 0.1]}],
//               "animate": {"key": "focal.gamma", "from": 0, "to": 5, "seconds": 6,
//                           "loop": true}}]}
// "format" and "version" are optional on reading. A step's parameters accumulate: step i
// starts from the state of step i-1 (step 0 from the defaults), so a step lists only what
// changes.

#include "losslab/result.hpp"
#include "model/app_state.hpp"
#include "plot/figure.hpp"
#include "model/params/param_spec.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace losslab::model {

// A text note placed on a named figure of the step's lab, in data coordinates.
struct LessonNote {
    // The figure's catalogue name ("focal-family"); see `losslab figures`.
    std::string figure;
    std::string text;
    double x = 0.0;
    double y = 0.0;
    // Where an arrow from the note points, in data coordinates. Default: no arrow.
    std::optional<std::pair<double, double>> arrow_to;
    bool operator==(const LessonNote&) const = default;
};

// A sweep of one real parameter between two values.
struct ParamSweep {
    // The full key ("focal.gamma"); must name a Real or Integer parameter.
    std::string key;
    double from = 0.0;
    double to = 1.0;
    // Duration of one pass from `from` to `to`. Default 4 s.
    double seconds = 4.0;
    // Loop: back and forth forever (ping-pong, no jump). Once: stop at `to`. Default true.
    bool loop = true;
    bool operator==(const ParamSweep&) const = default;
};

// One step of a lesson.
struct LessonStep {
    LabId lab = LabId::Loss;
    // A short heading shown above the caption. Default empty.
    std::string title;
    // Assignments in file order: key ("focal.gamma") and its text value ("2", "figure1").
    std::vector<std::pair<std::string, std::string>> set;
    // A few lines; Greek letters as Unicode, **bold** for emphasis.
    std::string caption;
    std::vector<LessonNote> notes;
    // The figures the step shows (catalogue names of the step's lab, one or two, side by
    // side). Default none: the lab's panel as it is.
    std::vector<std::string> figures;
    // The lab's tab (a choice of "<lab>.view", e.g. "pitfalls"). Default empty: the tab of the
    // first named figure, else unchanged.
    std::string tab;
    // A sweep started when the step is shown. Default none.
    std::optional<ParamSweep> animate;
    bool operator==(const LessonStep&) const = default;
};

// A whole lesson.
struct Lesson {
    std::string title;
    std::vector<LessonStep> steps;
    bool operator==(const Lesson&) const = default;
};

// Parses and validates a lesson. `source` names the file in messages. Every error reads
// "lesson 'FILE', step N, field F: <what> requires <allowed>, got <value>" (step numbers
// from 1; file-level errors omit the step). Parameters are checked by applying them, so a
// lesson that parses produces valid states at every step.
Result<Lesson> parse_lesson(std::string_view json_text, std::string_view source);

// Reads and parses the lesson file at `path`.
Result<Lesson> load_lesson(const std::filesystem::path& path);

// The JSON text of `lesson` (2-space indent, ends with a newline); parse_lesson reads it back
// to an equal Lesson.
std::string lesson_json(const Lesson& lesson);

// The state shown at step `index` (0-based): the defaults, then every step's assignments up
// to and including `index`, with the lab of step `index`. Errors as parse_lesson's.
Result<AppState> lesson_step_state(const Lesson& lesson, size_t index,
                                   std::string_view source = "lesson");

// One step ready to render: its state, heading, caption and figures (slides,
// `export --lesson`).
struct LessonSlide {
    AppState state;
    std::string title;
    std::string caption;
    // The figures the slide shows: the step's named figures, else lesson_slide_figure's one.
    std::vector<std::string> figures;
    // The step's notes.
    std::vector<LessonNote> notes;
};

// Every step of `lesson` as a slide, in order.
Result<std::vector<LessonSlide>> lesson_slides(const Lesson& lesson,
                                               std::string_view source = "lesson");

// The figure a slide of step `index` shows when a lesson is exported (`losslab export
// --lesson`): its first named figure, else the figure its first note is placed on, else the
// first figure of its lab.
std::string lesson_slide_figure(const Lesson& lesson, size_t index);

// The same, looking also at the step's state: without a note, the figure of the tab the lab
// shows (its "<lab>.view" choice, matched against the lab's figure names) before the first.
std::string lesson_slide_figure(const Lesson& lesson, size_t index, const AppState& state);

// Appends the notes of `step` aimed at `figure` (by its name) as annotations in the lesson's
// note colour, arrows included: the same on screen (the plot widget's copy) and in exports.
void add_step_notes(plot::Figure& figure, const LessonStep& step);

// Appends those of `notes` aimed at `figure` (by its name) as annotations (add_step_notes'
// work, for any list of notes, e.g. a slide's).
void add_lesson_notes(plot::Figure& figure, const std::vector<LessonNote>& notes);

// The figure a slide of step `index` shows (lesson_slide_figure) built from `state`, with the
// step's notes (add_step_notes) and its heading and caption (emphasis marks removed) as the
// figure's notes below the plot: what `export --lesson` writes.
plot::Figure lesson_step_figure(const Lesson& lesson, size_t index, const AppState& state);
// The first catalogue figure of `lab`'s current tab (its "<lab>.view" choice matched against
// the lab's figure names), or "" when the lab has no tabs or the tab has no catalogue figure.
std::string tab_figure(const AppState& state, LabId lab);

// `state` showing the figure named `figure`: its lab, and the lab's "<lab>.view" tab whose name
// the figure's name contains (unchanged when none does). Exported files record this state, so
// opening them shows the figure they hold.
AppState state_showing_figure(AppState state, std::string_view figure);

// The step that turns `previous` into `current`: the lab of `current` and an assignment for
// every parameter of that lab whose value differs (in registry order), with `caption` and
// `title`. Other labs' changes are left out.
LessonStep step_from_state(const AppState& current, const AppState& previous,
                           std::string caption, std::string title = {});

// Appends `step` to the lesson file at `path` (atomic write). A missing file becomes a new
// lesson titled `title_if_new`; an unreadable or malformed file is left alone and reported.
Status append_lesson_step(const std::filesystem::path& path, const LessonStep& step,
                          std::string_view title_if_new);

// Where lessons are looked up, in order: the source tree's assets/lessons (development
// builds, LOSSLAB_SOURCE_ASSETS=ON, run from the build folder), <executable dir>/../share/
// losslab/lessons (the install prefix), data_dir()/lessons, and losslab/lessons under each
// $XDG_DATA_DIRS entry (default /usr/local/share:/usr/share). Only existing folders return.
std::vector<std::filesystem::path> lesson_dirs();

// A lesson file found in lesson_dirs().
struct LessonFile {
    std::filesystem::path path;
    // The lesson's title.
    std::string title;
};

// Every *.json file in lesson_dirs() whose title can be read, sorted by file name; a name
// found in two folders is listed once (the earlier folder wins). Only the title is read (the
// steps are checked when the lesson is opened); a file that is not JSON, too deep, too large
// or without a title is skipped, with one sentence per file appended to `notices` if given.
std::vector<LessonFile> find_lessons(std::vector<std::string>* notices = nullptr);

// Every registered parameter of `state` as "key=value" lines (the --set syntax), in registry
// order: the screenshot's "losslab:params" metadata, which tests compare with lesson steps.
std::string state_assignments(const AppState& state);

// The value of a parameter `t` of the way (0..1) from `from` to `to`: linear for linear
// reals, geometric for log-scaled reals with positive ends, rounded for integers, and a
// jump at the end (t >= 1) for choices and toggles. Used by sweeps and step transitions.
double interpolate_param(const ParamSpec& spec, double from, double to, double t);

// Smooth start and stop (cubic ease in-out) of a transition at fraction t in [0, 1].
double ease_in_out(double t);

// The fraction 0..1 of a sweep after `elapsed` seconds: ping-pong when looping, clamped at
// 1 when not.
double sweep_fraction(const ParamSweep& sweep, double elapsed);

} // namespace losslab::model

#include "model/persist/lesson.hpp"

#include "model/labs/figure_catalogue.hpp"
#include "model/labs/lab_calibration_data.hpp"
#include "model/io/file_io.hpp"
#include "model/persist/json_reader.hpp"
#include "model/labs/labs.hpp"
#include "model/params/param_registry.hpp"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <cmath>
#include <set>

namespace losslab::model {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Prefixes a message with where in the lesson it happened.
Error at(std::string_view source, std::optional<size_t> step, std::string_view field,
         const std::string& message) {
    std::string where = "lesson " + quote(source);
    if (step) where += fmt::format(", step {}", *step + 1);
    if (!field.empty()) where += fmt::format(", field {}", quote(field));
    return Error{where + ": " + message};
}

// Applies one lesson assignment `key` = `text` to `state`; messages name the lesson field, not
// the command line's --set.
Status apply_lesson_value(AppState& state, const std::string& key, const std::string& text) {
    if (find_path_param(key))
        return make_error("the key",
                          fmt::format("a number or choice parameter (a file path such as {} is "
                                      "set with --set, a session or File > Load model outputs, "
                                      "not by a lesson)",
                                      key),
                          quote(shorten(key)));
    const auto* param = find_param(key);
    if (!param)
        return make_error("the key", "a known parameter key such as \"focal.gamma\"",
                          quote(shorten(key)));
    auto value = parse_param(*param->spec, param->key(), text);
    if (!value) return value.error();
    return set_param(state, *param, value.value());
}

std::string value_text(const json& v) {
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer()) return fmt::format("{}", v.get<long long>());
    return fmt::format("{}", v.get<double>());
}

Result<double> number_field(const json& obj, const char* key, std::string_view what) {
    if (!obj.contains(key)) return make_error(std::string(what), "a number", "nothing");
    const auto& v = obj[key];
    if (!v.is_number() || !std::isfinite(v.get<double>()))
        return make_error(std::string(what), "a finite number", short_dump(v));
    return v.get<double>();
}

Result<LessonNote> parse_note(const json& j) {
    if (!j.is_object()) return make_error("a note", "an object {figure, text, x, y}", short_dump(j));
    LessonNote n;
    if (!j.contains("figure") || !j["figure"].is_string())
        return make_error("figure", "a figure name (see `losslab figures`)",
                          j.contains("figure") ? short_dump(j["figure"]) : "nothing");
    n.figure = j["figure"].get<std::string>();
    if (!find_figure(n.figure))
        return make_error("figure", "a figure name (see `losslab figures`)", quote(n.figure));
    if (!j.contains("text") || !j["text"].is_string() || j["text"].get<std::string>().empty())
        return make_error("text", "a non-empty string",
                          j.contains("text") ? short_dump(j["text"]) : "nothing");
    n.text = j["text"].get<std::string>();
    auto x = number_field(j, "x", "x");
    if (!x) return x.error();
    auto y = number_field(j, "y", "y");
    if (!y) return y.error();
    n.x = x.value();
    n.y = y.value();
    if (j.contains("arrow_to")) {
        const auto& a = j["arrow_to"];
        if (!a.is_array() || a.size() != 2 || !a[0].is_number() || !a[1].is_number())
            return make_error("arrow_to", "[x, y]", short_dump(a));
        n.arrow_to = std::pair{a[0].get<double>(), a[1].get<double>()};
    }
    return n;
}

Result<ParamSweep> parse_sweep(const json& j) {
    if (!j.is_object())
        return make_error("animate", "an object {key, from, to, seconds, loop}", short_dump(j));
    ParamSweep s;
    if (!j.contains("key") || !j["key"].is_string())
        return make_error("key", "a parameter key", j.contains("key") ? short_dump(j["key"]) : "nothing");
    s.key = j["key"].get<std::string>();
    const auto* p = find_param(s.key);
    if (!p || (p->spec->kind != ParamKind::Real && p->spec->kind != ParamKind::Integer))
        return make_error("key", "the key of a real or whole-number parameter", quote(s.key));
    auto from = number_field(j, "from", "from");
    if (!from) return from.error();
    auto to = number_field(j, "to", "to");
    if (!to) return to.error();
    s.from = from.value();
    s.to = to.value();
    for (double v : {s.from, s.to})
        if (auto ok = validate_param(*p->spec, s.key, v); !ok) return ok.error();
    if (j.contains("seconds")) {
        auto sec = number_field(j, "seconds", "seconds");
        if (!sec) return sec.error();
        if (sec.value() < 0.1 || sec.value() > 600.0)
            return make_error("seconds", "0.1 <= seconds <= 600", short_dump(j["seconds"]));
        s.seconds = sec.value();
    }
    if (j.contains("loop")) {
        if (!j["loop"].is_boolean()) return make_error("loop", "true or false", short_dump(j["loop"]));
        s.loop = j["loop"].get<bool>();
    }
    return s;
}

// A step's named figures, or the field ("figures[1]") and message of the first bad one.
struct StepFigures {
    std::vector<std::string> names;
};
struct FieldError {
    std::string field;
    std::string message;
};
template <class T> struct FieldResult {
    std::optional<T> ok;
    FieldError err;
    explicit operator bool() const { return ok.has_value(); }
    const FieldError& error() const { return err; }
    T value() && { return std::move(*ok); }
};

FieldResult<StepFigures> parse_step_figures(const json& j, LabId lab) {
    FieldResult<StepFigures> r;
    const std::string lab_key(lab_info(lab).key);
    if (!j.is_array() || j.empty() || j.size() > 2) {
        r.err = {"figures", make_error("figures", "an array of one or two figure names",
                                       short_dump(j)).message};
        return r;
    }
    StepFigures figs;
    for (size_t i = 0; i < j.size(); ++i) {
        const std::string field = fmt::format("figures[{}]", i);
        if (!j[i].is_string()) {
            r.err = {field, make_error("a figure", "a figure name (see `losslab figures`)",
                                       short_dump(j[i])).message};
            return r;
        }
        const std::string name = j[i].get<std::string>();
        const FigureInfo* info = find_figure(name);
        std::string allowed;
        for (const auto* f : lab_figures(lab)) allowed += (allowed.empty() ? "" : ", ") + std::string(f->name);
        if (!info || info->lab != lab) {
            const std::string what = info ? "a figure of the step's lab '" + lab_key +
                                                "' (this one belongs to '" +
                                                std::string(lab_info(info->lab).key) + "'): " + allowed
                                          : "a known figure of the '" + lab_key + "' lab: " + allowed;
            r.err = {field, make_error("a figure", what, quote(shorten(name))).message};
            return r;
        }
        figs.names.push_back(name);
    }
    r.ok = std::move(figs);
    return r;
}

Result<LessonStep> parse_step(const json& j, std::string_view source, size_t index) {
    if (!j.is_object())
        return at(source, index, "", make_error("a step", "a JSON object", short_dump(j)).message);
    static const std::set<std::string> kKnown{"lab",     "title",   "set", "caption",
                                              "figures", "tab",     "notes", "animate"};
    for (const auto& [key, value] : j.items())
        if (!kKnown.count(key))
            return at(source, index, shorten(key),
                      make_error("a step",
                                 "only lab, title, set, caption, figures, tab, notes, animate",
                                 quote(shorten(key))).message);
    LessonStep step;
    if (!j.contains("lab") || !j["lab"].is_string())
        return at(source, index, "lab",
                  make_error("lab", "a lab key", j.contains("lab") ? short_dump(j["lab"]) : "nothing")
                      .message);
    auto lab = parse_lab(j["lab"].get<std::string>());
    if (!lab) return at(source, index, "lab", lab.error().message);
    step.lab = lab.value();
    if (j.contains("title")) {
        if (!j["title"].is_string())
            return at(source, index, "title", make_error("title", "a string", short_dump(j["title"])).message);
        step.title = j["title"].get<std::string>();
    }
    if (j.contains("caption")) {
        if (!j["caption"].is_string())
            return at(source, index, "caption",
                      make_error("caption", "a string", short_dump(j["caption"])).message);
        step.caption = j["caption"].get<std::string>();
    }
    if (j.contains("set")) {
        const auto& set = j["set"];
        if (!set.is_object())
            return at(source, index, "set",
                      make_error("set", "an object {\"lab.key\": value}", short_dump(set)).message);
        // nlohmann's object is sorted by key; the file's order is not kept, which is harmless
        // because assignments of distinct keys commute.
        for (const auto& [key, value] : set.items()) {
            const std::string field = "set." + shorten(key);
            if (!value.is_number() && !value.is_string() && !value.is_boolean())
                return at(source, index, field,
                          make_error(shorten(key), "a number, a choice name or true/false", short_dump(value))
                              .message);
            AppState probe = default_app_state();
            if (auto ok = apply_lesson_value(probe, key, value_text(value)); !ok)
                return at(source, index, field, ok.error().message);
            step.set.emplace_back(key, value_text(value));
        }
    }
    if (j.contains("figures")) {
        auto figures = parse_step_figures(j["figures"], step.lab);
        if (!figures) return at(source, index, figures.error().field, figures.error().message);
        step.figures = std::move(figures).value().names;
    }
    if (j.contains("tab")) {
        const std::string view_key = std::string(lab_info(step.lab).key) + ".view";
        const auto* view = find_param(view_key);
        if (!view || view->spec->kind != ParamKind::Choice)
            return at(source, index, "tab",
                      make_error("tab", "no tab: the " + std::string(lab_info(step.lab).key) +
                                            " lab has a single view",
                                 short_dump(j["tab"]))
                          .message);
        if (!j["tab"].is_string())
            return at(source, index, "tab", make_error("tab", "a string", short_dump(j["tab"])).message);
        AppState probe = default_app_state();
        if (auto ok = apply_lesson_value(probe, view_key, j["tab"].get<std::string>()); !ok)
            return at(source, index, "tab", ok.error().message);
        step.tab = j["tab"].get<std::string>();
    }
    if (j.contains("notes")) {
        if (!j["notes"].is_array())
            return at(source, index, "notes", make_error("notes", "an array", short_dump(j["notes"])).message);
        for (size_t i = 0; i < j["notes"].size(); ++i) {
            auto note = parse_note(j["notes"][i]);
            if (!note) return at(source, index, fmt::format("notes[{}]", i), note.error().message);
            step.notes.push_back(std::move(note).value());
        }
    }
    if (j.contains("animate")) {
        auto sweep = parse_sweep(j["animate"]);
        if (!sweep) return at(source, index, "animate", sweep.error().message);
        step.animate = sweep.value();
    }
    return step;
}

fs::path executable_dir() {
    std::error_code ec;
    const auto exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path{} : exe.parent_path();
}

} // namespace

Result<Lesson> parse_lesson(std::string_view json_text, std::string_view source) {
    auto parsed = parse_json(json_text, "lesson " + quote(source));
    if (!parsed) return parsed.error();
    const json& j = parsed.value();
    if (!j.is_object())
        return at(source, std::nullopt, "",
                  make_error("a lesson", "a JSON object {title, steps}", short_dump(j))
                      .message);
    if (j.contains("format") && j["format"] != "losslab-lesson")
        return at(source, std::nullopt, "format",
                  make_error("format", "\"losslab-lesson\"", short_dump(j["format"])).message);
    if (j.contains("version") && j["version"] != 1)
        return at(source, std::nullopt, "version",
                  make_error("version", "1", short_dump(j["version"])).message);
    Lesson lesson;
    if (!j.contains("title") || !j["title"].is_string() || j["title"].get<std::string>().empty())
        return at(source, std::nullopt, "title",
                  make_error("title", "a non-empty string",
                             j.contains("title") ? short_dump(j["title"]) : "nothing")
                      .message);
    lesson.title = j["title"].get<std::string>();
    if (!j.contains("steps") || !j["steps"].is_array() || j["steps"].empty())
        return at(source, std::nullopt, "steps",
                  make_error("steps", "a non-empty array of steps",
                             j.contains("steps") ? short_dump(j["steps"]) : "nothing")
                      .message);
    // Assignments valid one by one can still fail in combination only if a setter rejects a
    // state; checking each step's full state keeps "a lesson that parses always renders".
    // The state is carried from step to step, so the check is linear in the lesson's length.
    AppState state = default_app_state();
    const auto& steps = j["steps"];
    lesson.steps.reserve(steps.size());
    for (size_t i = 0; i < steps.size(); ++i) {
        auto step = parse_step(steps[i], source, i);
        if (!step) return step.error();
        for (const auto& [key, text] : step.value().set)
            if (auto ok = apply_lesson_value(state, key, text); !ok)
                return at(source, i, "set." + shorten(key), ok.error().message);
        lesson.steps.push_back(std::move(step).value());
    }
    return lesson;
}

Result<Lesson> load_lesson(const fs::path& path) {
    auto text = read_regular_file(path, JsonLimits{}.max_bytes);
    if (!text) return text.error();
    return parse_lesson(text.value(), path.string());
}

std::string lesson_json(const Lesson& lesson) {
    json steps = json::array();
    for (const auto& s : lesson.steps) {
        json step = {{"lab", std::string(lab_info(s.lab).key)}};
        if (!s.title.empty()) step["title"] = s.title;
        if (!s.set.empty()) {
            json set = json::object();
            for (const auto& [key, text] : s.set) {
                const auto* p = find_param(key);
                const bool numeric = p && (p->spec->kind == ParamKind::Real ||
                                           p->spec->kind == ParamKind::Integer);
                if (numeric) set[key] = json::parse(text, nullptr, false);
                else if (p && p->spec->kind == ParamKind::Toggle) set[key] = text == "true";
                else set[key] = text;
                if (set[key].is_discarded()) set[key] = text;
            }
            step["set"] = set;
        }
        if (!s.caption.empty()) step["caption"] = s.caption;
        if (!s.figures.empty()) step["figures"] = s.figures;
        if (!s.tab.empty()) step["tab"] = s.tab;
        if (!s.notes.empty()) {
            json notes = json::array();
            for (const auto& n : s.notes) {
                json note = {{"figure", n.figure}, {"text", n.text}, {"x", n.x}, {"y", n.y}};
                if (n.arrow_to) note["arrow_to"] = {n.arrow_to->first, n.arrow_to->second};
                notes.push_back(note);
            }
            step["notes"] = notes;
        }
        if (s.animate)
            step["animate"] = {{"key", s.animate->key},         {"from", s.animate->from},
                               {"to", s.animate->to},           {"seconds", s.animate->seconds},
                               {"loop", s.animate->loop}};
        steps.push_back(step);
    }
    const json j = {{"format", "losslab-lesson"},
                    {"version", 1},
                    {"title", lesson.title},
                    {"steps", steps}};
    return j.dump(2) + "\n";
}

namespace {

// Shows the step's tab: its "tab", else the tab of its first named figure.
Status show_step_view(AppState& state, const LessonStep& step) {
    if (!step.tab.empty())
        return apply_lesson_value(state, std::string(lab_info(step.lab).key) + ".view", step.tab);
    if (!step.figures.empty()) state = state_showing_figure(std::move(state), step.figures.front());
    return Ok{};
}

} // namespace

Result<AppState> lesson_step_state(const Lesson& lesson, size_t index, std::string_view source) {
    AppState state = default_app_state();
    for (size_t i = 0; i <= index && i < lesson.steps.size(); ++i)
        for (const auto& [key, text] : lesson.steps[i].set)
            if (auto ok = apply_lesson_value(state, key, text); !ok)
                return at(source, i, "set." + shorten(key), ok.error().message);
    if (index < lesson.steps.size()) {
        state.lab = lesson.steps[index].lab;
        if (auto ok = show_step_view(state, lesson.steps[index]); !ok)
            return at(source, index, "tab", ok.error().message);
    }
    return state;
}

Result<std::vector<LessonSlide>> lesson_slides(const Lesson& lesson, std::string_view source) {
    std::vector<LessonSlide> slides;
    AppState state = default_app_state();
    for (size_t i = 0; i < lesson.steps.size(); ++i) {
        for (const auto& [key, text] : lesson.steps[i].set)
            if (auto ok = apply_lesson_value(state, key, text); !ok)
                return at(source, i, "set." + shorten(key), ok.error().message);
        state.lab = lesson.steps[i].lab;
        if (auto ok = show_step_view(state, lesson.steps[i]); !ok)
            return at(source, i, "tab", ok.error().message);
        LessonSlide slide{state, lesson.steps[i].title, lesson.steps[i].caption,
                          lesson.steps[i].figures, lesson.steps[i].notes};
        if (slide.figures.empty()) slide.figures = {lesson_slide_figure(lesson, i, state)};
        slides.push_back(std::move(slide));
    }
    return slides;
}

void add_step_notes(plot::Figure& figure, const LessonStep& step) {
    add_lesson_notes(figure, step.notes);
}

void add_lesson_notes(plot::Figure& figure, const std::vector<LessonNote>& notes) {
    for (const auto& note : notes) {
        if (note.figure != figure.name) continue;
        plot::Annotation a;
        a.text = note.text;
        a.x = note.x;
        a.y = note.y;
        if (note.arrow_to) {
            a.arrow = true;
            a.arrow_x = note.arrow_to->first;
            a.arrow_y = note.arrow_to->second;
        }
        a.color = {0, 70, 160, 255};
        figure.annotations.push_back(a);
    }
}

plot::Figure lesson_step_figure(const Lesson& lesson, size_t index, const AppState& state) {
    const auto* info = find_figure(lesson_slide_figure(lesson, index, state));
    if (!info || index >= lesson.steps.size()) return {};
    plot::Figure figure = info->build(state);
    const LessonStep& step = lesson.steps[index];
    add_step_notes(figure, step);
    auto plain = [](std::string text) {
        for (size_t at; (at = text.find("**")) != std::string::npos;) text.erase(at, 2);
        std::replace(text.begin(), text.end(), '\n', ' ');
        return text;
    };
    std::string line = plain(step.title);
    if (!step.caption.empty()) line += (line.empty() ? "" : ": ") + plain(step.caption);
    if (!line.empty()) figure.notes.insert(figure.notes.begin(), line);
    return figure;
}

std::string lesson_slide_figure(const Lesson& lesson, size_t index) {
    const auto& step = lesson.steps.at(index);
    if (!step.figures.empty()) return step.figures.front();
    if (!step.notes.empty()) return step.notes.front().figure;
    const auto figures = lab_figures(step.lab);
    return figures.empty() ? std::string() : std::string(figures.front()->name);
}

std::string tab_figure(const AppState& state, LabId lab) {
    const ParamBinding* view = find_param(std::string(lab_info(lab).key) + ".view");
    if (!view || view->spec->kind != ParamKind::Choice) return {};
    const auto figures = lab_figures(lab);
    std::string tab = format_param(*view->spec, get_param(state, *view));
    // Tabs are named in the plural or with a suffix ("pitfalls", "figure-1"); figure names
    // use the singular ("focal-pitfall-float32").
    for (int attempt = 0; attempt < 2; ++attempt) {
        for (const auto* f : figures)
            if (std::string_view(f->name).find(tab) != std::string_view::npos) return std::string(f->name);
        if (tab.empty() || tab.back() != 's') break;
        tab.pop_back();
    }
    return {};
}

std::string lesson_slide_figure(const Lesson& lesson, size_t index, const AppState& state) {
    const auto& step = lesson.steps.at(index);
    if (!step.figures.empty()) return step.figures.front();
    if (!step.notes.empty()) return step.notes.front().figure;
    const auto figures = lab_figures(step.lab);
    if (figures.empty()) return {};
    if (auto tab = tab_figure(state, step.lab); !tab.empty()) return tab;
    return std::string(figures.front()->name);
}

namespace {
// A figure named "<tab>-<choice>" (the PyTorch lab's "catalogue-smooth-l1-loss") also selects
// that choice of the tab's own choice parameter (the one keyed like the tab, "catalogue"), with
// '_' written as '-'.
void select_named_choice(AppState& state, const FigureInfo& info, std::string_view tab,
                         std::string_view figure) {
    for (const ParamBinding* p : lab_params(info.lab)) {
        if (p->spec->kind != ParamKind::Choice || p->spec->key != tab) continue;
        for (size_t c = 0; c < p->spec->choices.size(); ++c) {
            std::string name = std::string(tab) + "-" + std::string(p->spec->choices[c]);
            std::replace(name.begin(), name.end(), '_', '-');
            if (name == figure) {
                (void)set_param(state, *p, double(c));
                return;
            }
        }
    }
}
} // namespace

AppState state_showing_figure(AppState state, std::string_view figure) {
    const FigureInfo* info = find_figure(figure);
    if (!info) return state;
    state.lab = info->lab;
    const ParamBinding* view = find_param(std::string(lab_info(info->lab).key) + ".view");
    if (!view || view->spec->kind != ParamKind::Choice) return state;
    // The tab whose name the figure's name contains ("pitfalls" -> "focal-pitfall-float32"),
    // as lesson_slide_figure matches them the other way.
    for (int attempt = 0; attempt < 2; ++attempt)
        for (size_t i = 0; i < view->spec->choices.size(); ++i) {
            std::string tab(view->spec->choices[i]);
            if (attempt == 1 && !tab.empty() && tab.back() == 's') tab.pop_back();
            if (!tab.empty() && figure.find(tab) != std::string_view::npos) {
                (void)set_param(state, *view, double(i));
                select_named_choice(state, *info, tab, figure);
                return state;
            }
        }
    return state;
}

LessonStep step_from_state(const AppState& current, const AppState& previous,
                           std::string caption, std::string title) {
    LessonStep step;
    step.lab = current.lab;
    step.title = std::move(title);
    step.caption = std::move(caption);
    // Only the shown lab's parameters: another lab's leftovers would surprise the class.
    const std::string prefix = std::string(lab_info(current.lab).key) + ".";
    for (const auto& p : param_registry()) {
        if (p.key().rfind(prefix, 0) != 0) continue;
        const double now = get_param(current, p);
        if (now != get_param(previous, p)) step.set.emplace_back(p.key(), format_param(*p.spec, now));
    }
    return step;
}

Status append_lesson_step(const fs::path& path, const LessonStep& step,
                          std::string_view title_if_new) {
    Lesson lesson;
    std::error_code ec;
    if (fs::exists(path, ec)) {
        auto loaded = load_lesson(path);
        if (!loaded) return Error{loaded.error().message + "; the step was not added"};
        lesson = std::move(loaded).value();
    } else {
        lesson.title = std::string(title_if_new);
        fs::create_directories(path.parent_path(), ec);
        if (ec)
            return Error{"cannot create folder " + quote(path.parent_path().string()) + ": " +
                         ec.message()};
    }
    lesson.steps.push_back(step);
    return write_file_atomic(path, lesson_json(lesson));
}

std::vector<fs::path> lesson_dirs() {
    std::vector<fs::path> candidates;
    const fs::path exe = executable_dir();
#if defined(LOSSLAB_ASSET_DIR) && defined(LOSSLAB_BUILD_BIN_DIR)
    // Development builds only (LOSSLAB_SOURCE_ASSETS=ON), and only while the program runs
    // from its build folder: the source tree's lessons. A copied or installed binary never
    // looks there.
    {
        std::error_code ec;
        if (!exe.empty() && fs::equivalent(exe, LOSSLAB_BUILD_BIN_DIR, ec))
            candidates.push_back(fs::path(LOSSLAB_ASSET_DIR) / "lessons");
    }
#endif
    // The install prefix, found from the executable: <prefix>/bin/losslab.
    if (!exe.empty()) candidates.push_back(exe / ".." / "share" / "losslab" / "lessons");
    candidates.push_back(data_dir() / "lessons");
    // $XDG_DATA_DIRS, default /usr/local/share:/usr/share (relative entries are ignored).
    const char* xdg = std::getenv("XDG_DATA_DIRS");
    std::string dirs_text = xdg && *xdg ? xdg : "/usr/local/share:/usr/share";
    for (size_t start = 0; start <= dirs_text.size();) {
        size_t end = dirs_text.find(':', start);
        if (end == std::string::npos) end = dirs_text.size();
        const fs::path d = dirs_text.substr(start, end - start);
        if (d.is_absolute()) candidates.push_back(d / "losslab" / "lessons");
        start = end + 1;
    }
    std::vector<fs::path> dirs;
    for (const auto& c : candidates) {
        std::error_code ec;
        if (!fs::is_directory(c, ec)) continue;
        const auto canonical = fs::weakly_canonical(c, ec);
        if (std::find(dirs.begin(), dirs.end(), canonical) == dirs.end()) dirs.push_back(canonical);
    }
    return dirs;
}

std::vector<LessonFile> find_lessons(std::vector<std::string>* notices) {
    std::vector<LessonFile> found;
    std::set<std::string> names;
    for (const auto& dir : lesson_dirs()) {
        std::error_code ec;
        std::vector<fs::path> files;
        for (const auto& e : fs::directory_iterator(dir, ec))
            if (e.path().extension() == ".json") files.push_back(e.path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
            if (!names.insert(f.filename().string()).second) continue;
            // Only the title is read here (bounded, depth-limited JSON); the steps are
            // validated when the lesson is opened.
            auto j = read_json_file(f, "lesson " + quote(f.string()));
            std::string problem;
            if (!j) problem = j.error().message;
            else if (!j.value().is_object() || !j.value().contains("title") ||
                     !j.value()["title"].is_string() ||
                     j.value()["title"].get<std::string>().empty())
                problem = "lesson " + quote(f.string()) +
                          ": \"title\" requires a non-empty string, got " +
                          (j.value().is_object() && j.value().contains("title")
                               ? short_dump(j.value()["title"])
                               : std::string("nothing"));
            if (!problem.empty()) {
                if (notices) notices->push_back(problem + "; the file is not listed");
                continue;
            }
            found.push_back({f, j.value()["title"].get<std::string>()});
        }
    }
    std::sort(found.begin(), found.end(), [](const LessonFile& a, const LessonFile& b) {
        return a.path.filename() < b.path.filename();
    });
    return found;
}

std::string state_assignments(const AppState& state) {
    std::string out;
    for (const auto& p : param_registry())
        out += p.key() + "=" + format_param(*p.spec, get_param(state, p)) + "\n";
    return out;
}

double interpolate_param(const ParamSpec& spec, double from, double to, double t) {
    if (t <= 0.0) return from;
    if (t >= 1.0) return to;
    switch (spec.kind) {
    case ParamKind::Choice:
    case ParamKind::Toggle: return from;
    case ParamKind::Integer: return std::round(from + t * (to - from));
    case ParamKind::Real: break;
    }
    if (spec.scale == ParamScale::Log && from > 0.0 && to > 0.0)
        return std::exp(std::log(from) + t * (std::log(to) - std::log(from)));
    return from + t * (to - from);
}

double ease_in_out(double t) {
    t = std::clamp(t, 0.0, 1.0);
    return t < 0.5 ? 4.0 * t * t * t : 1.0 - 4.0 * (1.0 - t) * (1.0 - t) * (1.0 - t);
}

double sweep_fraction(const ParamSweep& sweep, double elapsed) {
    const double passes = std::max(0.0, elapsed) / std::max(1e-3, sweep.seconds);
    if (!sweep.loop) return std::min(1.0, passes);
    const double phase = std::fmod(passes, 2.0);
    return phase <= 1.0 ? phase : 2.0 - phase;
}

} // namespace losslab::model

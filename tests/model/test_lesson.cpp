// Lessons: parsing, validation messages (file, step, field), serialisation round trip, the
// state at each step (defaults plus the accumulated assignments), authoring by appending, the
// shipped lessons, and the interpolation behind sweeps and step transitions.
#include "model/io/file_io.hpp"
#include "model/labs/labs.hpp"
#include "model/persist/lesson.hpp"
#include "model/params/param_registry.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <unistd.h>

using namespace losslab;
using namespace losslab::model;
namespace fs = std::filesystem;

namespace {

struct Dir {
    fs::path path;
    Dir() {
        std::string t = (fs::temp_directory_path() / "losslab-lesson-XXXXXX").string();
        path = ::mkdtemp(t.data());
    }
    ~Dir() { fs::remove_all(path); }
};

const ParamBinding& param(const char* key) {
    const auto* p = find_param(key);
    EXPECT_NE(p, nullptr) << key;
    return *p;
}

constexpr const char* kTwoSteps = R"({
  "title": "Focal basics",
  "steps": [
    {"lab": "loss", "title": "CE", "set": {"loss.gamma": 0.5}, "caption": "**CE** first"},
    {"lab": "focal", "set": {"focal.gamma": 4, "focal.alpha": 0.25},
     "notes": [{"figure": "focal-figure-1", "text": "easy", "x": 0.9, "y": 1.0,
                "arrow_to": [0.95, 0.1]}],
     "animate": {"key": "focal.gamma", "from": 0, "to": 5, "seconds": 6, "loop": false}}
  ]
})";

std::string error_of(std::string_view json) {
    auto r = parse_lesson(json, "bad.json");
    EXPECT_FALSE(r.ok());
    return r.ok() ? std::string() : r.error().message;
}

} // namespace

TEST(Lesson, ParsesStepsLabsAssignmentsNotesAndSweep) {
    auto r = parse_lesson(kTwoSteps, "two.json");
    ASSERT_TRUE(r.ok()) << r.error().message;
    const Lesson& l = r.value();
    EXPECT_EQ(l.title, "Focal basics");
    ASSERT_EQ(l.steps.size(), 2u);
    EXPECT_EQ(l.steps[0].lab, LabId::Loss);
    EXPECT_EQ(l.steps[0].caption, "**CE** first");
    EXPECT_EQ(l.steps[1].lab, LabId::Focal);
    ASSERT_EQ(l.steps[1].notes.size(), 1u);
    EXPECT_EQ(l.steps[1].notes[0].figure, "focal-figure-1");
    ASSERT_TRUE(l.steps[1].notes[0].arrow_to.has_value());
    EXPECT_EQ(l.steps[1].notes[0].arrow_to->second, 0.1);
    ASSERT_TRUE(l.steps[1].animate.has_value());
    EXPECT_EQ(l.steps[1].animate->to, 5.0);
    EXPECT_FALSE(l.steps[1].animate->loop);
}

TEST(Lesson, StepStateIsDefaultsPlusAccumulatedAssignments) {
    auto l = parse_lesson(kTwoSteps, "two.json").value();
    auto s0 = lesson_step_state(l, 0).value();
    auto s1 = lesson_step_state(l, 1).value();
    EXPECT_EQ(s0.lab, LabId::Loss);
    EXPECT_EQ(get_param(s0, param("loss.gamma")), 0.5);
    EXPECT_EQ(get_param(s0, param("focal.gamma")), param("focal.gamma").spec->def);
    EXPECT_EQ(s1.lab, LabId::Focal);
    EXPECT_EQ(get_param(s1, param("loss.gamma")), 0.5) << "step 2 keeps what step 1 set";
    EXPECT_EQ(get_param(s1, param("focal.gamma")), 4.0);
    EXPECT_EQ(get_param(s1, param("focal.alpha")), 0.25);
    const auto slides = lesson_slides(l).value();
    ASSERT_EQ(slides.size(), 2u);
    EXPECT_EQ(slides[1].state, s1);
    EXPECT_EQ(slides[0].caption, "**CE** first");
}

TEST(Lesson, JsonRoundTripsToAnEqualLesson) {
    auto l = parse_lesson(kTwoSteps, "two.json").value();
    auto again = parse_lesson(lesson_json(l), "again.json");
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(again.value(), l);
}

TEST(Lesson, ErrorsNameTheFileTheStepAndTheField) {
    AppState probe = default_app_state();
    EXPECT_EQ(error_of(R"({"title": "x", "steps": [{"lab": "loss"},
              {"lab": "focal", "set": {"focal.gamma": 99}}]})"),
              "lesson 'bad.json', step 2, field 'set.focal.gamma': " +
                  apply_assignment(probe, "focal.gamma=99")
                      .error()
                      .message);
    const auto unknown = error_of(R"({"title": "x", "steps": [{"lab": "nope"}]})");
    EXPECT_NE(unknown.find("lesson 'bad.json', step 1, field 'lab'"), std::string::npos) << unknown;
    EXPECT_NE(unknown.find("'nope'"), std::string::npos) << unknown;
    const auto key = error_of(R"({"title": "x", "steps": [{"lab": "loss", "set": {"loss.nope": 1}}]})");
    EXPECT_NE(key.find("step 1, field 'set.loss.nope'"), std::string::npos) << key;
    const auto note = error_of(R"({"title": "x", "steps": [{"lab": "loss"}, {"lab": "loss"},
        {"lab": "loss", "notes": [{"figure": "no-such-figure", "text": "t", "x": 0, "y": 0}]}]})");
    EXPECT_NE(note.find("step 3, field 'notes[0]'"), std::string::npos) << note;
    EXPECT_NE(note.find("'no-such-figure'"), std::string::npos) << note;
    const auto sweep = error_of(R"({"title": "x", "steps": [{"lab": "focal",
        "animate": {"key": "focal.gamma", "from": 0, "to": 50}}]})");
    EXPECT_NE(sweep.find("step 1, field 'animate'"), std::string::npos) << sweep;
    const auto extra = error_of(R"({"title": "x", "steps": [{"lab": "loss", "captoin": "typo"}]})");
    EXPECT_NE(extra.find("field 'captoin'"), std::string::npos) << extra;
    EXPECT_EQ(error_of("{\"title\": \"x\", \"steps\": []}"),
              "lesson 'bad.json', field 'steps': steps requires a non-empty array of steps, got []");
    EXPECT_EQ(error_of("{not json"),
              "lesson 'bad.json' line 1, column 3: not valid JSON (syntax error while parsing "
              "object key - invalid literal; last read: '{no')");
}

TEST(Lesson, StepFromStateListsOnlyWhatChangedAndAppendsAtomically) {
    Dir d;
    AppState a = default_app_state();
    AppState b = a;
    b.lab = LabId::Focal;
    ASSERT_TRUE(set_param(b, param("focal.gamma"), 3.5).ok());
    const auto step = step_from_state(b, a, "γ = **3.5**");
    EXPECT_EQ(step.lab, LabId::Focal);
    ASSERT_EQ(step.set.size(), 1u);
    EXPECT_EQ(step.set[0].first, "focal.gamma");
    EXPECT_EQ(step.set[0].second, "3.5");

    const fs::path file = d.path / "sub" / "mine.json";
    ASSERT_TRUE(append_lesson_step(file, step, "Mine").ok());
    // Back to a's focal γ, with a stray change in another lab: only the shown lab is recorded.
    AppState back_state = a;
    back_state.lab = LabId::Focal;
    AppState stray = back_state;
    ASSERT_TRUE(set_param(stray, param("loss.marker"), 0.25).ok());
    const auto back_step = step_from_state(stray, b, "back", "Back");
    EXPECT_EQ(back_step.title, "Back");
    ASSERT_EQ(back_step.set.size(), 1u) << "the loss lab's marker is left out";
    EXPECT_EQ(back_step.set[0].first, "focal.gamma");
    ASSERT_TRUE(append_lesson_step(file, back_step, "ignored").ok());
    auto l = load_lesson(file);
    ASSERT_TRUE(l.ok()) << l.error().message;
    EXPECT_EQ(l.value().title, "Mine");
    ASSERT_EQ(l.value().steps.size(), 2u);
    EXPECT_EQ(lesson_step_state(l.value(), 0).value(), b);
    auto back = lesson_step_state(l.value(), 1).value();
    EXPECT_EQ(back, back_state);
    for (const auto& e : fs::directory_iterator(d.path / "sub"))
        EXPECT_EQ(e.path().filename(), "mine.json") << "a temporary file was left behind";
}

TEST(Lesson, AppendingToAMalformedFileLeavesItAlone) {
    Dir d;
    const fs::path file = d.path / "broken.json";
    ASSERT_TRUE(write_file_atomic(file, "{\"title\": 3}").ok());
    const auto r = append_lesson_step(file, LessonStep{}, "x");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("field 'title'"), std::string::npos) << r.error().message;
    EXPECT_EQ(read_file(file).value(), "{\"title\": 3}");
}

TEST(Lesson, ShippedLessonsLoadAndEveryStepParameterExists) {
    const fs::path dir = fs::path(LOSSLAB_REFERENCE_DIR) / ".." / ".." / "assets" / "lessons";
    int count = 0;
    for (const auto& e : fs::directory_iterator(dir)) {
        if (e.path().extension() != ".json") continue;
        ++count;
        auto l = load_lesson(e.path());
        ASSERT_TRUE(l.ok()) << l.error().message;
        EXPECT_GE(l.value().steps.size(), 3u) << e.path();
        for (size_t i = 0; i < l.value().steps.size(); ++i) {
            const auto state = lesson_step_state(l.value(), i).value();
            for (const auto& [key, text] : l.value().steps[i].set) {
                const auto* p = find_param(key);
                ASSERT_NE(p, nullptr) << e.path() << " step " << i + 1 << " key " << key;
                EXPECT_EQ(format_param(*p->spec, get_param(state, *p)), text)
                    << e.path() << " step " << i + 1 << " key " << key;
            }
            EXPECT_FALSE(l.value().steps[i].caption.empty()) << e.path() << " step " << i + 1;
        }
    }
    EXPECT_GE(count, 6);
}

TEST(Lesson, FindsLessonsInTheDataDirectory) {
    Dir d;
    ASSERT_EQ(::setenv("XDG_DATA_HOME", d.path.c_str(), 1), 0);
    ASSERT_TRUE(append_lesson_step(d.path / "losslab" / "lessons" / "zz-mine.json",
                                   LessonStep{}, "My own")
                    .ok());
    const auto found = find_lessons();
    ::unsetenv("XDG_DATA_HOME");
    bool seen = false;
    for (const auto& f : found) seen |= f.title == "My own" && f.path.filename() == "zz-mine.json";
    EXPECT_TRUE(seen);
}

TEST(LessonAnimation, InterpolationHitsBothEndsExactly) {
    const auto& gamma = *param("focal.gamma").spec;
    EXPECT_EQ(interpolate_param(gamma, 0.0, 5.0, 0.0), 0.0);
    EXPECT_EQ(interpolate_param(gamma, 0.0, 5.0, 1.0), 5.0);
    EXPECT_DOUBLE_EQ(interpolate_param(gamma, 0.0, 5.0, 0.5), 2.5);
    ParamSpec log_spec{.key = "t", .label = "T", .help = "", .min = 0.01, .max = 100.0,
                       .def = 1.0, .scale = ParamScale::Log};
    EXPECT_NEAR(interpolate_param(log_spec, 0.1, 10.0, 0.5), 1.0, 1e-12) << "geometric midpoint";
    ParamSpec choice{.key = "c", .label = "c", .help = "", .kind = ParamKind::Choice};
    EXPECT_EQ(interpolate_param(choice, 0.0, 2.0, 0.99), 0.0);
    EXPECT_EQ(interpolate_param(choice, 0.0, 2.0, 1.0), 2.0);
    EXPECT_EQ(ease_in_out(0.0), 0.0);
    EXPECT_EQ(ease_in_out(1.0), 1.0);
    EXPECT_DOUBLE_EQ(ease_in_out(0.5), 0.5);
}

TEST(LessonAnimation, SweepLoopsBackAndForthOrStopsAtTheEnd) {
    ParamSweep loop{"focal.gamma", 0.0, 5.0, 2.0, true};
    EXPECT_DOUBLE_EQ(sweep_fraction(loop, 1.0), 0.5);
    EXPECT_DOUBLE_EQ(sweep_fraction(loop, 2.0), 1.0);
    EXPECT_DOUBLE_EQ(sweep_fraction(loop, 3.0), 0.5) << "on the way back";
    EXPECT_DOUBLE_EQ(sweep_fraction(loop, 4.0), 0.0);
    ParamSweep once = loop;
    once.loop = false;
    EXPECT_DOUBLE_EQ(sweep_fraction(once, 3.0), 1.0);
}

TEST(Lesson, SlideFigureIsTheNotedFigureElseTheLabsFirst) {
    auto l = parse_lesson(kTwoSteps, "two.json").value();
    EXPECT_EQ(lesson_slide_figure(l, 1), "focal-figure-1");
    EXPECT_EQ(lesson_slide_figure(l, 0), "loss-vs-probability");
    // Without a note, a slide shows the tab the step's lab has open.
    AppState on_pitfalls = default_app_state();
    ASSERT_TRUE(apply_assignment(on_pitfalls, "focal.view=pitfalls").ok());
    LessonStep plain;
    plain.lab = LabId::Focal;
    Lesson two = l;
    two.steps.push_back(plain);
    EXPECT_EQ(lesson_slide_figure(two, two.steps.size() - 1, on_pitfalls), "focal-pitfall-float32");
    ASSERT_TRUE(apply_assignment(on_pitfalls, "focal.view=imbalance").ok());
    EXPECT_EQ(lesson_slide_figure(two, two.steps.size() - 1, on_pitfalls), "focal-imbalance");
}

TEST(Lesson, StepFiguresMustExistAndBelongToTheStepsLab) {
    const auto unknown = error_of(R"({"title": "x", "steps": [{"lab": "loss"},
        {"lab": "focal", "figures": ["focal-figure-1", "focal-pitfall-nope"]}]})");
    EXPECT_NE(unknown.find("lesson 'bad.json', step 2, field 'figures[1]'"), std::string::npos)
        << unknown;
    EXPECT_NE(unknown.find("'focal-pitfall-nope'"), std::string::npos) << unknown;
    EXPECT_NE(unknown.find("focal-pitfall-multilabel"), std::string::npos)
        << "the message lists the lab's figures: " << unknown;
    const auto other = error_of(R"({"title": "x", "steps": [
        {"lab": "focal", "figures": ["loss-vs-probability"]}]})");
    EXPECT_NE(other.find("lesson 'bad.json', step 1, field 'figures[0]'"), std::string::npos) << other;
    EXPECT_NE(other.find("belongs to 'loss'"), std::string::npos) << other;
    const auto three = error_of(R"({"title": "x", "steps": [{"lab": "focal", "figures":
        ["focal-figure-1", "focal-modulating", "focal-imbalance"]}]})");
    EXPECT_NE(three.find("step 1, field 'figures'"), std::string::npos) << three;
    const auto tab = error_of(R"({"title": "x", "steps": [{"lab": "focal", "tab": "nope"}]})");
    EXPECT_NE(tab.find("step 1, field 'tab'"), std::string::npos) << tab;
}

TEST(Lesson, NamedFiguresPickTheTabAndTheSlideFigure) {
    auto l = parse_lesson(R"({"title": "x", "steps": [{"lab": "focal", "figures":
        ["focal-pitfall-multilabel"]}, {"lab": "focal", "tab": "imbalance"}]})", "ok.json");
    ASSERT_TRUE(l.ok()) << l.error().message;
    const auto s0 = lesson_step_state(l.value(), 0).value();
    EXPECT_EQ(s0.focal.view, 3) << "the pitfalls tab";
    EXPECT_EQ(lesson_slide_figure(l.value(), 0, s0), "focal-pitfall-multilabel");
    EXPECT_EQ(lesson_step_state(l.value(), 1).value().focal.view, 2);
    auto again = parse_lesson(lesson_json(l.value()), "again.json");
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again.value(), l.value());
    const auto slides = lesson_slides(l.value()).value();
    EXPECT_EQ(slides[0].figures, std::vector<std::string>{"focal-pitfall-multilabel"});
    EXPECT_EQ(slides[1].figures, std::vector<std::string>{"focal-imbalance"});
}

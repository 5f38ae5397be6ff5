// Presentation mode on a projector-sized screen (the Xvfb screen this runs under, given as
// argv[1] "WxH"): every step of every shipped lesson, in presentation mode, shows the step's
// named figures (the layout report's plot boxes carry the figure names), every plot at least
// 240 px tall, and no two text items colliding. Prints the smallest plot height and tick text
// height seen, for the record.
#include "gui_test_support.hpp"
#include "model/labs/figure_catalogue.hpp"
#include "model/labs/labs.hpp"
#include "model/persist/lesson.hpp"
#include "model/params/param_registry.hpp"
#include "plot/layout_report.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>

using namespace losslab;
using namespace losslab::guitest;
namespace fs = std::filesystem;

namespace {

int g_width = 1280, g_height = 720;
// 240 px at 100 % UI zoom, scaled with the zoom: presentation mode runs at 125 %
// (ui::kPresentationZoom), so 300 px.
constexpr float kMinPlotHeight = 240.0f * 1.25f;

// The figures the classroom issue asks specific steps to show (lesson file stem, step from 1):
// each must be among the plots on screen.
const std::map<std::pair<std::string, int>, std::string> kRequired{
    {{"01-logits-probabilities-nll", 5}, "focal-pitfall-multilabel"},
    {{"04-label-smoothing-calibration", 2}, "smoothing-targets-others"},
    {{"04-label-smoothing-calibration", 3}, "smoothing-targets-kl-pad"},
    {{"04-label-smoothing-calibration", 6}, "calibration-reliability-after"},
    {{"05-normalization", 1}, "normalization-figure-2"},
    {{"05-normalization", 2}, "normalization-figure-2"},
    {{"05-normalization", 3}, "normalization-figure-2"},
    {{"05-normalization", 4}, "normalization-figure-2"},
    {{"05-normalization", 6}, "normalization-figure-2"},
    {{"06-val-loss-rises-with-accuracy", 1}, "calibration-training-loss"},
    {{"06-val-loss-rises-with-accuracy", 2}, "calibration-training-loss"},
    {{"06-val-loss-rises-with-accuracy", 3}, "calibration-training-loss"},
    {{"06-val-loss-rises-with-accuracy", 4}, "calibration-training-loss"},
};

fs::path lesson_dir() { return fs::path(LOSSLAB_REFERENCE_DIR) / ".." / ".." / "assets" / "lessons"; }

std::vector<fs::path> shipped_lessons() {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(lesson_dir()))
        if (e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

plot::Rect rect_of(const nlohmann::json& box) {
    return {box[0].get<float>(), box[1].get<float>(), box[2].get<float>(), box[3].get<float>()};
}

plot::LayoutReport read_report(const fs::path& path) {
    std::ifstream in(path);
    const auto j = nlohmann::json::parse(in);
    plot::LayoutReport r;
    r.width = j["size"][0].get<float>();
    r.height = j["size"][1].get<float>();
    for (const auto& p : j["plots"]) r.plots.push_back({p["figure"].get<std::string>(), rect_of(p["box"])});
    for (const auto& t : j["texts"])
        r.texts.push_back({t["text"].get<std::string>(), t["role"].get<std::string>(),
                           rect_of(t["box"]), t["figure"].get<std::string>()});
    return r;
}

} // namespace

TEST(PresentationFit, EveryLessonStepShowsItsFiguresLargeAndUncluttered) {
    TempDir dir;
    float min_plot = 1e9f, min_tick = 1e9f;
    int lab_panels = 0;
    size_t required_seen = 0;
    const auto files = shipped_lessons();
    ASSERT_GE(files.size(), 6u);
    for (const auto& file : files) {
        auto lesson = model::load_lesson(file);
        ASSERT_TRUE(lesson.ok()) << lesson.error().message;
        for (size_t i = 0; i < lesson.value().steps.size(); ++i) {
            SCOPED_TRACE(file.filename().string() + " step " + std::to_string(i + 1) + " at " +
                         std::to_string(g_width) + "x" + std::to_string(g_height));
            const fs::path png = dir.path / "step.png";
            const fs::path report = dir.path / "layout.json";
            const auto r = run_losslab({"--lesson", file.string(), "--step", std::to_string(i + 1),
                                        "--present", "--frames", "6", "--screenshot", png.string(),
                                        "--layout-report", report.string()},
                                       dir.path);
            ASSERT_EQ(r.exit_code, 0) << r.err;
            const auto layout = read_report(report);
            EXPECT_EQ(int(layout.width), g_width) << "presentation mode is not full screen";
            EXPECT_EQ(int(layout.height), g_height);
            std::set<std::string> shown;
            for (const auto& p : layout.plots) {
                shown.insert(p.figure);
                EXPECT_GE(p.box.height(), kMinPlotHeight) << p.figure;
                min_plot = std::min(min_plot, p.box.height());
            }
            const auto& step = lesson.value().steps[i];
            const auto state = model::lesson_step_state(lesson.value(), i).value();
            // The figures the step shows: its named ones, else its first note's, else its
            // tab's, else (a lab without tabs) the lab's first. A tab whose drawing is not a
            // catalogue figure shows the lab panel as it is: its plots are checked for size.
            std::vector<std::string> wanted = step.figures;
            if (wanted.empty() && !step.notes.empty()) wanted = {step.notes.front().figure};
            if (wanted.empty()) {
                const std::string tab = model::tab_figure(state, step.lab);
                const bool tabs = model::find_param(std::string(model::lab_info(step.lab).key) + ".view");
                if (!tab.empty()) wanted = {tab};
                else if (!tabs) wanted = {std::string(model::lab_figures(step.lab).front()->name)};
            }
            if (!wanted.empty())
                EXPECT_EQ(shown, std::set<std::string>(wanted.begin(), wanted.end()));
            else
                ++lab_panels;
            if (const auto req = kRequired.find({file.stem().string(), int(i) + 1});
                req != kRequired.end()) {
                ++required_seen;
                EXPECT_TRUE(shown.count(req->second)) << req->second << " is not on screen";
            }
            for (const auto& t : layout.texts)
                if (t.role == "x-tick" || t.role == "y-tick")
                    min_tick = std::min(min_tick, t.box.height());
            const auto defects = plot::find_layout_defects(layout);
            EXPECT_EQ(defects.overlapping_pairs, 0)
                << (defects.details.empty() ? "" : defects.details.front());
        }
    }
    std::printf("%dx%d: smallest plot %.0f px tall, smallest tick label %.1f px tall; %d steps "
                "showed a lab panel without catalogue figures\n",
                g_width, g_height, min_plot, min_tick, lab_panels);
    if (g_width == 1280 && g_height == 720) {
        EXPECT_GE(min_tick, 18.0f);
    }
    EXPECT_EQ(required_seen, kRequired.size()) << "a lesson named in the issue was not found";
}

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    if (argc > 1 && std::sscanf(argv[1], "%dx%d", &g_width, &g_height) != 2) {
        std::fprintf(stderr, "usage: gui_presentation_fit WxH\n");
        return 2;
    }
    return RUN_ALL_TESTS();
}

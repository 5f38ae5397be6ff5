// The calibration lab in a real window under Xvfb: the temperature slider changes the scaled
// reliability diagram and nothing of the as-trained one, the real "Fit T" button sets the
// temperature to the core's NLL optimum, and the tab bar switches to the training-run view.
#include "gui_test_support.hpp"

#include "losslab/calibration.hpp"
#include "model/labs/state_calibration.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <chrono>
#include <thread>

using namespace losslab;
using namespace losslab::guitest;
namespace fs = std::filesystem;

namespace {

constexpr int kWidth = 1280, kHeight = 800;
constexpr std::uint32_t kBlue = 0x0072B2;       // slider grabs
constexpr std::uint32_t kBarBlue = 0x2586BD;    // accuracy bars: 85% Okabe-Ito blue on white
constexpr std::uint32_t kFitGreen = 0x009E73;   // the Fit T button, unique in the controls
// The reliability diagrams' data areas at 1280x800 (plot area 255..925, split in two; below
// the titles, above the x-axis labels).
constexpr Region kBeforeDiagram{300, 165, 575, 490};
constexpr Region kAfterDiagram{640, 165, 915, 490};
// The two confidence histograms below them.
constexpr Region kBeforeHistogram{300, 610, 575, 735};
constexpr Region kAfterHistogram{640, 610, 915, 735};
// Everything left of the controls column below the tab bar, and the controls column.
constexpr Region kPlots{250, 100, kWidth - 350, kHeight - 5};
constexpr Region kControls{kWidth - 340, 60, kWidth, kHeight};
// The tab bar strip above the plots.
constexpr Region kTabs{250, 68, kWidth - 350, 94};

std::string size_arg() { return fmt::format("{}x{}", kWidth, kHeight); }

exporting::Image screenshot(const TempDir& dir, const std::string& name,
                            std::vector<std::string> sets = {}) {
    const fs::path png = dir.path / name;
    std::vector<std::string> args{"--lab", "calibration", "--screenshot", png.string(),
                                  "--size", size_arg(), "--frames", "6"};
    for (const auto& s : sets) {
        args.push_back("--set");
        args.push_back(s);
    }
    const auto r = run_losslab(args, dir.path);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return load_png(png);
}

// The pale vermillion of the shaded calibration gap (50% vermillion over the plot
// background), read from the screenshot itself: the most common non-grey warm colour.
int gap_pixels(const exporting::Image& img, Region r) {
    int n = 0;
    for (int y = r.y0; y < r.y1; ++y)
        for (int x = r.x0; x < r.x1; ++x) {
            const auto p = img.pixel(x, y);
            const int red = int(p >> 24) & 0xff, green = int(p >> 16) & 0xff,
                      blue = int(p >> 8) & 0xff;
            // Vermillion over white: red high, green in the middle, blue lowest.
            if (red > 200 && green > 140 && green < 200 && blue > 90 && blue < 160 &&
                red - blue > 80)
                ++n;
        }
    return n;
}

// The centroid of pixels of colour `rgb` in `a` that are not that colour in `b`.
std::optional<std::pair<int, int>> centroid_of_moved(const exporting::Image& a,
                                                     const exporting::Image& b, Region r,
                                                     std::uint32_t rgb) {
    auto near = [&](std::uint32_t p) {
        const int dr = int(p >> 24 & 0xff) - int(rgb >> 16 & 0xff);
        const int dg = int(p >> 16 & 0xff) - int(rgb >> 8 & 0xff);
        const int db = int(p >> 8 & 0xff) - int(rgb & 0xff);
        return std::abs(dr) <= 20 && std::abs(dg) <= 20 && std::abs(db) <= 20;
    };
    long sx = 0, sy = 0, n = 0;
    for (int y = r.y0; y < r.y1; ++y)
        for (int x = r.x0; x < r.x1; ++x)
            if (near(a.pixel(x, y)) && !near(b.pixel(x, y))) sx += x, sy += y, ++n;
    if (n == 0) return std::nullopt;
    return std::pair<int, int>{int(sx / n), int(sy / n)};
}

std::string wait_for_window() {
    return xdotool({"search", "--sync", "--onlyvisible", "--name", "^LossLab$"});
}

void click(int x, int y) {
    xdotool({"mousemove", std::to_string(x), std::to_string(y)});
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    xdotool({"mousedown", "1"});
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    xdotool({"mouseup", "1"});
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
}

void drag(int x0, int y0, int x1, int y1) {
    xdotool({"mousemove", std::to_string(x0), std::to_string(y0)});
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    xdotool({"mousedown", "1"});
    const int steps = 12;
    for (int i = 1; i <= steps; ++i) {
        xdotool({"mousemove", std::to_string(x0 + (x1 - x0) * i / steps),
                 std::to_string(y0 + (y1 - y0) * i / steps)});
        std::this_thread::sleep_for(std::chrono::milliseconds(40));
    }
    xdotool({"mouseup", "1"});
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
}

// Parks the pointer on the sidebar (no hover readout), holds Ctrl+Q, collects the child.
void park_and_quit(const Child& child) {
    xdotool({"mousemove", "100", "700"});
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    xdotool({"keydown", "ctrl+q"});
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    xdotool({"keyup", "ctrl+q"});
    const auto r = wait_child(child);
    ASSERT_EQ(r.exit_code, 0) << r.err;
}

Child start_interactive(const TempDir& dir, const fs::path& png) {
    return start_losslab({"--lab", "calibration", "--screenshot", png.string(), "--frames",
                          "100000", "--size", size_arg()},
                         dir.path);
}

// The NLL-optimal temperature of the lab's default dataset, straight from the core.
double core_fitted_temperature() {
    const model::CalibrationLabState s;
    const auto d = make_synthetic_classifier({.num_examples = std::size_t(s.examples),
                                              .num_classes = std::size_t(s.classes),
                                              .confidence = s.confidence,
                                              .seed = std::uint64_t(s.seed)})
                       .value();
    return fit_temperature(d.logits, d.num_classes, d.labels).value().temperature;
}

} // namespace

TEST(CalibrationLab, DefaultShowsOverConfidentDiagramsWithShadedGaps) {
    TempDir dir;
    const auto img = screenshot(dir, "default.png");
    ASSERT_EQ(img.width, kWidth);
    EXPECT_GT(count_colour(img, kBeforeDiagram, kBarBlue, 24), 5000) << "no accuracy bars";
    EXPECT_GT(gap_pixels(img, kBeforeDiagram), 5000) << "no shaded gap";
    EXPECT_GT(gap_pixels(img, kAfterDiagram), 5000);
    EXPECT_TRUE(centroid_of(img, kControls, kFitGreen, 20)) << "no Fit T button";
}

TEST(CalibrationLab, TemperatureChangesOnlyTheScaledDiagram) {
    TempDir dir;
    const auto a = screenshot(dir, "t1.png");
    const auto b = screenshot(dir, "t25.png", {"calibration.temperature=2.5"});
    EXPECT_EQ(count_different(a, b, kBeforeDiagram), 0) << "the as-trained diagram changed";
    EXPECT_EQ(count_different(a, b, kBeforeHistogram), 0);
    EXPECT_GT(count_different(a, b, kAfterDiagram), 3000);
    EXPECT_GT(count_different(a, b, kAfterHistogram), 500);
    // T = 2.5 undoes the knob c = 2.5: most of the shaded gap disappears.
    EXPECT_LT(gap_pixels(b, kAfterDiagram), gap_pixels(a, kAfterDiagram) / 3);
}

TEST(CalibrationLab, ConfidenceKnobOfOneLeavesLittleGap) {
    TempDir dir;
    const auto a = screenshot(dir, "c25.png");
    const auto b = screenshot(dir, "c1.png", {"calibration.confidence=1"});
    EXPECT_GT(count_different(a, b, kBeforeDiagram), 3000);
    EXPECT_LT(gap_pixels(b, kBeforeDiagram), gap_pixels(a, kBeforeDiagram) / 3);
}

TEST(CalibrationLab, DraggingTheTemperatureSliderRedrawsTheScaledDiagramOnly) {
    TempDir dir;
    const auto before = screenshot(dir, "before.png");
    const auto moved = screenshot(dir, "moved.png", {"calibration.temperature=3"});
    // The temperature slider's grab: the one blue grab that moves when only T changes.
    const auto grab = centroid_of_moved(before, moved, kControls, kBlue);
    ASSERT_TRUE(grab) << "temperature slider grab not found";

    const fs::path after_png = dir.path / "after.png";
    auto child = start_interactive(dir, after_png);
    wait_for_window();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    drag(grab->first, grab->second, grab->first + 80, grab->second);
    park_and_quit(child);
    const auto after = load_png(after_png);
    EXPECT_EQ(count_different(before, after, kBeforeDiagram), 0);
    EXPECT_GT(count_different(before, after, kAfterDiagram), 3000);
    EXPECT_LT(gap_pixels(after, kAfterDiagram), gap_pixels(before, kAfterDiagram));
}

TEST(CalibrationLab, FitTButtonSetsTheCoresOptimalTemperature) {
    TempDir dir;
    const auto before = screenshot(dir, "before.png");
    const auto button = centroid_of(before, kControls, kFitGreen, 20);
    ASSERT_TRUE(button) << "Fit T button not found";

    const fs::path after_png = dir.path / "after.png";
    auto child = start_interactive(dir, after_png);
    wait_for_window();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    click(button->first, button->second);
    park_and_quit(child);
    const auto after = load_png(after_png);

    // The window after the click shows exactly what --set with the core's optimum shows.
    const double t_star = core_fitted_temperature();
    const auto expected =
        screenshot(dir, "expected.png", {fmt::format("calibration.temperature={}", t_star)});
    EXPECT_EQ(count_different(after, expected, kPlots), 0)
        << "plots differ from T = " << t_star;
    EXPECT_GT(count_different(before, after, kAfterDiagram), 3000);
    EXPECT_EQ(count_different(before, after, kBeforeDiagram), 0);
    // The temperature readout (slider text and table) changed.
    EXPECT_GT(count_different(before, after, kControls), 200);
}

TEST(CalibrationLab, TrainingTabShowsTheRunAndEpochMovesTheLossPicture) {
    TempDir dir;
    const auto temperature = screenshot(dir, "temperature.png");
    const auto training = screenshot(dir, "training.png", {"calibration.view=training"});
    const auto epoch10 =
        screenshot(dir, "epoch10.png", {"calibration.view=training", "calibration.epoch=10"});
    EXPECT_GT(count_different(temperature, training, kPlots), 50000);
    // The epoch moves the per-example losses (bottom) and the epoch markers (top).
    const Region bottom{300, 500, kWidth - 360, kHeight - 50};
    EXPECT_GT(count_different(training, epoch10, bottom), 3000);
    // Confident mistakes are drawn in solid vermillion in the per-example plot.
    EXPECT_GT(count_colour(training, bottom, 0xD55E00, 20), 2000);

    // The real tab: its strip changes between the views; the second tab is at the right
    // end of that change.
    int x1 = -1, y_sum = 0, n = 0;
    for (int y = kTabs.y0; y < kTabs.y1; ++y)
        for (int x = kTabs.x0; x < kTabs.x1; ++x)
            if (temperature.pixel(x, y) != training.pixel(x, y)) {
                x1 = std::max(x1, x);
                y_sum += y;
                ++n;
            }
    ASSERT_GT(n, 100) << "the tab bar did not change between the views";
    const fs::path after_png = dir.path / "after.png";
    auto child = start_interactive(dir, after_png);
    wait_for_window();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    click(x1 - 40, y_sum / n);
    park_and_quit(child);
    const auto after = load_png(after_png);
    EXPECT_EQ(count_different(after, training, kPlots), 0) << "the tab did not switch views";
}

TEST(CalibrationLab, BenchSweepsTheTemperatureSliderWhenAsked) {
    // --bench-sweep PARAM moves that slider instead of the lab's main one (the confidence);
    // a parameter of another lab or a non-real one is a usage error naming what was given.
    TempDir tmp;
    const auto run = run_losslab({"--lab", "calibration", "--size", "1280x800", "--set",
                                  "calibration.view=temperature", "--bench-frames", "4",
                                  "--bench-sweep", "calibration.temperature"},
                                 tmp.path);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_NE(run.out.find("4 frames sweeping calibration.temperature: app cpu ms median"),
              std::string::npos)
        << run.out;
    const auto other = run_losslab({"--lab", "calibration", "--bench-frames", "4",
                                    "--bench-sweep", "loss.gamma"},
                                   tmp.path);
    EXPECT_EQ(other.exit_code, 2);
    EXPECT_NE(other.err.find("--bench-sweep requires a real-valued parameter of the open lab "
                             "(losslab params LAB), got loss.gamma"),
              std::string::npos)
        << other.err;
}

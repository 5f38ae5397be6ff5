// The focal lab in a real window under Xvfb: what the screenshot shows, dragging γ, the
// "α = 0.25, γ = 4" preset, switching tabs with the mouse and a bad γ list.
#include "gui_test_support.hpp"
#include "plot/color.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

using namespace losslab;
using namespace losslab::guitest;
namespace fs = std::filesystem;

namespace {

constexpr int kWidth = 1280, kHeight = 800;
// Between the sidebar and the controls column at 1280x800, below the tab bar.
constexpr Region kPlot{260, 100, kWidth - 360, kHeight - 10};
constexpr Region kSidebar{0, 60, 245, kHeight};
// The γ slider's row in the controls column (the first slider under the heading).
constexpr Region kGammaRow{kWidth - 340, 145, kWidth - 20, 180};
// Where the γ = 0 family curve (viridis 0) and γ = 5 curve (viridis 0.9) are drawn.
constexpr std::uint32_t kViridis0 = 0x440154;
constexpr std::uint32_t kVermillion = 0xD55E00;
// The easy-negatives bars: Okabe-Ito orange, darkened to 3:1 on the white plot background.
const std::uint32_t kOrange = [] {
    const auto c = plot::readable_on(plot::okabe_ito(4), {255, 255, 255, 255});
    return std::uint32_t(c.r) << 16 | std::uint32_t(c.g) << 8 | c.b;
}();
constexpr std::uint32_t kAccent = 0x0072B2;  // slider grabs
constexpr std::uint32_t kBandTint = 0xE3F4F0; // the well-classified band over white
constexpr std::uint32_t kErrorRed = 0xD9331A;

std::string size_arg() { return std::to_string(kWidth) + "x" + std::to_string(kHeight); }

exporting::Image screenshot(const TempDir& dir, const std::string& name,
                            std::vector<std::string> extra = {}) {
    const fs::path png = dir.path / name;
    std::vector<std::string> args{"--lab", "focal", "--screenshot", png.string(), "--size",
                                  size_arg()};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = run_losslab(args, dir.path);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return load_png(png);
}

void pause_ms(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

void move(int x, int y) { xdotool({"mousemove", std::to_string(x), std::to_string(y)}); }

void click(int x, int y) {
    move(x, y);
    pause_ms(200);
    xdotool({"mousedown", "1"});
    pause_ms(120);
    xdotool({"mouseup", "1"});
    pause_ms(300);
}

void drag(int x0, int y0, int x1, int y1) {
    move(x0, y0);
    pause_ms(150);
    xdotool({"mousedown", "1"});
    for (int i = 1; i <= 12; ++i) {
        move(x0 + (x1 - x0) * i / 12, y0 + (y1 - y0) * i / 12);
        pause_ms(40);
    }
    xdotool({"mouseup", "1"});
    pause_ms(150);
}

void quit_with_ctrl_q() {
    xdotool({"keydown", "ctrl+q"});
    pause_ms(200);
    xdotool({"keyup", "ctrl+q"});
}

// Runs the lab in a window, lets `act` drive it, quits, and returns the final screenshot.
template <class Act>
exporting::Image interact(const TempDir& dir, const std::string& name, Act act,
                          std::vector<std::string> extra = {}) {
    const fs::path png = dir.path / name;
    std::vector<std::string> args{"--lab",   "focal", "--screenshot", png.string(),
                                  "--frames", "100000", "--size", size_arg()};
    args.insert(args.end(), extra.begin(), extra.end());
    auto child = start_losslab(args, dir.path);
    xdotool({"search", "--sync", "--onlyvisible", "--name", "^LossLab$"});
    pause_ms(500);
    act();
    // Park the mouse on the sidebar so no hover tooltip lands in the plot.
    move(100, kHeight - 40);
    pause_ms(300);
    quit_with_ctrl_q();
    const auto r = wait_child(child);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return load_png(png);
}

} // namespace

TEST(FocalLabWindow, Figure1ShowsTheViridisFamilyAndTheShadedWellClassifiedHalf) {
    TempDir dir;
    const auto img = screenshot(dir, "figure1.png");
    ASSERT_EQ(img.width, kWidth);
    EXPECT_GT(count_colour(img, kPlot, kViridis0, 20), 600) << "no γ = 0 (CE) curve";
    EXPECT_GT(count_colour(img, kPlot, kVermillion, 30), 300) << "no dashed (α, γ) curve";
    const int mid = (kPlot.x0 + kPlot.x1) / 2;
    const int band_right = count_colour(img, {mid + 20, kPlot.y0, kPlot.x1, kPlot.y1}, kBandTint, 4);
    const int band_left = count_colour(img, {kPlot.x0, kPlot.y0, mid - 20, kPlot.y1}, kBandTint, 4);
    EXPECT_GT(band_right, 20000) << "p_t > 0.5 is not shaded";
    EXPECT_LT(band_left, band_right / 10) << "the shading leaks into p_t < 0.5";
}

TEST(FocalLabWindow, DraggingGammaToZeroChangesThePlotAndNotTheSidebar) {
    TempDir dir;
    const auto before = screenshot(dir, "before.png");
    const auto grab = centroid_of(before, kGammaRow, kAccent, 20);
    ASSERT_TRUE(grab) << "γ slider grab not found";
    const auto after = interact(dir, "after.png", [&] {
        drag(grab->first, grab->second, kGammaRow.x0 + 5, grab->second);
    });
    const auto grab_after = centroid_of(after, kGammaRow, kAccent, 20);
    ASSERT_TRUE(grab_after);
    EXPECT_LT(grab_after->first, grab->first - 30) << "the γ grab did not move left";
    EXPECT_GT(count_different(before, after, kPlot), 2000) << "the plot did not change";
    EXPECT_EQ(count_different(before, after, kSidebar), 0) << "the sidebar changed";
}

TEST(FocalLabWindow, PresetButtonSetsAlphaQuarterGammaFourAndUpdatesTheReadout) {
    TempDir dir;
    const auto before = screenshot(dir, "before.png", {"--set", "focal.view=modulating",
                                                       "--set", "focal.alpha=0.5"});
    const auto after = interact(
        dir, "after.png", [&] { click(kWidth - 180, 255); },
        {"--set", "focal.view=modulating", "--set", "focal.alpha=0.5"});
    const auto expected = screenshot(dir, "expected.png",
                                     {"--set", "focal.view=modulating", "--set",
                                      "focal.alpha=0.25", "--set", "focal.gamma=4"});
    EXPECT_GT(count_different(before, after, kPlot), 2000) << "the plot did not change";
    // The γ grab moved from 2 to 4 (a fifth of the slider further right).
    const auto g0 = centroid_of(before, kGammaRow, kAccent, 20);
    const auto g1 = centroid_of(after, kGammaRow, kAccent, 20);
    ASSERT_TRUE(g0 && g1);
    EXPECT_GT(g1->first, g0->first + 30);
    // The window after the click shows what --set α = 0.25, γ = 4 shows: plot, readout
    // sentence below it and slider labels alike.
    EXPECT_LT(count_different(after, expected, {245, 60, kWidth, kHeight}), 50)
        << "the preset does not give the note's example";
}

TEST(FocalLabWindow, ClickingTheImbalanceTabShowsTheShareBars) {
    TempDir dir;
    const auto before = screenshot(dir, "before.png");
    EXPECT_LT(count_colour(before, kPlot, kOrange, 10), 200);
    const auto after = interact(dir, "after.png", [&] { click(518, 81); });
    EXPECT_GT(count_colour(after, kPlot, kOrange, 10), 20000) << "no easy-negative bars";
    // The clicked tab is the state: the same as starting with focal.view=imbalance.
    const auto expected = screenshot(dir, "expected.png", {"--set", "focal.view=imbalance"});
    // (Left of x = 800: a fresh Xvfb's pointer sits at the screen centre, over a slider whose
    // tooltip reaches into the plot's right edge.)
    EXPECT_LT(count_different(after, expected, {kPlot.x0, kPlot.y0, 800, kPlot.y1}), 50);
}

TEST(FocalLabWindow, BadGammaListEntryShowsAMessageAndKeepsTheFamily) {
    TempDir dir;
    const auto before = screenshot(dir, "before.png");
    const auto after = interact(dir, "after.png", [&] {
        click(kWidth - 180, 327); // the γ list field
        xdotool({"key", "End"});
        pause_ms(100);
        xdotool({"type", "--delay", "120", ", x"});
        pause_ms(300);
    });
    const Region controls{kWidth - 340, 300, kWidth, kHeight};
    EXPECT_GT(count_colour(after, controls, kErrorRed, 30), 100) << "no error message";
    EXPECT_LT(count_colour(before, controls, kErrorRed, 30), 10);
    EXPECT_LT(count_different(before, after, kPlot), 50) << "a bad list must not change the plot";
}

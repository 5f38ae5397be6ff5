// The information lab in a real window: dragging a bar of p rescales the distribution, and σ
// redraws only the Gaussian plot.
#include "gui_test_support.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

using namespace losslab;
using namespace losslab::guitest;
namespace fs = std::filesystem;

namespace {
constexpr int kW = 1280, kH = 800;
constexpr std::uint32_t kBlue = 0x0072B2;
constexpr int kPlotX0 = 255, kPlotX1 = kW - 345;
// The distributions plot: the left 58% of the plot area.
constexpr int kSplit = kPlotX0 + int(0.58 * (kPlotX1 - kPlotX0));
constexpr Region kBars{kPlotX0, 90, kSplit, kH - 10};

std::string size() { return std::to_string(kW) + "x" + std::to_string(kH); }

exporting::Image shot(const TempDir& dir, const std::string& name, std::vector<std::string> extra) {
    const fs::path png = dir.path / name;
    std::vector<std::string> args{"--lab", "information", "--screenshot", png.string(), "--size",
                                  size()};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = run_losslab(args, dir.path);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return load_png(png);
}

// Blue pixels per quarter of the bars plot (one quarter per outcome at K = 4).
std::array<int, 4> blue_per_outcome(const exporting::Image& img, int x_first, int x_step) {
    std::array<int, 4> n{};
    for (int i = 0; i < 4; ++i)
        n[i] = count_colour(img, {x_first + i * x_step - x_step / 2, 120,
                                  x_first + i * x_step + x_step / 2, kH - 60},
                            kBlue, 20);
    return n;
}
} // namespace

TEST(InformationLabWindow, DraggingTheTopOfABarOfPRescalesTheOtherOutcomes) {
    TempDir dir;
    const auto before = shot(dir, "before.png", {});
    // p's bar of outcome 0 is the tallest blue bar (0.5): find its top.
    const auto c = centroid_of(before, {kPlotX0, 120, kPlotX0 + 140, kH - 60}, kBlue, 20);
    ASSERT_TRUE(c) << "no p bar for outcome 0";
    int top = kH;
    for (int y = 120; y < kH - 60; ++y)
        if (((before.pixel(c->first, y) >> 8) & 0xffffff) == kBlue) {
            top = y;
            break;
        }
    ASSERT_LT(top, kH - 100);

    const fs::path after_png = dir.path / "after.png";
    auto child = start_losslab({"--lab", "information", "--screenshot", after_png.string(),
                                "--frames", "100000", "--size", size()},
                               dir.path);
    xdotool({"search", "--sync", "--onlyvisible", "--name", "^LossLab$"});
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    auto move = [](int x, int y) { xdotool({"mousemove", std::to_string(x), std::to_string(y)}); };
    move(c->first, top + 2);
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    xdotool({"mousedown", "1"});
    // Pull the bar down to about a fifth of its height.
    const int bottom = c->second + (c->second - top); // the bar's base, mirrored about its centre
    for (int i = 1; i <= 10; ++i) {
        move(c->first, top + (bottom - top) * 8 * i / 100);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    xdotool({"mouseup", "1"});
    move(kW / 2, 20);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    xdotool({"keydown", "ctrl+q"});
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    xdotool({"keyup", "ctrl+q"});
    const auto r = wait_child(child);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto after = load_png(after_png);

    const int step = (kSplit - kPlotX0 - 70) / 4;
    const int first = c->first;
    const auto nb = blue_per_outcome(before, first + step / 5, step);
    const auto na = blue_per_outcome(after, first + step / 5, step);
    EXPECT_LT(na[0], nb[0] * 2 / 3) << "the dragged bar did not go down";
    for (int i = 1; i < 4; ++i)
        EXPECT_GT(na[i], nb[i] + 50) << "outcome " << i << " was not rescaled upwards";
}

TEST(InformationLabWindow, SigmaRedrawsOnlyTheGaussianPlot) {
    TempDir dir;
    const auto a = shot(dir, "s1.png", {"--set", "information.view=continuous"});
    const auto b = shot(dir, "s2.png",
                        {"--set", "information.view=continuous", "--set", "information.sigma=2"});
    const int mid = (kPlotX0 + kPlotX1) / 2;
    EXPECT_EQ(count_different(a, b, {kPlotX0, 90, mid - 10, kH - 10}), 0) << "binary plot changed";
    EXPECT_GT(count_different(a, b, {mid + 10, 90, kPlotX1, kH - 10}), 3000);
}

TEST(InformationLabWindow, ChangingPThroughTheCommandLineKeepsItADistribution) {
    TempDir dir;
    const auto a = shot(dir, "a.png", {});
    const auto b = shot(dir, "b.png", {"--set", "information.p_3=1"});
    // p_3 = 1 with the others at .5, .25, .15 normalises to .5: outcome 3's blue bar grows.
    EXPECT_GT(count_different(a, b, kBars), 3000);
}

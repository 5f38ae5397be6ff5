// The label-smoothing lab in a real window: ε moves the true-class bar of each convention's
// plot (and its value label with it), and dragging the ε slider redraws the loss plot.
#include "gui_test_support.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <thread>

using namespace losslab;
using namespace losslab::guitest;
namespace fs = std::filesystem;

namespace {
constexpr int kW = 1280, kH = 800;
constexpr std::uint32_t kBlue = 0x0072B2, kVermillion = 0xD55E00, kGreen = 0x009E73;
// The plot area between the sidebar and the controls column, and its top row of target plots
// (the tab bar and the three bar plots fill roughly its upper 40%).
constexpr int kPlotX0 = 255, kPlotX1 = kW - 345;
constexpr Region kTopRow{kPlotX0, 90, kPlotX1, 330};
constexpr Region kBottomRow{kPlotX0, 360, kPlotX1, kH - 10};
constexpr Region kControls{kW - 340, 60, kW, kH};

Region third(int i) {
    const int w = (kPlotX1 - kPlotX0) / 3;
    return {kPlotX0 + i * w, kTopRow.y0, kPlotX0 + (i + 1) * w, kTopRow.y1};
}

exporting::Image shot(const TempDir& dir, const std::string& name, std::vector<std::string> extra) {
    const fs::path png = dir.path / name;
    std::vector<std::string> args{"--lab", "smoothing", "--screenshot", png.string(), "--size",
                                  std::to_string(kW) + "x" + std::to_string(kH)};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = run_losslab(args, dir.path);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return load_png(png);
}

bool near(std::uint32_t px, std::uint32_t rgb, int tol = 20) {
    for (int s : {16, 8, 0}) { // red, green, blue of 0xRRGGBB; px is 0xRRGGBBAA
        const int a = int((px >> (s + 8)) & 0xff), b = int((rgb >> s) & 0xff);
        if (std::abs(a - b) > tol) return false;
    }
    return true;
}

// The top row of pixels of colour `rgb` in `r`: its y and the x range it spans.
struct Top {
    int y, x0, x1;
};
std::optional<Top> topmost(const exporting::Image& img, Region r, std::uint32_t rgb) {
    for (int y = r.y0; y < r.y1; ++y) {
        int x0 = -1, x1 = -1;
        for (int x = r.x0; x < r.x1; ++x)
            if (near(img.pixel(x, y), rgb)) {
                if (x0 < 0) x0 = x;
                x1 = x;
            }
        // A bar's top is a run of at least 10 pixels (not an anti-aliased legend swatch edge).
        if (x0 >= 0 && x1 - x0 >= 10) return Top{y, x0, x1};
    }
    return std::nullopt;
}

// Dark (text) pixels in `r`.
int dark_pixels(const exporting::Image& img, Region r) {
    int n = 0;
    for (int y = r.y0; y < r.y1; ++y)
        for (int x = r.x0; x < r.x1; ++x) {
            const auto p = img.pixel(x, y);
            n += ((p >> 24) & 0xff) < 110 && ((p >> 16) & 0xff) < 110 && ((p >> 8) & 0xff) < 110;
        }
    return n;
}
} // namespace

TEST(SmoothingLabWindow, EpsLowersTheTrueClassBarOfEveryConventionAndItsLabelFollows) {
    TempDir dir;
    const auto a = shot(dir, "eps01.png", {});
    const auto b = shot(dir, "eps06.png", {"--set", "smoothing.eps=0.6"});
    const std::uint32_t colours[3] = {kBlue, kVermillion, kGreen};
    for (int i = 0; i < 3; ++i) {
        // The legend swatch ("1/K") is grey, so the top coloured run is the true-class bar.
        const auto ta = topmost(a, third(i), colours[i]);
        const auto tb = topmost(b, third(i), colours[i]);
        ASSERT_TRUE(ta && tb) << "no bars in plot " << i;
        // The bar falls from 0.9ish to 0.4ish of the axis: well over 40 pixels.
        EXPECT_GT(tb->y - ta->y, 40) << "plot " << i;
        // Its value label sits right above it, in both images.
        const Region label_a{ta->x0 - 6, ta->y - 18, ta->x1 + 6, ta->y - 1};
        const Region label_b{tb->x0 - 6, tb->y - 18, tb->x1 + 6, tb->y - 1};
        EXPECT_GT(dark_pixels(a, label_a), 15) << "no label above bar " << i;
        EXPECT_GT(dark_pixels(b, label_b), 15) << "no label above bar " << i;
        EXPECT_LT(dark_pixels(b, label_a), dark_pixels(a, label_a) / 2 + 1)
            << "the old label position must be empty once the bar moved (plot " << i << ")";
    }
    EXPECT_EQ(count_different(a, b, {0, 60, 245, kH}), 0) << "the sidebar changed";
}

TEST(SmoothingLabWindow, TwoClassesLeaveTheKlPlotEmptyWithAnExplanation) {
    TempDir dir;
    const auto img = shot(dir, "k2.png", {"--set", "smoothing.K=2"});
    EXPECT_GT(count_colour(img, third(0), kBlue), 200);
    EXPECT_EQ(count_colour(img, third(2), kGreen), 0);
    EXPECT_GT(dark_pixels(img, third(2)), 200) << "the message and axes";
}

TEST(SmoothingLabWindow, DraggingTheEpsSliderRedrawsTheLossAndGapPlots) {
    TempDir dir;
    const auto before = shot(dir, "before.png", {});
    // ε is the first slider in the controls column: its grab is the first accent blob.
    const auto grab = centroid_of(before, {kControls.x0, 100, kW, 190}, kBlue, 20);
    ASSERT_TRUE(grab) << "ε slider grab not found";
    const fs::path after_png = dir.path / "after.png";
    auto child = start_losslab({"--lab", "smoothing", "--screenshot", after_png.string(),
                                "--frames", "100000", "--size",
                                std::to_string(kW) + "x" + std::to_string(kH)},
                               dir.path);
    xdotool({"search", "--sync", "--onlyvisible", "--name", "^LossLab$"});
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    auto move = [](int x, int y) { xdotool({"mousemove", std::to_string(x), std::to_string(y)}); };
    move(grab->first, grab->second);
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    xdotool({"mousedown", "1"});
    for (int i = 1; i <= 12; ++i) {
        move(grab->first + 12 * i, grab->second);
        std::this_thread::sleep_for(std::chrono::milliseconds(40));
    }
    xdotool({"mouseup", "1"});
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    move(kW / 2, 20); // away from the plots: no hover readout in the screenshot
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    xdotool({"keydown", "ctrl+q"});
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    xdotool({"keyup", "ctrl+q"});
    const auto r = wait_child(child);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto after = load_png(after_png);
    EXPECT_GT(count_different(before, after, kBottomRow), 3000);
    const auto grab_after = centroid_of(after, {kControls.x0, 100, kW, 190}, kBlue, 20);
    ASSERT_TRUE(grab_after);
    EXPECT_GT(grab_after->first, grab->first + 40) << "the ε grab did not move right";
}

TEST(SmoothingLabWindow, EditorTabShowsPredictionTargetAndTheStack) {
    TempDir dir;
    const auto a = shot(dir, "editor.png", {"--set", "smoothing.view=editor"});
    const auto b = shot(dir, "editor-t.png",
                        {"--set", "smoothing.view=editor", "--set", "smoothing.temperature=5"});
    const int split = kPlotX0 + int(0.64 * (kPlotX1 - kPlotX0));
    const Region bars{kPlotX0, 90, split, kH - 10}, stack{split, 90, kPlotX1, kH - 10};
    EXPECT_GT(count_colour(a, bars, 0xE69F00), 1000) << "q bars (orange)";
    EXPECT_GT(count_colour(a, bars, kBlue), 1000) << "target bars (blue)";
    EXPECT_GT(count_colour(a, stack, 0x56B4E9), 1000) << "H(p) segment (sky blue)";
    EXPECT_GT(count_colour(a, stack, kVermillion), 500) << "KL segment";
    // A hotter softmax flattens q: the q bars change, the target bars do not move.
    EXPECT_GT(count_different(a, b, bars), 2000);
    EXPECT_NE(count_colour(a, stack, kVermillion), count_colour(b, stack, kVermillion));
}

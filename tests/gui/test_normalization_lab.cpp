// The Normalization lab in a real window under Xvfb: switching the method moves the filled
// block to another box of Wu & He's Figure 2, the per-(n, c) heatmaps are painted in viridis
// (an image series of the plot engine), and dragging a generator slider redraws the histograms.

#include "gui_test_support.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace losslab::guitest {
namespace {

namespace fs = std::filesystem;

constexpr int kWidth = 1920;
constexpr int kHeight = 1080;
// The four boxes of Figure 2 (top part of the plot area) and the heatmaps below them.
constexpr Region kBoxes{250, 90, 1570, 420};
constexpr Region kHeatmaps{250, 440, 1570, 940};
constexpr Region kPlotArea{250, 90, 1570, 1060};
// The selected box's fill: (0, 114, 178) at alpha 215 over the white box face.
constexpr std::uint32_t kStrongBlue = 0x2888BE;
constexpr std::uint32_t kViridisDark = 0x440154;
constexpr std::uint32_t kViridisYellow = 0xFDE725;

exporting::Image screenshot(const TempDir& dir, const std::string& name,
                            std::vector<std::string> extra = {}) {
    const fs::path png = dir.path / name;
    std::vector<std::string> args{"--lab", "normalization", "--screenshot", png.string(),
                                  "--size", std::to_string(kWidth) + "x" + std::to_string(kHeight)};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = run_losslab(args, dir.path);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return load_png(png);
}

void pause_ms(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }
void move(int x, int y) { xdotool({"mousemove", std::to_string(x), std::to_string(y)}); }

TEST(NormalizationLabWindow, SwitchingTheMethodMovesTheFilledBlockToItsBox) {
    TempDir dir;
    std::vector<int> centre_x;
    for (const char* method : {"bn", "ln", "in", "gn"}) {
        const auto img = screenshot(dir, std::string(method) + ".png",
                                    {"--set", std::string("normalization.method=") + method});
        const auto c = centroid_of(img, kBoxes, kStrongBlue, 20);
        ASSERT_TRUE(c.has_value()) << method << ": no strongly filled block";
        EXPECT_GT(count_colour(img, kBoxes, kStrongBlue, 20), 300) << method;
        centre_x.push_back(c->first);
    }
    // Each method fills its own box: BN first, LN second, IN third, GN fourth.
    for (std::size_t i = 1; i < centre_x.size(); ++i)
        EXPECT_GT(centre_x[i], centre_x[i - 1] + 200) << "box " << i;
    // BatchNorm's block (all N, one channel) is a whole face; InstanceNorm's one plane is far
    // smaller.
    const auto bn = screenshot(dir, "bn2.png", {"--set", "normalization.method=bn"});
    const auto in = screenshot(dir, "in2.png", {"--set", "normalization.method=in"});
    EXPECT_GT(count_colour(bn, kBoxes, kStrongBlue, 20),
              3 * count_colour(in, kBoxes, kStrongBlue, 20));
}

TEST(NormalizationLabWindow, HeatmapsOfTheStatisticsArePaintedInViridis) {
    TempDir dir;
    const auto img = screenshot(dir, "heat.png");
    EXPECT_GT(count_colour(img, kHeatmaps, kViridisDark, 30), 2000) << "no dark viridis cells";
    EXPECT_GT(count_colour(img, kHeatmaps, kViridisYellow, 30), 2000) << "no yellow cells";
    // No heatmap colours up among the boxes.
    EXPECT_LT(count_colour(img, kBoxes, kViridisYellow, 30), 50);
    // LayerNorm's mean is per sample: the heatmap changes from column stripes to row stripes.
    const auto ln = screenshot(dir, "heat-ln.png", {"--set", "normalization.method=ln"});
    EXPECT_GT(count_different(img, ln, kHeatmaps), 50000);
}

TEST(NormalizationLabWindow, DraggingTheChannelShiftSliderRedrawsTheHistograms) {
    TempDir dir;
    const std::vector<std::string> hist{"--set", "normalization.view=histograms"};
    const auto before = screenshot(dir, "before.png", hist);
    const fs::path png = dir.path / "after.png";
    std::vector<std::string> args{"--lab", "normalization", "--screenshot", png.string(),
                                  "--frames", "100000", "--size",
                                  std::to_string(kWidth) + "x" + std::to_string(kHeight)};
    args.insert(args.end(), hist.begin(), hist.end());
    auto child = start_losslab(args, dir.path);
    xdotool({"search", "--sync", "--onlyvisible", "--name", "^LossLab$"});
    pause_ms(600);
    // The "channel shift (std)" slider's grab (value 1.5 of 0..5), dragged to the right end.
    const int y = 703, x0 = 1672, x1 = 1880;
    move(x0, y);
    pause_ms(200);
    xdotool({"mousedown", "1"});
    for (int i = 1; i <= 12; ++i) {
        move(x0 + (x1 - x0) * i / 12, y);
        pause_ms(40);
    }
    xdotool({"mouseup", "1"});
    pause_ms(200);
    move(100, kHeight - 40);
    pause_ms(300);
    xdotool({"keydown", "ctrl+q"});
    pause_ms(200);
    xdotool({"keyup", "ctrl+q"});
    const auto r = wait_child(child);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto after = load_png(png);
    EXPECT_GT(count_different(before, after, kPlotArea), 5000)
        << "the histograms did not change when the channel shift moved";
    // The same state set directly draws the same picture as the drag (shift at its maximum).
    const auto expected = screenshot(
        dir, "expected.png", {"--set", "normalization.view=histograms", "--set",
                              "normalization.channel_shift=5"});
    EXPECT_LT(count_different(expected, after, kPlotArea), 2000);
}

} // namespace
} // namespace losslab::guitest

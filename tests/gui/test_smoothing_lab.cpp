// The label-smoothing lab in a real window: ε moves the true-class bar of each convention's
// plot (and its value label with it), and dragging the ε slider redraws the loss plot.
#include "gui_test_support.hpp"

#include "plot/color.hpp"
#include "plot/theme.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <map>
#include <optional>
#include <thread>

using namespace losslab;
using namespace losslab::guitest;
namespace fs = std::filesystem;

namespace {
constexpr int kW = 1280, kH = 800;
constexpr std::uint32_t kBlue = 0x0072B2, kVermillion = 0xD55E00, kGreen = 0x009E73;
// The plot area between the sidebar and the controls column, and its top row of target plots
// (plots are found by name in the layout report where their place matters).
constexpr int kPlotX0 = 255, kPlotX1 = kW - 345;
constexpr Region kBottomRow{kPlotX0, 360, kPlotX1, kH - 10};
constexpr Region kControls{kW - 340, 60, kW, kH};


exporting::Image shot(const TempDir& dir, const std::string& name, std::vector<std::string> extra) {
    const fs::path png = dir.path / name;
    std::vector<std::string> args{"--lab", "smoothing", "--screenshot", png.string(), "--size",
                                  std::to_string(kW) + "x" + std::to_string(kH)};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = run_losslab(args, dir.path);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return load_png(png);
}

// A screenshot with its layout report: each plot's box by figure name.
struct Shot {
    exporting::Image image;
    std::map<std::string, Region> plots;
};
Shot shot_with_report(const TempDir& dir, const std::string& name, std::vector<std::string> extra,
                      int w = kW, int h = kH) {
    const fs::path png = dir.path / name;
    const fs::path report = dir.path / (name + ".json");
    std::vector<std::string> args{"--lab", "smoothing", "--screenshot", png.string(), "--size",
                                  std::to_string(w) + "x" + std::to_string(h), "--layout-report",
                                  report.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = run_losslab(args, dir.path);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    Shot out{load_png(png), {}};
    std::ifstream in(report);
    const auto j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_object() && j.contains("plots"))
        for (const auto& p : j["plots"]) {
            const auto& b = p["box"];
            out.plots[p["figure"].get<std::string>()] = {int(b[0].get<double>()),
                                                         int(b[1].get<double>()),
                                                         int(b[2].get<double>()),
                                                         int(b[3].get<double>())};
        }
    return out;
}

// An Okabe-Ito colour as painted on the light plot background (lifted to 3:1 contrast).
std::uint32_t as_painted(std::uint32_t rgb) {
    const plot::Rgba c{std::uint8_t(rgb >> 16), std::uint8_t(rgb >> 8), std::uint8_t(rgb), 255};
    const auto p = plot::readable_on(c, plot::plot_theme(plot::Theme::Light).plot_background);
    return std::uint32_t(p.r) << 16 | std::uint32_t(p.g) << 8 | p.b;
}

// Where the three target plots stand side by side (at 1280x800 they stack and scroll).
constexpr int kWideW = 1920, kWideH = 1080;
const char* const kTargetFigures[3] = {"smoothing-targets-uniform", "smoothing-targets-others",
                                       "smoothing-targets-kl-pad"};

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
    const auto sa = shot_with_report(dir, "eps01.png", {}, kWideW, kWideH);
    const auto sb = shot_with_report(dir, "eps06.png", {"--set", "smoothing.eps=0.6"}, kWideW, kWideH);
    const auto &a = sa.image, &b = sb.image;
    const std::uint32_t colours[3] = {kBlue, kVermillion, kGreen};
    for (int i = 0; i < 3; ++i) {
        ASSERT_TRUE(sa.plots.count(kTargetFigures[i])) << kTargetFigures[i] << " not on screen";
        const Region box = sa.plots.at(kTargetFigures[i]);
        // The legend swatch ("1/K") is grey, so the top coloured run is the true-class bar.
        const auto ta = topmost(a, box, as_painted(colours[i]));
        const auto tb = topmost(b, box, as_painted(colours[i]));
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
    EXPECT_EQ(count_different(a, b, {0, 60, 245, kWideH}), 0) << "the sidebar changed";
}

TEST(SmoothingLabWindow, TwoClassesLeaveTheKlPlotEmptyWithAnExplanation) {
    TempDir dir;
    const auto s = shot_with_report(dir, "k2.png", {"--set", "smoothing.K=2"}, kWideW, kWideH);
    ASSERT_TRUE(s.plots.count(kTargetFigures[0]) && s.plots.count(kTargetFigures[2]));
    const Region first = s.plots.at(kTargetFigures[0]), kl = s.plots.at(kTargetFigures[2]);
    EXPECT_GT(count_colour(s.image, first, as_painted(kBlue)), 200);
    EXPECT_EQ(count_colour(s.image, kl, as_painted(kGreen)), 0);
    EXPECT_GT(dark_pixels(s.image, kl), 200) << "the message and axes";
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
    const auto sa = shot_with_report(dir, "editor.png", {"--set", "smoothing.view=editor"});
    const auto sb = shot_with_report(
        dir, "editor-t.png", {"--set", "smoothing.view=editor", "--set", "smoothing.temperature=5"});
    const auto &a = sa.image, &b = sb.image;
    ASSERT_TRUE(sa.plots.count("smoothing-logits-editor") &&
                sa.plots.count("smoothing-ce-decomposition"));
    const auto clip = [](Region r) { return Region{r.x0, r.y0, r.x1, std::min(r.y1, kH)}; };
    const Region bars = clip(sa.plots.at("smoothing-logits-editor"));
    const Region stack = clip(sa.plots.at("smoothing-ce-decomposition"));
    EXPECT_GT(count_colour(a, bars, as_painted(0xE69F00)), 1000) << "q bars (orange)";
    EXPECT_GT(count_colour(a, bars, as_painted(kBlue)), 1000) << "target bars (blue)";
    EXPECT_GT(count_colour(a, stack, as_painted(0x56B4E9)), 1000) << "H(p) segment (sky blue)";
    EXPECT_GT(count_colour(a, stack, as_painted(kVermillion)), 500) << "KL segment";
    // A hotter softmax flattens q: the q bars change, the target bars do not move.
    EXPECT_GT(count_different(a, b, bars), 2000);
    EXPECT_NE(count_colour(a, stack, as_painted(kVermillion)),
              count_colour(b, stack, as_painted(kVermillion)));
}

// Presentation mode and UI zoom in the real window under Xvfb: --present goes full screen
// with the projector theme and no sidebar; F11 enters it from a normal window; Ctrl+= is
// remembered for the monitor and re-rasterises the text at a larger pixel size.
#include "gui_test_support.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

using namespace losslab;
using namespace losslab::guitest;
namespace fs = std::filesystem;

namespace {

// The Xvfb screen the GUI tests run on (tests/gui/CMakeLists.txt).
constexpr int kScreenW = 1920, kScreenH = 1080;

void hold_key(const std::string& key, int ms = 200) {
    xdotool({"keydown", key});
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    xdotool({"keyup", key});
}

// Height in pixels of the first run of rows holding dark text in the top-left corner: the
// menu bar's "File" (its capital F spans the cap height without a gap).
int menu_text_height(const exporting::Image& img) {
    int top = -1;
    for (int y = 0; y < 60; ++y) {
        bool dark = false;
        for (int x = 0; x < 40 && !dark; ++x) {
            const auto p = img.pixel(x, y);
            dark = (p >> 24) < 100 && ((p >> 16) & 0xFF) < 100 && ((p >> 8) & 0xFF) < 100;
        }
        if (dark && top < 0) top = y;
        if (!dark && top >= 0) return y - top;
    }
    return 0;
}

std::string read_text(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

TEST(Presentation, PresentFlagGoesFullScreenWithTheProjectorThemeAndNoSidebar) {
    TempDir dir;
    const fs::path normal = dir.path / "normal.png", present = dir.path / "present.png";
    auto r = run_losslab({"--lab", "focal", "--size", "1280x800", "--screenshot", normal.string()},
                         dir.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = run_losslab({"--lab", "focal", "--size", "1280x800", "--present", "--frames", "6",
                     "--screenshot", present.string()},
                    dir.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto a = load_png(normal), b = load_png(present);
    EXPECT_EQ(a.width, 1280);
    EXPECT_EQ(b.width, kScreenW) << "presentation mode is full screen";
    EXPECT_EQ(b.height, kScreenH);
    // The projector theme's window is pure white; the light theme's is off-white (250,250,252).
    EXPECT_GT(count_colour(b, {0, 0, kScreenW, kScreenH}, 0xFFFFFF, 0), kScreenW * kScreenH / 3);
    EXPECT_LT(count_colour(b, {0, 0, kScreenW, kScreenH}, 0xFAFAFC, 0), 1000);
    // Without the sidebar the tab bar starts at the left edge where the sidebar used to be.
    // The sidebar's fill, sampled below its list of labs, covers its column in the normal
    // window; in presentation mode that column shows the lab in projector colours instead.
    const auto fill = a.pixel(120, 650) >> 8;
    const Region column{30, 320, 220, 760};
    EXPECT_GT(count_colour(a, column, fill, 1), 190 * 440 * 9 / 10) << "the normal sidebar";
    EXPECT_LT(count_colour(b, column, fill, 1), 190 * 440 / 10) << "a sidebar in presentation";
}

TEST(Presentation, F11EntersFullScreenPresentation) {
    TempDir dir;
    const fs::path png = dir.path / "f11.png";
    auto child = start_losslab({"--size", "1280x800", "--frames", "100000", "--screenshot",
                                png.string()},
                               dir.path);
    xdotool({"search", "--sync", "--onlyvisible", "--name", "^LossLab$"});
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    hold_key("F11");
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    hold_key("ctrl+q");
    const auto r = wait_child(child);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto img = load_png(png);
    EXPECT_EQ(img.width, kScreenW);
    EXPECT_EQ(img.height, kScreenH);
}

TEST(Presentation, ZoomIsRememberedForTheMonitorAndRerasterisesTheText) {
    TempDir dir;
    const fs::path before = dir.path / "z1.png", after = dir.path / "z2.png";
    auto r = run_losslab({"--size", "1280x800", "--screenshot", before.string()}, dir.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;

    // A normal session (settings are saved): Ctrl+= twice, then quit.
    auto child = start_losslab({"--size", "1280x800"}, dir.path);
    xdotool({"search", "--sync", "--onlyvisible", "--name", "^LossLab$"});
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    hold_key("ctrl+equal");
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    hold_key("ctrl+equal");
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    hold_key("ctrl+q");
    r = wait_child(child);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string settings = read_text(dir.path / "losslab" / "settings.json");
    EXPECT_NE(settings.find("\"zoom_by_monitor\""), std::string::npos) << settings;
    EXPECT_NE(settings.find("1.5625"), std::string::npos) << "1.25 squared: " << settings;

    // The next start applies it: the same text is drawn 1.56 times taller, not stretched.
    r = run_losslab({"--size", "1280x800", "--screenshot", after.string()}, dir.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const int h1 = menu_text_height(load_png(before)), h2 = menu_text_height(load_png(after));
    ASSERT_GT(h1, 5);
    EXPECT_NEAR(double(h2) / double(h1), 1.5625, 0.25) << h1 << " -> " << h2;
}

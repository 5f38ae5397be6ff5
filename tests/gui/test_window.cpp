// The real program in a real window (run under xvfb-run by ctest): screenshots, slider
// dragging with xdotool, settings persistence, and every bad-input path of the window.
#include "gui_test_support.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

using namespace losslab;
using namespace losslab::guitest;
namespace fs = std::filesystem;

namespace {

constexpr std::uint32_t kBlue = 0x0072B2;       // Okabe-Ito blue: the CE curve
constexpr std::uint32_t kVermillion = 0xD55E00; // Okabe-Ito vermillion: the focal curve
constexpr int kWidth = 1280, kHeight = 800;
// Between the sidebar and the controls column at 1280x800: where the plot is.
constexpr Region kPlotRegion{260, 70, kWidth - 350, kHeight - 10};
// The controls column on the right.
constexpr Region kControlsRegion{kWidth - 340, 60, kWidth, kHeight};

std::string size_arg() { return std::to_string(kWidth) + "x" + std::to_string(kHeight); }

exporting::Image screenshot(const TempDir& dir, const std::string& name,
                            std::vector<std::string> extra = {}) {
    const fs::path png = dir.path / name;
    std::vector<std::string> args{"--screenshot", png.string(), "--size", size_arg()};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = run_losslab(args, dir.path);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return load_png(png);
}

// Waits until the program's window is mapped and returns its X id.
std::string wait_for_window() { return xdotool({"search", "--sync", "--onlyvisible", "--name", "^LossLab$"}); }

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

// Holds Ctrl+Q for a moment: ImGui 1.86 samples key state once per frame, so a tap shorter
// than a frame (as `xdotool key` sends) can go unseen while frames render back to back.
void quit_with_ctrl_q() {
    xdotool({"keydown", "ctrl+q"});
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    xdotool({"keyup", "ctrl+q"});
}

} // namespace

TEST(Window, ScreenshotHasTheRequestedSizeAndBothCurvesInThePlot) {
    TempDir dir;
    const auto img = screenshot(dir, "default.png");
    ASSERT_EQ(img.width, kWidth);
    ASSERT_EQ(img.height, kHeight);
    EXPECT_GT(count_colour(img, kPlotRegion, kBlue), 800) << "no cross-entropy curve pixels";
    EXPECT_GT(count_colour(img, kPlotRegion, kVermillion), 800) << "no focal curve pixels";
}

TEST(Window, SettingGammaChangesThePlotAndNothingElse) {
    TempDir dir;
    const auto a = screenshot(dir, "g2.png");
    const auto b = screenshot(dir, "g05.png", {"--set", "loss.gamma=0.5"});
    EXPECT_GT(count_different(a, b, kPlotRegion), 2000);
    EXPECT_EQ(count_different(a, b, {0, 60, 245, kHeight}), 0) << "the sidebar changed";
}

TEST(Window, DraggingTheGammaSliderMovesTheFocalCurve) {
    TempDir dir;
    const auto before = screenshot(dir, "before.png");
    // The γ slider's row in the loss lab's controls column at 1280x800; its grab is the only
    // accent-coloured element there.
    const Region gamma_row{kWidth - 335, 450, kWidth - 60, 482};
    const auto grab = centroid_of(before, gamma_row, kBlue, 20);
    ASSERT_TRUE(grab) << "slider grab not found";

    const fs::path after_png = dir.path / "after.png";
    auto child = start_losslab({"--screenshot", after_png.string(), "--frames", "100000",
                                "--size", size_arg()},
                               dir.path);
    wait_for_window();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    // Drag γ from 2 down to 0: the focal curve becomes α·CE.
    drag(grab->first, grab->second, gamma_row.x0 + 5, grab->second);
    quit_with_ctrl_q();
    const auto r = wait_child(child);
    ASSERT_EQ(r.exit_code, 0) << r.err;

    const auto after = load_png(after_png);
    EXPECT_GT(count_different(before, after, kPlotRegion), 2000);
    const auto grab_after = centroid_of(after, gamma_row, kBlue, 20);
    ASSERT_TRUE(grab_after);
    EXPECT_LT(grab_after->first, grab->first - 20) << "the slider grab did not move left";
    // The focal curve (vermillion) moved: its pixels are not where they were.
    EXPECT_GT(count_different(before, after, kPlotRegion), count_colour(before, kPlotRegion, kVermillion) / 2);
}

TEST(Window, SizeThemeAndLabAreRememberedBetweenRuns) {
    TempDir dir;
    auto child = start_losslab({"--size", "1000x700", "--theme", "dark"}, dir.path);
    wait_for_window();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    xdotool({"mousemove", "500", "350"});
    quit_with_ctrl_q();
    const auto r = wait_child(child);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const fs::path settings = dir.path / "losslab" / "settings.json";
    ASSERT_TRUE(fs::exists(settings)) << "settings were not saved under XDG_CONFIG_HOME";
    std::ifstream in(settings);
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    EXPECT_NE(text.find("\"window_width\": 1000"), std::string::npos) << text;
    EXPECT_NE(text.find("\"theme\": \"dark\""), std::string::npos) << text;
    EXPECT_NE(text.find("\"last_lab\": \"loss\""), std::string::npos) << text;

    // The next start uses them: 1000x700 and a dark window.
    const fs::path png = dir.path / "next.png";
    const auto r2 = run_losslab({"--screenshot", png.string()}, dir.path);
    ASSERT_EQ(r2.exit_code, 0) << r2.err;
    const auto img = load_png(png);
    EXPECT_EQ(img.width, 1000);
    EXPECT_EQ(img.height, 700);
    const auto corner = img.pixel(img.width - 3, img.height - 3);
    EXPECT_LT((corner >> 24) & 0xff, 80u) << "expected the dark theme's background";
}

TEST(BadInput, NoDisplayGivesOneLineWithXvfbHint) {
    TempDir dir;
    const auto r = run_losslab({}, dir.path, {{"DISPLAY", std::nullopt}, {"WAYLAND_DISPLAY", std::nullopt}});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("no display found"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("xvfb-run"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(BadInput, NoOpenGL33NamesTheVersionFound) {
    TempDir dir;
    const auto r = run_losslab({"--screenshot", (dir.path / "x.png").string()}, dir.path,
                               {{"MESA_GL_VERSION_OVERRIDE", "3.0"}});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("OpenGL 3.3"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("OpenGL 3.0"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir.path / "x.png"));
}

TEST(BadInput, UnknownFlagIsNamedThenOneLineToTheHelp) {
    TempDir dir;
    const auto r = run_losslab({"--gama", "2"}, dir.path);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--gama"), std::string::npos) << r.err;
    // The reason and one line pointing to --help, not the ~9 KB of help.
    EXPECT_NE(r.err.find("Run 'losslab --help' for the options."), std::string::npos) << r.err;
    EXPECT_LT(r.err.size(), 300u) << r.err;
}

TEST(BadInput, UnknownLabListsTheLabs) {
    TempDir dir;
    const auto r = run_losslab({"--lab", "focall"}, dir.path);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("'focall'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("one of loss"), std::string::npos) << r.err;
}

TEST(BadInput, OutOfRangeParameterNamesKeyRangeAndValue) {
    TempDir dir;
    const auto r = run_losslab({"--set", "loss.gamma=12"}, dir.path);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("loss.gamma requires 0 <= value <= 10, got 12"), std::string::npos) << r.err;
    const auto r2 = run_losslab({"--set", "loss.gamm=1"}, dir.path);
    EXPECT_EQ(r2.exit_code, 2);
    EXPECT_NE(r2.err.find("loss.gamma"), std::string::npos) << "known keys are listed: " << r2.err;
}

TEST(BadInput, CorruptSettingsAreKeptAsideAndDefaultsUsed) {
    TempDir dir;
    fs::create_directories(dir.path / "losslab");
    const fs::path settings = dir.path / "losslab" / "settings.json";
    std::ofstream(settings) << "{\"window_width\": \"wide\"";
    const fs::path png = dir.path / "shot.png";
    const auto r = run_losslab({"--screenshot", png.string()}, dir.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("unusable"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(settings)) << "the corrupt file must be moved aside, not reused";
    int kept = 0;
    for (const auto& e : fs::directory_iterator(dir.path / "losslab"))
        if (e.path().filename().string().starts_with("settings.json.corrupt-")) {
            std::ifstream in(e.path());
            const std::string text((std::istreambuf_iterator<char>(in)), {});
            EXPECT_EQ(text, "{\"window_width\": \"wide\"");
            ++kept;
        }
    EXPECT_EQ(kept, 1);
    const auto img = load_png(png);
    EXPECT_EQ(img.width, 1280) << "defaults must be used";
}

TEST(BadInput, UnwritableScreenshotPathIsReportedWithoutCrash) {
    TempDir dir;
    const auto r = run_losslab({"--screenshot", "/nonexistent-folder/shot.png"}, dir.path);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("/nonexistent-folder/shot.png"), std::string::npos) << r.err;
}

TEST(Cli, HelpAndVersionAnswerAndExitZero) {
    TempDir dir;
    const auto help = run_losslab({"--help"}, dir.path);
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_NE(help.out.find("Usage: losslab"), std::string::npos) << help.out;
    const auto version = run_losslab({"--version"}, dir.path);
    EXPECT_EQ(version.exit_code, 0);
    EXPECT_NE(version.out.find("losslab 0."), std::string::npos) << version.out;
}

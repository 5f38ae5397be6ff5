// Figure export from the command line and from the window: every figure to PNG, SVG and CSV,
// the PNG's size, pixels and session metadata, the SVG's structure, the CSV's numbers against
// `losslab curve`, and the bad-input paths (nothing written, clear messages).
#include "gui_test_support.hpp"
#include "model/labs/figure_catalogue.hpp"
#include "model/persist/lesson.hpp"
#include "model/params/param_registry.hpp"
#include "model/persist/session.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <thread>

using namespace losslab;
using namespace losslab::guitest;
namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Checks that every element is closed in order (enough to catch broken SVG output).
::testing::AssertionResult well_formed_xml(const std::string& xml) {
    std::vector<std::string> open;
    for (size_t i = xml.find('<'); i != std::string::npos; i = xml.find('<', i + 1)) {
        const size_t end = xml.find('>', i);
        if (end == std::string::npos) return ::testing::AssertionFailure() << "unterminated tag";
        const std::string tag = xml.substr(i + 1, end - i - 1);
        if (tag.empty() || tag[0] == '?' || tag[0] == '!') continue;
        if (tag.back() == '/') continue;
        const std::string name = tag.substr(tag[0] == '/' ? 1 : 0, tag.find_first_of(" \n/", 1) - (tag[0] == '/' ? 1 : 0));
        if (tag[0] != '/') {
            open.push_back(name);
        } else {
            if (open.empty() || open.back() != name)
                return ::testing::AssertionFailure() << "</" << name << "> closes <" << (open.empty() ? "" : open.back()) << ">";
            open.pop_back();
        }
    }
    if (!open.empty()) return ::testing::AssertionFailure() << "<" << open.back() << "> never closed";
    return ::testing::AssertionSuccess();
}

// Fraction of pixels that differ from the top-left pixel (the background).
double non_background_fraction(const exporting::Image& img) {
    if (img.rgba.empty()) return 0.0;
    const auto bg = img.pixel(0, 0);
    size_t n = 0;
    for (int y = 0; y < img.height; y += 2)
        for (int x = 0; x < img.width; x += 2) n += img.pixel(x, y) != bg;
    return double(n) / (double(img.width / 2) * double(img.height / 2));
}

std::string png_session(const fs::path& png) {
    auto text = model::png_session_text(read_text(png), png.string());
    EXPECT_TRUE(text.ok()) << (text.ok() ? "" : text.error().message);
    return text.ok() ? text.value() : "";
}

} // namespace

TEST(Export, EveryFigureToPngSvgAndCsv) {
    TempDir dir;
    for (const char* format : {"png", "svg", "csv"}) {
        const auto r = run_losslab({"export", "--all", (dir.path / format).string(), "--format",
                                    format, "--size", "800x500"},
                                   dir.path);
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    for (const auto& info : model::figure_catalogue()) {
        const std::string name(info.name);
        SCOPED_TRACE(name);
        const auto img = load_png(dir.path / "png" / (name + ".png"));
        EXPECT_EQ(img.width, 800);
        EXPECT_EQ(img.height, 500);
        EXPECT_GT(non_background_fraction(img), 0.01) << "blank PNG";
        // The session records the figure's own lab and tab, so opening the PNG shows it.
        EXPECT_EQ(png_session(dir.path / "png" / (name + ".png")),
                  model::session_to_json(
                      model::state_showing_figure(model::default_app_state(), name)));

        const std::string svg = read_text(dir.path / "svg" / (name + ".svg"));
        EXPECT_TRUE(well_formed_xml(svg));
        const plot::Figure fig = info.build(model::default_app_state());
        size_t groups = 0, pos = 0;
        while ((pos = svg.find("<g class=\"series\"", pos)) != std::string::npos) {
            const size_t end = svg.find("</g>", pos);
            const std::string group = svg.substr(pos, end - pos);
            size_t paths = 0;
            for (size_t p = group.find("<path"); p != std::string::npos; p = group.find("<path", p + 1)) ++paths;
            const auto& s = fig.series[groups];
            if (s.kind == plot::SeriesKind::Line && s.x.size() > 1) {
                EXPECT_EQ(paths, 1u) << "series " << s.name;
            }
            ++groups;
            pos = end;
        }
        size_t visible = 0;
        for (const auto& s : fig.series) visible += s.visible;
        EXPECT_EQ(groups, visible);

        const std::string csv = read_text(dir.path / "csv" / (name + ".csv"));
        EXPECT_EQ(csv.rfind("series,x,y,category\n", 0), 0u);
    }
}

TEST(Export, CsvEqualsTheCurveCommand) {
    TempDir dir;
    const fs::path csv = dir.path / "loss.csv";
    ASSERT_EQ(run_losslab({"export", "--figure", "loss-vs-probability", "--set", "loss.gamma=3",
                           "-o", csv.string()},
                          dir.path).exit_code, 0);
    std::istringstream in(read_text(csv));
    std::string line, xs;
    std::vector<std::string> ys;
    while (std::getline(in, line)) {
        // The focal series' name holds a comma, so the CSV quotes it.
        if (line.rfind("\"focal", 0) != 0) continue;
        const auto c1 = line.find("\",") + 1, c2 = line.find(',', c1 + 1);
        if (!xs.empty()) xs += ',';
        xs += line.substr(c1 + 1, c2 - c1 - 1);
        // series,x,y,category: y runs to the next comma (the category is empty here).
        ys.push_back(line.substr(c2 + 1, line.find(',', c2 + 1) - c2 - 1));
        if (ys.size() == 40) break;
    }
    ASSERT_EQ(ys.size(), 40u);
    const auto curve = run_losslab({"curve", "focal", "--gamma", "3", "--alpha", "0.25", "--target",
                                    "1", "--points", xs},
                                   dir.path);
    ASSERT_EQ(curve.exit_code, 0) << curve.err;
    std::istringstream out(curve.out);
    std::getline(out, line); // header
    for (const auto& y : ys) {
        ASSERT_TRUE(std::getline(out, line));
        EXPECT_EQ(line.substr(line.find(',') + 1), y) << "CSV and `losslab curve` disagree";
    }
}

TEST(Export, PngMetadataRestoresTheSessionExactly) {
    TempDir dir;
    const fs::path png = dir.path / "focal.png";
    const std::vector<std::string> sets{"focal.gamma=4", "focal.alpha=0.25", "loss.eps=0.3",
                                        "loss.x_axis=logit"};
    std::vector<std::string> args{"export", "--figure", "focal-figure-1", "--size", "1600x1000", "-o", png.string()};
    model::AppState expected = model::default_app_state();
    for (const auto& s : sets) {
        args.push_back("--set");
        args.push_back(s);
        ASSERT_TRUE(model::apply_assignment(expected, s).ok());
    }
    // The figure's own lab and tab are recorded, so opening the PNG shows that figure.
    expected = model::state_showing_figure(expected, "focal-figure-1");
    const auto r = run_losslab(args, dir.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto restored = model::load_session_file(png);
    ASSERT_TRUE(restored.ok()) << restored.error().message;
    EXPECT_EQ(model::session_to_json(restored.value().state), model::session_to_json(expected));
    const auto img = load_png(png);
    EXPECT_EQ(img.width, 1600);
}

TEST(Export, BadInputWritesNothingAndSaysWhy) {
    TempDir dir;
    const fs::path out = dir.path / "x.png";
    auto r = run_losslab({"export", "--figure", "loss-vs-probability", "--set", "loss.gamma=-1", "-o", out.string()}, dir.path);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("loss.gamma requires 0 <= value <= 10, got -1"), std::string::npos) << r.err;
    r = run_losslab({"export", "--figure", "nope", "-o", out.string()}, dir.path);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("loss-vs-probability"), std::string::npos) << "lists the figures: " << r.err;
    r = run_losslab({"export", "--figure", "loss-vs-probability", "-o", (dir.path / "x.gif").string()}, dir.path);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find(".png, .pdf, .svg or .csv"), std::string::npos) << r.err;
    r = run_losslab({"export", "--figure", "loss-vs-probability", "--theme", "sepia", "-o", out.string()}, dir.path);
    EXPECT_EQ(r.exit_code, 2);
    r = run_losslab({"export", "--figure", "loss-vs-probability", "--size", "99999x10", "-o", out.string()}, dir.path);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_FALSE(fs::exists(out));

    // An unwritable target: a folder stands where the file should go. Exit 1, nothing lost.
    fs::create_directories(dir.path / "taken.png");
    r = run_losslab({"export", "--figure", "loss-vs-probability", "-o", (dir.path / "taken.png").string()}, dir.path);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("taken.png"), std::string::npos) << r.err;
    EXPECT_TRUE(fs::is_directory(dir.path / "taken.png"));
    for (const auto& e : fs::directory_iterator(dir.path))
        EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << "temporary left: " << e.path();
}

TEST(Export, EveryFormatNeedsNoDisplay) {
    TempDir dir;
    const EnvChanges no_display{{"DISPLAY", std::nullopt}, {"WAYLAND_DISPLAY", std::nullopt}};
    for (const char* ext : {"svg", "csv", "png", "pdf"}) {
        const fs::path out = dir.path / (std::string("g.") + ext);
        auto r = run_losslab({"export", "--figure", "loss-gradient", "-o", out.string()}, dir.path, no_display);
        EXPECT_EQ(r.exit_code, 0) << ext << ": " << r.err;
        EXPECT_TRUE(fs::exists(out)) << ext;
    }
    const auto img = exporting::read_png(dir.path / "g.png");
    ASSERT_TRUE(img.ok());
    EXPECT_EQ(img.value().image.width, 1600);
    EXPECT_GT(non_background_fraction(img.value().image), 0.01);
}

TEST(Export, FromTheWindowWithCtrlE) {
    TempDir dir;
    const fs::path home = dir.path / "home";
    fs::create_directories(home);
    auto child = start_losslab({"--lab", "loss", "--size", "1280x800", "--screenshot",
                                (dir.path / "shot.png").string(), "--frames", "100000"},
                               dir.path, {{"HOME", home.string()}});
    xdotool({"search", "--sync", "--onlyvisible", "--name", "^LossLab$"});
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    xdotool({"mousemove", "600", "300"});
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    xdotool({"keydown", "ctrl+e"});
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    xdotool({"keyup", "ctrl+e"});
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    // The dialog's title field: what is typed there is the exported figure's title.
    xdotool({"mousemove", "610", "383"});
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    xdotool({"click", "1"});
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    xdotool({"type", "--delay", "40", "Paper figure"});
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    // The dialog's Export button (default: PNG, 1600x1000, light, into $HOME).
    xdotool({"mousemove", "454", "577"});
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    xdotool({"mousedown", "1"});
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    xdotool({"mouseup", "1"});
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    xdotool({"keydown", "ctrl+q"});
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    xdotool({"keyup", "ctrl+q"});
    const auto r = wait_child(child);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const fs::path png = home / "loss-vs-probability.png";
    ASSERT_TRUE(fs::exists(png)) << "the window did not export";
    const auto img = load_png(png);
    EXPECT_EQ(img.width, 1600);
    EXPECT_EQ(img.height, 1000);
    EXPECT_GT(non_background_fraction(img), 0.01);
    const auto decoded = exporting::read_png(png);
    ASSERT_TRUE(decoded.ok());
    std::string title;
    for (const auto& [key, text] : decoded.value().texts)
        if (key == "Title") title = text;
    EXPECT_EQ(title, "Paper figure") << "the dialog's title field did not reach the file";
}

TEST(Export, AnimationFromTheSweepButton) {
    // ▶ beside γ, "Export animation...", 12 frames, Export: a GIF of the sweep (0 to 10 and
    // back, 22 frames) written on a thread while the window keeps drawing.
    TempDir dir;
    const fs::path home = dir.path / "home";
    fs::create_directories(home);
    auto child = start_losslab({"--lab", "loss", "--size", "1280x800", "--screenshot",
                                (dir.path / "shot.png").string(), "--frames", "100000"},
                               dir.path, {{"HOME", home.string()}});
    xdotool({"search", "--sync", "--onlyvisible", "--name", "^LossLab$"});
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    auto click = [](const char* x, const char* y) {
        xdotool({"mousemove", x, y});
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
        xdotool({"click", "1"});
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
    };
    click("1225", "465"); // ▶ of γ (focusing)
    click("1110", "651"); // Export animation...
    click("440", "315");  // frames: 12 (22 there and back)
    xdotool({"key", "ctrl+a"});
    xdotool({"type", "--delay", "40", "12"});
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    click("454", "577");  // Export (GIF, on-screen size 800 x 500)
    const fs::path gif = home / "loss-vs-probability-loss-gamma.gif";
    for (int i = 0; i < 300 && !fs::exists(gif); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    xdotool({"keydown", "ctrl+q"});
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    xdotool({"keyup", "ctrl+q"});
    const auto r = wait_child(child);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_TRUE(fs::exists(gif)) << "no animation written";
    std::ifstream in(gif, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_GT(bytes.size(), 13u);
    EXPECT_EQ(bytes.substr(0, 6), "GIF89a");
    EXPECT_EQ(std::uint8_t(bytes[6]) | std::uint8_t(bytes[7]) << 8, 800);
    EXPECT_EQ(std::uint8_t(bytes[8]) | std::uint8_t(bytes[9]) << 8, 500);
    // Frames: one image descriptor after each graphic control extension.
    size_t frames = 0;
    for (size_t at = bytes.find("\x21\xF9\x04"); at != std::string::npos;
         at = bytes.find("\x21\xF9\x04", at + 1))
        frames += bytes.size() > at + 8 && bytes[at + 8] == '\x2C';
    EXPECT_EQ(frames, 22u);
}

// Lessons in the real window under Xvfb: every shipped lesson's every step renders (not
// blank, caption box drawn) with exactly the parameters the step sets; keys walk through the
// steps with the transition arriving at the step's values; a malformed lesson is refused
// with the file, step and field, and the app goes on.
#include "gui_test_support.hpp"
#include "model/persist/lesson.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

using namespace losslab;
using namespace losslab::guitest;
namespace fs = std::filesystem;

namespace {

constexpr int kWidth = 1280, kHeight = 800;
// The caption box's fill in the light theme (lesson_panel.cpp).
constexpr std::uint32_t kCaptionFill = 0xEEF3FA;

fs::path lesson_dir() { return fs::path(LOSSLAB_REFERENCE_DIR) / ".." / ".." / "assets" / "lessons"; }

std::vector<fs::path> shipped_lessons() {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(lesson_dir()))
        if (e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

std::string png_text(const fs::path& png, const std::string& key) {
    auto decoded = exporting::read_png(png);
    EXPECT_TRUE(decoded.ok());
    if (!decoded.ok()) return {};
    for (const auto& t : decoded.value().texts)
        if (t.first == key) return t.second;
    return {};
}

// Pixels of the window that are not the background colour of the light theme's window.
int non_background(const exporting::Image& img) {
    return img.width * img.height - count_colour(img, {0, 0, img.width, img.height}, 0xFAFAFC, 3);
}

void hold_key(const std::string& key, int ms = 200) {
    xdotool({"keydown", key});
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    xdotool({"keyup", key});
}

} // namespace

TEST(Lessons, EveryShippedStepRendersWithExactlyTheParametersItSets) {
    TempDir dir;
    const auto files = shipped_lessons();
    ASSERT_GE(files.size(), 5u);
    for (const auto& file : files) {
        auto lesson = model::load_lesson(file);
        ASSERT_TRUE(lesson.ok()) << lesson.error().message;
        for (size_t i = 0; i < lesson.value().steps.size(); ++i) {
            SCOPED_TRACE(file.filename().string() + " step " + std::to_string(i + 1));
            const fs::path png = dir.path / "step.png";
            const auto r = run_losslab({"--lesson", file.string(), "--step", std::to_string(i + 1),
                                        "--size", "1280x800", "--frames", "4", "--screenshot",
                                        png.string()},
                                       dir.path);
            ASSERT_EQ(r.exit_code, 0) << r.err;
            EXPECT_EQ(r.err.find("lesson"), std::string::npos) << r.err;
            const auto img = load_png(png);
            ASSERT_EQ(img.width, kWidth);
            EXPECT_GT(non_background(img), kWidth * kHeight / 20) << "the window is nearly blank";
            EXPECT_GT(count_colour(img, {0, 0, kWidth, kHeight}, kCaptionFill, 2), 20000)
                << "no caption box";
            const auto expected = model::lesson_step_state(lesson.value(), i).value();
            std::string shown = png_text(png, "losslab:params");
            std::string wanted = model::state_assignments(expected);
            // A step's sweep is already moving its parameter: check that one for its range
            // and every other parameter exactly.
            if (const auto& sweep = lesson.value().steps[i].animate) {
                const auto cut = [&](std::string& text) {
                    const auto at = text.find(sweep->key + "=");
                    const auto end = text.find('\n', at);
                    const std::string value = text.substr(at + sweep->key.size() + 1,
                                                          end - at - sweep->key.size() - 1);
                    text.erase(at, end - at + 1);
                    return std::stod(value);
                };
                const double v = cut(shown);
                (void)cut(wanted);
                EXPECT_GE(v, std::min(sweep->from, sweep->to)) << sweep->key;
                EXPECT_LE(v, std::max(sweep->from, sweep->to)) << sweep->key;
            }
            EXPECT_EQ(shown, wanted);
        }
    }
}

TEST(Lessons, ArrowKeysWalkTheStepsAndTheTransitionArrivesExactly) {
    TempDir dir;
    const fs::path file = lesson_dir() / "03-focal-loss.json";
    const auto lesson = model::load_lesson(file).value();
    const fs::path png = dir.path / "walk.png";
    auto child = start_losslab({"--lesson", file.string(), "--size", "1280x800", "--frames",
                                "100000", "--screenshot", png.string()},
                               dir.path);
    xdotool({"search", "--sync", "--onlyvisible", "--name", "^LossLab$"});
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    // Step 1 -> 3 -> 4 (right, space, right) -> back to 3 (left): step 3 has no sweep, so the
    // state must settle on its values after the 0.6 s glide.
    for (const char* key : {"Right", "space", "Right", "Left"}) {
        hold_key(key);
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    hold_key("ctrl+q");
    const auto r = wait_child(child);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(png_text(png, "losslab:params"),
              model::state_assignments(model::lesson_step_state(lesson, 2).value()));
}

TEST(Lessons, AMalformedLessonIsRefusedNamingFileStepAndFieldAndTheAppGoesOn) {
    TempDir dir;
    const fs::path bad = dir.path / "bad.json";
    std::ofstream(bad) << R"({"title": "Broken", "steps": [{"lab": "focal", "caption": "ok"},
        {"lab": "focal", "set": {"focal.gamma": 42}}]})";
    const fs::path png = dir.path / "bad.png";
    const auto r = run_losslab({"--lesson", bad.string(), "--size", "1280x800", "--screenshot",
                                png.string()},
                               dir.path);
    ASSERT_EQ(r.exit_code, 0) << "the app must go on: " << r.err;
    EXPECT_NE(r.err.find("lesson '" + bad.string() + "', step 2, field 'set.focal.gamma': "
                         "focal.gamma requires 0 <= value <= 10, got 42"),
              std::string::npos)
        << r.err;
    const auto img = load_png(png);
    EXPECT_GT(non_background(img), kWidth * kHeight / 20) << "the window did not draw";
    EXPECT_LT(count_colour(img, {0, 0, kWidth, kHeight}, kCaptionFill, 2), 1000)
        << "a caption box is shown for a refused lesson";
}

namespace {

// The output of `command` (run by the shell), or "" when it fails.
std::string command_output(const std::string& command) {
    std::string out;
    FILE* p = popen(command.c_str(), "r");
    if (!p) return out;
    char buf[4096];
    size_t n = 0;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    return pclose(p) == 0 ? out : std::string();
}

// `text` with every run of white space turned into one space (pdftotext wraps lines).
std::string squeeze_spaces(const std::string& text) {
    std::string out;
    for (const char c : text) {
        const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r';
        if (space && (out.empty() || out.back() == ' ')) continue;
        out += space ? ' ' : c;
    }
    return out;
}

// The caption as the slide prints it: without the ** emphasis marks.
std::string caption_text(const std::string& caption) {
    std::string out;
    for (size_t i = 0; i < caption.size(); ++i) {
        if (caption.compare(i, 2, "**") == 0) {
            ++i;
            continue;
        }
        out += caption[i];
    }
    return squeeze_spaces(out);
}

} // namespace

TEST(Lessons, EveryShippedLessonExportsAPdfDeckWithEveryStepsTitleAndCaption) {
    TempDir dir;
    for (const auto& file : shipped_lessons()) {
        SCOPED_TRACE(file.filename().string());
        const auto lesson = model::load_lesson(file).value();
        const fs::path deck = dir.path / (file.stem().string() + ".pdf");
        const auto r = run_losslab({"export", "--lesson", file.string(), "--out", deck.string()},
                                   dir.path, {{"DISPLAY", std::nullopt}});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        const std::string info = command_output("pdfinfo '" + deck.string() + "'");
        // pdfinfo pads its field names: "Pages:           6".
        const size_t pages_at = info.find("Pages:");
        ASSERT_NE(pages_at, std::string::npos) << info;
        EXPECT_EQ(std::stoul(info.substr(pages_at + 6)), lesson.steps.size()) << info;
        EXPECT_NE(info.find("960 x 540 pts"), std::string::npos) << "not 16:9: " << info;
        const std::string text = squeeze_spaces(command_output("pdftotext -enc UTF-8 '" +
                                                               deck.string() + "' -"));
        ASSERT_FALSE(text.empty());
        EXPECT_NE(text.find(squeeze_spaces(lesson.title)), std::string::npos);
        for (size_t i = 0; i < lesson.steps.size(); ++i) {
            SCOPED_TRACE("step " + std::to_string(i + 1));
            EXPECT_NE(text.find(squeeze_spaces(lesson.steps[i].title)), std::string::npos);
            EXPECT_NE(text.find(caption_text(lesson.steps[i].caption)), std::string::npos)
                << caption_text(lesson.steps[i].caption);
        }
    }
}

TEST(Lessons, ExportToAFolderWritesOnePngSlidePerStepWithoutADisplay) {
    TempDir dir;
    const fs::path file = lesson_dir() / "03-focal-loss.json";
    const auto lesson = model::load_lesson(file).value();
    const fs::path out = dir.path / "slides";
    const auto r = run_losslab({"export", "--lesson", file.string(), "--out", out.string()},
                               dir.path, {{"DISPLAY", std::nullopt}});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (size_t i = 0; i < lesson.steps.size(); ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "step-%02zu.png", i + 1);
        const auto img = load_png(out / name);
        EXPECT_EQ(img.width, 1920) << name;
        EXPECT_EQ(img.height, 1080) << name;
        EXPECT_GT(img.width * img.height - count_colour(img, {0, 0, 1920, 1080}, 0xFFFFFF, 3),
                  40000)
            << name << " is blank";
    }
    EXPECT_FALSE(fs::exists(out / "step-07.png"));
    // Steps 1 and 2 differ in γ: their slides differ.
    EXPECT_GT(count_different(load_png(out / "step-01.png"), load_png(out / "step-02.png"),
                              {0, 0, 1920, 1080}),
              500);
}

TEST(Lessons, ExportOfAMalformedLessonIsRefusedWithFileStepAndField) {
    TempDir dir;
    const fs::path bad = dir.path / "bad.json";
    std::ofstream(bad) << R"({"title": "t", "steps": [{"lab": "loss"},
        {"lab": "focal", "figures": ["loss-vs-probability"]}]})";
    const fs::path deck = dir.path / "deck.pdf";
    const auto r = run_losslab({"export", "--lesson", bad.string(), "--out", deck.string()},
                               dir.path);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("step 2, field 'figures[0]'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("bad.json"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(deck));
}

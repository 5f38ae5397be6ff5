// Sessions through the real program: `losslab open FILE --print` for JSON and PNG files,
// refusals with exit 2, Ctrl+S through the in-app file dialog driven by xdotool, no silent
// replacement, the last session restored at start and a corrupt one moved aside; and the
// dropped-file path (platform::service_open_files) without a window.
#include "gui_test_support.hpp"

#include "model/params/param_registry.hpp"
#include "model/persist/recent_files.hpp"
#include "model/persist/session.hpp"
#include "platform/requests.hpp"
#include "ui/file_menu.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

using namespace losslab;
using namespace losslab::guitest;
namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

void sleep_ms(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

std::string wait_for_window() {
    return xdotool({"search", "--sync", "--onlyvisible", "--name", "^LossLab$"});
}

// Keys are held for a moment: ImGui 1.86 samples key state once per frame.
void hold(const std::string& keys) {
    xdotool({"keydown", keys});
    sleep_ms(200);
    xdotool({"keyup", keys});
    sleep_ms(300);
}

model::AppState sample_state() {
    auto s = model::default_app_state();
    s.lab = model::LabId::Focal;
    EXPECT_TRUE(model::apply_assignment(s, "loss.gamma=3.25").ok());
    EXPECT_TRUE(model::apply_assignment(s, "focal.alpha=0.1").ok());
    EXPECT_TRUE(model::apply_assignment(s, "loss.show_brier=true").ok());
    return s;
}

int files_containing(const fs::path& dir, const std::string& part) {
    int n = 0;
    for (const auto& e : fs::directory_iterator(dir)) n += has(e.path().filename().string(), part);
    return n;
}

exporting::Image tiny_image() {
    exporting::Image img;
    img.width = img.height = 4;
    img.rgba.assign(4 * 4 * 4, 200);
    return img;
}

} // namespace

TEST(Sessions, OpenPrintWritesTheSessionOfAJsonFile) {
    TempDir dir;
    const auto file = dir.path / "s.json";
    ASSERT_TRUE(model::save_session_file(file, sample_state()).ok());
    const auto r = run_losslab({"open", file.string(), "--print"}, dir.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, model::session_to_json(sample_state()));
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["lab"], "focal");
    EXPECT_EQ(j["params"]["loss.gamma"].get<double>(), 3.25);
}

TEST(Sessions, OpenPrintRestoresAFigurePngAndRefusesOtherPngs) {
    TempDir dir;
    const auto made = dir.path / "fig.png";
    const auto other = dir.path / "holiday.png";
    ASSERT_TRUE(exporting::write_png(made, tiny_image(),
                                     {{"Software", "LossLab"},
                                      {std::string(model::kSessionPngKey),
                                       model::session_to_json(sample_state())}})
                    .ok());
    ASSERT_TRUE(exporting::write_png(other, tiny_image(), {{"Software", "GIMP"}}).ok());
    const auto r = run_losslab({"open", made.string(), "--print"}, dir.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, model::session_to_json(sample_state()));
    const auto bad = run_losslab({"open", other.string(), "--print"}, dir.path);
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_TRUE(has(bad.err, other.string())) << bad.err;
    EXPECT_TRUE(has(bad.err, "was not made by LossLab")) << bad.err;
}

TEST(Sessions, OpenRefusesBadFilesWithPlaceAndReasonAndExit2) {
    TempDir dir;
    const auto syntax = dir.path / "syntax.json";
    std::ofstream(syntax) << "{\n  \"format\": \"losslab-session\"\n  \"version\": 1\n}\n";
    auto r = run_losslab({"open", syntax.string(), "--print"}, dir.path);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(has(r.err, syntax.string() + "' line 3, column 11")) << r.err;
    EXPECT_TRUE(r.out.empty());

    const auto range = dir.path / "range.json";
    std::ofstream(range) << R"({"format": "losslab-session", "version": 1, "params": {"loss.gamma": -1}})";
    r = run_losslab({"open", range.string(), "--print"}, dir.path);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(has(r.err, "loss.gamma requires 0 <= value <= 10, got -1")) << r.err;

    r = run_losslab({"open", (dir.path / "missing.json").string(), "--print"}, dir.path);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(has(r.err, "missing.json")) << r.err;
    EXPECT_TRUE(has(r.err, "No such file")) << r.err;
}

TEST(Sessions, CtrlSSavesThroughTheFileDialogAndNeverReplacesSilently) {
    TempDir dir;
    const fs::path home = dir.path / "home";
    fs::create_directories(home);
    const auto child = start_losslab({"--size", "1280x800", "--set", "loss.gamma=4.5"}, dir.path,
                                     {{"HOME", home.string()}});
    wait_for_window();
    sleep_ms(500);
    hold("ctrl+s");                      // no current file: Save opens the dialog in $HOME
    xdotool({"type", "--delay", "60", "lecture"});
    hold("Return");
    const auto saved = home / "lecture.json"; // the default extension was added
    ASSERT_TRUE(fs::exists(saved)) << "the dialog did not save";
    const auto loaded = model::load_session_file(saved);
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    EXPECT_EQ(loaded.value().state.loss.gamma, 4.5);

    // Save As onto the same name: the dialog asks; Escape answers no, and the file stays.
    std::ofstream(saved) << "precious";
    hold("ctrl+shift+s");
    hold("Return");
    hold("Escape");
    hold("Escape");
    EXPECT_EQ(read_text(saved), "precious");
    hold("ctrl+q");
    const auto r = wait_child(child);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(read_text(saved), "precious");
    // The saved file became a recent file.
    const auto recent = model::load_recent_files(dir.path / "losslab" / "recent.json");
    ASSERT_FALSE(recent.files.empty()) << recent.notice;
    EXPECT_EQ(recent.files.front(), saved);
}

TEST(Sessions, LastSessionIsRestoredAtStartAndSavedAtExit) {
    TempDir dir;
    const auto last = dir.path / "losslab" / "last-session.json";
    auto s = model::default_app_state();
    ASSERT_TRUE(model::apply_assignment(s, "loss.gamma=7.125").ok());
    s.lab = model::LabId::Calibration;
    ASSERT_TRUE(model::autosave_session(last, s).ok());
    const auto child = start_losslab({"--size", "1280x800"}, dir.path);
    wait_for_window();
    sleep_ms(500);
    fs::remove(last); // what is there after exit was written at exit
    hold("ctrl+q");
    const auto r = wait_child(child);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto back = model::load_session_file(last);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back.value().state, s);
}

TEST(Sessions, CorruptLastSessionIsMovedAsideAndScreenshotsLeaveItAlone) {
    TempDir dir;
    const auto cfg = dir.path / "losslab";
    fs::create_directories(cfg);
    std::ofstream(cfg / "last-session.json") << "{\"format\": \"losslab-session\", ";
    // A screenshot neither restores nor replaces the autosave.
    auto r = run_losslab({"--screenshot", (dir.path / "x.png").string(), "--size", "640x480"}, dir.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(read_text(cfg / "last-session.json"), "{\"format\": \"losslab-session\", ");

    const auto child = start_losslab({"--size", "1280x800"}, dir.path);
    wait_for_window();
    sleep_ms(500);
    hold("ctrl+q");
    r = wait_child(child);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(has(r.err, "the last session could not be restored")) << r.err;
    EXPECT_EQ(files_containing(cfg, "last-session.json.corrupt-"), 1);
    EXPECT_TRUE(model::load_session_file(cfg / "last-session.json").ok()) << "no autosave at exit";
}

TEST(Sessions, DroppedFilesReplaceTheStateOrLeaveItUntouchedWithANotice) {
    TempDir dir;
    ::setenv("XDG_CONFIG_HOME", dir.path.c_str(), 1);
    ::setenv("XDG_STATE_HOME", dir.path.c_str(), 1);
    const auto good = dir.path / "good.json";
    const auto foreign = dir.path / "package.json";
    ASSERT_TRUE(model::save_session_file(good, sample_state()).ok());
    std::ofstream(foreign) << R"({"name": "left-pad", "version": "1.3.0"})";

    model::AppState state = model::default_app_state();
    ui::UiContext ui;
    ui.requests.open_files = {foreign.string()};
    platform::service_open_files(state, ui);
    EXPECT_EQ(state, model::default_app_state());
    ASSERT_EQ(ui.notices.size(), 1u);
    EXPECT_TRUE(has(ui.notices[0], "package.json' is not a LossLab session")) << ui.notices[0];

    ui.requests.open_files = {good.string()};
    platform::service_open_files(state, ui);
    EXPECT_EQ(state, sample_state());
    EXPECT_EQ(ui.notices.size(), 1u);
    EXPECT_EQ(ui::session_files(ui).current, good);
    EXPECT_FALSE(ui::session_modified(state, ui));
    const auto recent = model::load_recent_files(model::recent_files_path()).files;
    ASSERT_FALSE(recent.empty());
    EXPECT_EQ(recent.front(), good);
    ::unsetenv("XDG_CONFIG_HOME");
    ::unsetenv("XDG_STATE_HOME");
}

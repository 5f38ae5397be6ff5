// Hostile files and flags through the real program (issue 20): state files that once crashed
// the app at every start are kept aside and the app starts; a failed open keeps the unsaved
// state; command-line mistakes get one bounded message naming the flag, then one line to
// --help; exports record their figure's own lab.
#include "gui_test_support.hpp"
#include "model/params/param_registry.hpp"
#include "model/persist/session.hpp"
#include "platform/requests.hpp"
#include "ui/file_menu.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>

using namespace losslab;
using namespace losslab::guitest;
namespace fs = std::filesystem;

namespace {

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

int files_containing(const fs::path& dir, const std::string& part) {
    int n = 0;
    for (const auto& e : fs::directory_iterator(dir)) n += has(e.path().filename().string(), part);
    return n;
}

int count(const std::string& text, const std::string& part) {
    int n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

std::string deep_array(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

void sleep_ms(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

void hold(const std::string& keys) {
    xdotool({"keydown", keys});
    sleep_ms(200);
    xdotool({"keyup", keys});
    sleep_ms(300);
}

} // namespace

TEST(HostileFiles, CorruptStateFilesAreKeptAsideAndTheAppStarts) {
    TempDir dir;
    const auto cfg = dir.path / "losslab";
    fs::create_directories(cfg);
    const std::string big = R"({"format": "losslab-session", "version": 1, "params": {"loss.gamma": 1e309}})";
    std::ofstream(cfg / "last-session.json") << big;
    std::ofstream(cfg / "settings.json") << deep_array(100000);
    std::ofstream(cfg / "recent.json") << "{\"files\": [1e309]}";

    const auto child = start_losslab({"--size", "1280x800"}, dir.path);
    const auto window = xdotool({"search", "--sync", "--onlyvisible", "--name", "^LossLab$"});
    sleep_ms(500);
    // Opening the File menu reads the recent files list.
    xdotool({"mousemove", "--window", window, "20", "10", "click", "1"});
    sleep_ms(500);
    hold("Escape");
    hold("ctrl+q");
    const auto r = wait_child(child);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(has(r.err, "number out of range at line 1")) << r.err;
    EXPECT_TRUE(has(r.err, "nesting requires at most 64")) << r.err;
    EXPECT_LT(r.err.size(), 2000u) << r.err;
    EXPECT_EQ(files_containing(cfg, "last-session.json.corrupt-"), 1);
    EXPECT_EQ(files_containing(cfg, "settings.json.corrupt-"), 1);
    EXPECT_EQ(files_containing(cfg, "recent.json.corrupt-"), 1);
    // Saved afresh at exit.
    EXPECT_TRUE(model::load_session_file(cfg / "last-session.json").ok());
}

TEST(HostileFiles, FailedOpenKeepsTheUnsavedState) {
    TempDir dir;
    ::setenv("XDG_CONFIG_HOME", dir.path.c_str(), 1);
    const auto big = dir.path / "big.json";
    const auto deep = dir.path / "deep.json";
    const auto fifo = dir.path / "pipe.json";
    std::ofstream(big) << R"({"format": "losslab-session", "version": 1, "params": {"loss.gamma": 1e309}})";
    std::ofstream(deep) << deep_array(100000);
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);

    model::AppState state = model::default_app_state();
    ASSERT_TRUE(model::apply_assignment(state, "loss.gamma=3.25").ok());
    const model::AppState unsaved = state;
    ui::UiContext ui;
    ui.requests.open_files = {big.string(), deep.string(), dir.path.string(), fifo.string()};
    platform::service_open_files(state, ui);
    EXPECT_EQ(state, unsaved);
    ASSERT_EQ(ui.notices.size(), 4u);
    EXPECT_TRUE(has(ui.notices[0], "number out of range at line 1")) << ui.notices[0];
    EXPECT_TRUE(has(ui.notices[1], "nesting requires at most 64")) << ui.notices[1];
    EXPECT_TRUE(has(ui.notices[2], "is a folder, not a file")) << ui.notices[2];
    EXPECT_TRUE(has(ui.notices[3], "is not a regular file")) << ui.notices[3];
    ::unsetenv("XDG_CONFIG_HOME");
}

TEST(HostileFiles, OpenRefusesFoldersAndPipesWithExit2WithoutBlocking) {
    TempDir dir;
    auto r = run_losslab({"open", dir.path.string(), "--print"}, dir.path);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(has(r.err, "is a folder, not a file")) << r.err;
    EXPECT_FALSE(has(r.err, "JSON")) << r.err;
    const auto fifo = dir.path / "pipe.json";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    const auto child = start_losslab({"open", fifo.string(), "--print"}, dir.path);
    r = wait_child(child, 20.0);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(has(r.err, "is not a regular file")) << r.err;
}

TEST(HostileFiles, UsageErrorsNameTheFlagAndPointToHelpInOneLine) {
    TempDir dir;
    auto r = run_losslab({"curve", "ce", "--from", "0", "--to", "inf"}, dir.path);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(has(r.err, "--to requires a finite number, got inf")) << r.err;
    r = run_losslab({"curve", "ce", "--from", "0", "--to", "2"}, dir.path);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(has(r.err, "losslab: --to: ")) << r.err;

    r = run_losslab({"--size", "4294967616x600", "--screenshot", (dir.path / "x.png").string()},
                    dir.path);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(has(r.err, "--size requires")) << r.err;
    EXPECT_FALSE(fs::exists(dir.path / "x.png"));
    r = run_losslab({"export", "--figure", "focal-family", "--size", "99999999999x600", "-o",
                     (dir.path / "y.svg").string()},
                    dir.path);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(has(r.err, "--size requires")) << r.err;

    r = run_losslab({"--no-such-flag"}, dir.path);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(count(r.err, "\n"), 2) << r.err;
    EXPECT_TRUE(has(r.err, "Run 'losslab --help' for the options.")) << r.err;
    r = run_losslab({"curve", "--n", "x"}, dir.path);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(has(r.err, "Run 'losslab curve --help'")) << r.err;
    EXPECT_LT(r.err.size(), 400u) << r.err;

    // A long bad value is quoted shortened.
    r = run_losslab({"--set", "loss.gamma=" + std::string(5000, '9') + "x", "--screenshot",
                     (dir.path / "z.png").string()},
                    dir.path);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_LT(r.err.size(), 400u) << r.err.size();
    EXPECT_TRUE(has(r.err, "…")) << r.err;
}

TEST(HostileFiles, ExportedFigureRecordsItsOwnLab) {
    TempDir dir;
    const auto png = dir.path / "f.png";
    auto r = run_losslab({"export", "--figure", "focal-figure-1", "--size", "640x400", "-o",
                          png.string()},
                         dir.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = run_losslab({"open", png.string(), "--print"}, dir.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(has(r.out, "\"lab\": \"focal\"")) << r.out;
}

TEST(HostileFiles, NoHomeMeansNoSettingsWrittenSaidOnce) {
    TempDir dir;
    const auto child = start_losslab({"--size", "1280x800"}, dir.path,
                                     {{"HOME", std::nullopt}, {"XDG_CONFIG_HOME", std::nullopt}});
    xdotool({"search", "--sync", "--onlyvisible", "--name", "^LossLab$"});
    sleep_ms(500);
    hold("ctrl+q");
    const auto r = wait_child(child);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(count(r.err, "neither HOME nor XDG_CONFIG_HOME is set"), 1) << r.err;
    EXPECT_FALSE(fs::exists(fs::current_path() / ".config" / "losslab" / "settings.json"));
}

// A save that fails at exit (the config folder cannot be created: a file has its name) keeps
// the window open with the reason in it; closing again quits with exit status 1, not 0.
TEST(HostileFiles, FailedSaveAtExitKeepsTheWindowOpenThenExitsOne) {
    TempDir dir;
    std::ofstream(dir.path / "losslab") << "a file where the config folder should be";
    const auto child = start_losslab({"--size", "1280x800"}, dir.path);
    xdotool({"search", "--sync", "--onlyvisible", "--name", "^LossLab$"});
    sleep_ms(500);
    hold("ctrl+q");
    sleep_ms(3000);
    int status = 0;
    const pid_t done = ::waitpid(child.pid, &status, WNOHANG);
    EXPECT_EQ(done, 0) << "the window closed although nothing was saved";
    if (done == 0) hold("ctrl+q");
    const auto r = done == 0 ? wait_child(child) : RunResult{};
    if (done != 0) return;
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_TRUE(has(r.err, "settings not saved")) << r.err;
    EXPECT_TRUE(has(r.err, "last session not saved")) << r.err;
    EXPECT_EQ(count(r.err, "settings not saved"), 1) << "saved once, not again at the second close";
}

// `losslab norm-stats --input` once aborted on a folder (ios_failure) and printed 839 MB of
// "nan" rows with exit 0 for a zero extent: each hostile file is refused with exit 2, a short
// message naming it, and no rows.
TEST(HostileFiles, NormStatsRefusesFoldersDevicesAndZeroExtentsWithExit2) {
    TempDir dir;
    const auto folder = dir.path / "folder.npy";
    fs::create_directories(folder);
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 50000000), }";
    header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
    header += '\n';
    std::string zero = "\x93NUMPY";
    zero += char(1);
    zero += char(0);
    zero += char(header.size());
    zero += char(0);
    std::ofstream(dir.path / "zero.npy", std::ios::binary) << zero + header;
    for (const auto& [path, reason] :
         std::vector<std::pair<std::string, std::string>>{{folder.string(), "a folder"},
                                                          {"/dev/zero", "regular"},
                                                          {(dir.path / "zero.npy").string(),
                                                           "(0, 50000000)"}}) {
        const auto r = run_losslab({"norm-stats", "--method", "bn", "--input", path}, dir.path);
        EXPECT_EQ(r.exit_code, 2) << path << ": " << r.err;
        EXPECT_TRUE(has(r.err, reason)) << r.err;
        EXPECT_TRUE(has(r.err, fs::path(path).filename().string())) << r.err;
        EXPECT_LT(r.err.size(), 500u) << r.err;
        EXPECT_TRUE(r.out.empty()) << r.out.substr(0, 200);
    }
}

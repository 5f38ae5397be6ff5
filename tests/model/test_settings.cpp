#include "model/io/file_io.hpp"
#include "model/persist/settings.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <unistd.h>

using namespace losslab::model;
using namespace losslab::plot;
namespace fs = std::filesystem;

namespace {
struct Dir {
    fs::path path;
    Dir() {
        std::string t = (fs::temp_directory_path() / "losslab-model-XXXXXX").string();
        path = ::mkdtemp(t.data());
    }
    ~Dir() { fs::remove_all(path); }
};
std::string read(const fs::path& p) {
    std::ifstream in(p);
    return {std::istreambuf_iterator<char>(in), {}};
}
} // namespace

TEST(Settings, SaveThenLoadRoundTrips) {
    Dir d;
    Settings s;
    s.window_width = 1500;
    s.window_height = 900;
    s.theme = Theme::Dark;
    ASSERT_TRUE(save_settings(d.path / "sub" / "settings.json", s).ok());
    const auto loaded = load_settings(d.path / "sub" / "settings.json");
    EXPECT_EQ(loaded.settings, s);
    EXPECT_TRUE(loaded.notice.empty());
}

TEST(Settings, MissingFileGivesDefaultsSilently) {
    Dir d;
    const auto loaded = load_settings(d.path / "none.json");
    EXPECT_EQ(loaded.settings, Settings{});
    EXPECT_TRUE(loaded.notice.empty());
}

TEST(Settings, OutOfRangeValueIsCorruptAndKeptAside) {
    Dir d;
    const auto file = d.path / "settings.json";
    std::ofstream(file) << R"({"window_width": 5, "theme": "dark"})";
    const auto loaded = load_settings(file);
    EXPECT_EQ(loaded.settings, Settings{});
    EXPECT_NE(loaded.notice.find("window_width requires a whole number from 320 to 16384, got 5"),
              std::string::npos)
        << loaded.notice;
    EXPECT_FALSE(fs::exists(file));
    int aside = 0;
    for (const auto& e : fs::directory_iterator(d.path)) aside += e.path().string().find(".corrupt-") != std::string::npos;
    EXPECT_EQ(aside, 1);
}

TEST(FileIo, AtomicWriteReplacesContentAndLeavesNoTemporary) {
    Dir d;
    const auto file = d.path / "out.txt";
    ASSERT_TRUE(write_file_atomic(file, "first").ok());
    ASSERT_TRUE(write_file_atomic(file, "second").ok());
    EXPECT_EQ(read(file), "second");
    EXPECT_EQ(std::distance(fs::directory_iterator(d.path), fs::directory_iterator{}), 1);
}

TEST(FileIo, FailedWriteKeepsWhatWasThereAndLeavesNoTemporary) {
    // The target is a folder holding a file: the final rename must fail (even for root), and
    // neither the folder nor its content may suffer.
    Dir d;
    const auto target = d.path / "figure.png";
    fs::create_directories(target);
    std::ofstream(target / "inside.txt") << "precious";
    const auto r = write_file_atomic(target, "new bytes");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find(target.string()), std::string::npos) << r.error().message;
    EXPECT_EQ(read(target / "inside.txt"), "precious");
    EXPECT_EQ(std::distance(fs::directory_iterator(d.path), fs::directory_iterator{}), 1)
        << "the temporary file must be removed";
}

TEST(FileIo, MissingFolderIsReported) {
    const auto r = write_file_atomic("/nonexistent-losslab-dir/x.txt", "x");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("/nonexistent-losslab-dir/x.txt"), std::string::npos);
    EXPECT_NE(r.error().message.find("No such file"), std::string::npos);
}

TEST(FileIo, ConfigDirFollowsXdg) {
    ::setenv("XDG_CONFIG_HOME", "/tmp/xdg-test", 1);
    EXPECT_EQ(config_dir(), fs::path("/tmp/xdg-test/losslab"));
    ::setenv("XDG_CONFIG_HOME", "relative/not/allowed", 1);
    ::setenv("HOME", "/home/someone", 1);
    EXPECT_EQ(config_dir(), fs::path("/home/someone/.config/losslab"));
}

// Where the session state lives: $XDG_STATE_HOME/losslab (default ~/.local/state/losslab),
// moved there once from the settings folder older versions used.
#include "model/io/file_io.hpp"
#include "model/persist/recent_files.hpp"
#include "model/persist/session.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <unistd.h>

using namespace losslab::model;
namespace fs = std::filesystem;

namespace {
struct Dir {
    fs::path path;
    Dir() {
        std::string t = (fs::temp_directory_path() / "losslab-state-XXXXXX").string();
        path = ::mkdtemp(t.data());
    }
    ~Dir() { fs::remove_all(path); }
};
std::string read(const fs::path& p) {
    std::ifstream in(p);
    return {std::istreambuf_iterator<char>(in), {}};
}
// Sets the XDG folders to d/config and d/state for the test's lifetime.
struct XdgHomes {
    explicit XdgHomes(const Dir& d) {
        ::setenv("XDG_CONFIG_HOME", (d.path / "config").c_str(), 1);
        ::setenv("XDG_STATE_HOME", (d.path / "state").c_str(), 1);
    }
    ~XdgHomes() {
        ::unsetenv("XDG_CONFIG_HOME");
        ::unsetenv("XDG_STATE_HOME");
    }
};
} // namespace

TEST(StatePaths, StateLivesInXdgStateHome) {
    Dir d;
    XdgHomes homes(d);
    EXPECT_EQ(state_dir(), d.path / "state" / "losslab");
    EXPECT_EQ(last_session_path(), d.path / "state" / "losslab" / "last-session.json");
    EXPECT_EQ(recent_files_path(), d.path / "state" / "losslab" / "recent.json");
}

TEST(StatePaths, DefaultIsLocalStateUnderHome) {
    ::unsetenv("XDG_STATE_HOME");
    const char* old_home = std::getenv("HOME");
    const std::string saved = old_home ? old_home : "";
    ::setenv("HOME", "/home/someone", 1);
    EXPECT_EQ(state_dir(), fs::path("/home/someone/.local/state/losslab"));
    ::setenv("HOME", saved.c_str(), 1);
}

TEST(StatePaths, OldFilesAreMovedOnceFromTheSettingsFolder) {
    Dir d;
    XdgHomes homes(d);
    fs::create_directories(d.path / "config" / "losslab");
    std::ofstream(d.path / "config" / "losslab" / "last-session.json") << "old session";
    std::ofstream(d.path / "config" / "losslab" / "recent.json") << "old recent";

    const fs::path session = last_session_path();
    EXPECT_EQ(read(session), "old session");
    EXPECT_FALSE(fs::exists(d.path / "config" / "losslab" / "last-session.json"));
    const fs::path recent = recent_files_path();
    EXPECT_EQ(read(recent), "old recent");
    EXPECT_FALSE(fs::exists(d.path / "config" / "losslab" / "recent.json"));

    // Once only: a file that appears in the old place later does not replace the new one.
    std::ofstream(d.path / "config" / "losslab" / "last-session.json") << "stale";
    EXPECT_EQ(read(last_session_path()), "old session");
    EXPECT_EQ(read(d.path / "config" / "losslab" / "last-session.json"), "stale");
}

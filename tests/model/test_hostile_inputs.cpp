// Hostile files: every input that once crashed LossLab (issue 20) is refused with a bounded,
// precise message, the app's state files are kept aside, and nothing throws.

#include "model/labs/figure_catalogue.hpp"
#include "model/io/file_io.hpp"
#include "model/persist/json_reader.hpp"
#include "model/persist/lesson.hpp"
#include "model/params/param_registry.hpp"
#include "model/persist/recent_files.hpp"
#include "plot/sampling.hpp"
#include "model/persist/session.hpp"
#include "model/persist/settings.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <csignal>
#include <ctime>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace losslab::model;
using namespace losslab::plot;
namespace fs = std::filesystem;

namespace {

struct Dir {
    fs::path path;
    Dir() {
        std::string t = (fs::temp_directory_path() / "losslab-hostile-XXXXXX").string();
        path = ::mkdtemp(t.data());
    }
    ~Dir() { fs::remove_all(path); }
};

void write(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
}

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// Files in `dir` whose name starts with `prefix`.
std::vector<fs::path> files_starting(const fs::path& dir, const std::string& prefix) {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().rfind(prefix, 0) == 0) out.push_back(e.path());
    return out;
}

std::string deep_array(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

const std::string kBigNumberSession =
    "{\"format\": \"losslab-session\", \"version\": 1,\n \"params\": {\"loss.gamma\": 1e309}}";

// A minimal PNG carrying `text` in a "losslab:session" tEXt chunk (the reader ignores CRCs).
std::string png_with_session(const std::string& text) {
    std::string b("\x89PNG\r\n\x1a\n", 8);
    const std::string data = std::string("losslab:session") + '\0' + text;
    const auto n = uint32_t(data.size());
    b += char(n >> 24);
    b += char(n >> 16);
    b += char(n >> 8);
    b += char(n);
    b += "tEXt" + data + std::string(4, '\0');
    b += std::string(3, '\0') + '\0' + "IEND" + std::string(4, '\0');
    return b;
}

} // namespace

TEST(JsonReader, NumberBeyondDoubleRangeIsOutOfRangeWithItsPlace) {
    auto r = parse_json("{\n  \"a\": [1,\n   -1e309]}", "test 'x'");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "test 'x': number out of range at line 3, column 4 (a number "
                                 "requires magnitude at most 1.8e308, got -1e309)");
}

TEST(JsonReader, NestingIsLimitedTo64AndTheMessageIsShort) {
    EXPECT_TRUE(parse_json(deep_array(64), "t").ok());
    auto r = parse_json(deep_array(65), "t");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message,
              "t line 1, column 65: nesting requires at most 64 levels of arrays and objects, "
              "got 65");
    auto deep = parse_json(deep_array(100000), "t");
    ASSERT_FALSE(deep.ok());
    EXPECT_EQ(deep.error().message,
              "t line 1, column 65: nesting requires at most 64 levels of arrays and objects, "
              "got 100000");
}

TEST(JsonReader, DepthMessageGivesThePlaceTheLimitWasPassedAndTheDeepestNesting) {
    // Objects and arrays mixed over several lines; brackets inside strings (escaped quotes
    // too) do not count; the deepest branch (70) comes after the one that first passes 64.
    const std::string text = "{\"a\": \"[[[{{\\\"[[\",\n \"b\": " + deep_array(66) +
                             ",\n \"c\": [{\"k\": " + deep_array(67) + "}]}";
    auto r = parse_json(text, "t");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message,
              "t line 2, column 70: nesting requires at most 64 levels of arrays and objects, "
              "got 70");
}

TEST(JsonReader, SyntaxErrorsHaveLineColumnAndAShortExcerpt) {
    const std::string huge = "{\"a\": \"" + std::string(1 << 20, 'x');
    auto r = parse_json(huge, "t");
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(has(r.error().message, "t line 1, column ")) << r.error().message;
    EXPECT_LT(r.error().message.size(), 300u) << r.error().message.size();
    auto s = parse_json("{\n\n  \"a\": tru }", "t");
    ASSERT_FALSE(s.ok());
    EXPECT_TRUE(has(s.error().message, "t line 3, column ")) << s.error().message;
}

TEST(JsonReader, ShortenCutsAtCharactersAndMarksTheCut) {
    EXPECT_EQ(shorten("abc", 5), "abc");
    EXPECT_EQ(shorten("abcdef", 3), "abc…");
    EXPECT_EQ(shorten("γγγγ", 2), "γγ…");
    EXPECT_EQ(short_dump(nlohmann::json(std::string(1000, 'a'))).size(), 60u + 3u);
}

TEST(JsonReader, SizeLimitIsCheckedBeforeParsing) {
    auto r = parse_json(std::string(100, ' '), "t", {50, 64});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "t is 100 bytes; the limit is 50 bytes");
}

TEST(JsonReader, FoldersPipesAndDevicesAreRefusedWithoutBlocking) {
    Dir d;
    auto folder = read_regular_file(d.path, 1000);
    ASSERT_FALSE(folder.ok());
    EXPECT_EQ(folder.error().message, "'" + d.path.string() + "' is a folder, not a file");
    const fs::path fifo = d.path / "pipe.json";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    auto pipe = read_regular_file(fifo, 1000); // would block forever without O_NONBLOCK
    ASSERT_FALSE(pipe.ok());
    EXPECT_TRUE(has(pipe.error().message, "is not a regular file")) << pipe.error().message;
    auto zero = read_regular_file("/dev/zero", 1000);
    ASSERT_FALSE(zero.ok());
    EXPECT_TRUE(has(zero.error().message, "is not a regular file"));
    auto session = load_session_file(d.path);
    ASSERT_FALSE(session.ok());
    EXPECT_TRUE(has(session.error().message, "is a folder")) << session.error().message;
}

TEST(HostileSession, BigNumberAndDeepNestingAreRefusedNotThrown) {
    auto big = session_from_json(kBigNumberSession, "s.json");
    ASSERT_FALSE(big.ok());
    EXPECT_TRUE(has(big.error().message, "session 's.json': number out of range at line 2"))
        << big.error().message;
    auto deep = session_from_json(deep_array(100000), "d.json");
    ASSERT_FALSE(deep.ok());
    EXPECT_TRUE(has(deep.error().message, "nesting requires at most 64"));
    // A long bad value is quoted shortened.
    auto long_value = session_from_json(
        R"({"format": "losslab-session", "version": 1, "lab": ")" + std::string(5000, 'z') +
            "\"}",
        "l.json");
    ASSERT_FALSE(long_value.ok());
    EXPECT_LT(long_value.error().message.size(), 300u);
}

TEST(HostileSession, PngEmbeddedBigNumberIsRefused) {
    Dir d;
    write(d.path / "fig.png", png_with_session(kBigNumberSession));
    auto r = load_session_file(d.path / "fig.png");
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(has(r.error().message, "number out of range at line 2")) << r.error().message;
}

TEST(HostileSession, CorruptLastSessionIsKeptAsideAndDefaultsUsed) {
    for (const std::string& text : {kBigNumberSession, deep_array(100000)}) {
        Dir d;
        const fs::path last = d.path / "last-session.json";
        write(last, text);
        const auto restored = restore_last_session(last);
        EXPECT_FALSE(restored.state.has_value());
        EXPECT_TRUE(has(restored.notice, "starting from defaults")) << restored.notice;
        EXPECT_LT(restored.notice.size(), 600u);
        EXPECT_FALSE(fs::exists(last));
        const auto aside = files_starting(d.path, "last-session.json.corrupt-");
        ASSERT_EQ(aside.size(), 1u);
        EXPECT_EQ(read(aside.front()), text);
    }
}

TEST(HostileSettings, BigNumberAndDeepNestingGiveDefaultsAndAreKeptAside) {
    for (const std::string& text :
         {std::string("{\"window_width\": 1e309}"), deep_array(100000)}) {
        Dir d;
        const fs::path path = d.path / "settings.json";
        write(path, text);
        const auto loaded = load_settings(path);
        EXPECT_EQ(loaded.settings, Settings{});
        EXPECT_TRUE(has(loaded.notice, "using defaults")) << loaded.notice;
        EXPECT_LT(loaded.notice.size(), 600u);
        const auto aside = files_starting(d.path, "settings.json.corrupt-");
        ASSERT_EQ(aside.size(), 1u);
        EXPECT_EQ(read(aside.front()), text);
    }
}

TEST(HostileSettings, NewerVersionIsKeptAsideWholeNotRewritten) {
    Dir d;
    const fs::path path = d.path / "settings.json";
    const std::string newer = R"({"format": "losslab-settings", "version": 7, "future": 1})";
    write(path, newer);
    const auto loaded = load_settings(path);
    EXPECT_EQ(loaded.settings, Settings{});
    EXPECT_TRUE(has(loaded.notice, "newer LossLab (version 7)")) << loaded.notice;
    const auto aside = files_starting(d.path, "settings.json.newer-");
    ASSERT_EQ(aside.size(), 1u);
    EXPECT_EQ(read(aside.front()), newer);
}

TEST(HostileRecentFiles, DeepNestingAndNewerVersionAreKeptAside) {
    Dir d;
    const fs::path path = d.path / "recent.json";
    write(path, deep_array(100000));
    auto loaded = load_recent_files(path);
    EXPECT_TRUE(loaded.files.empty());
    EXPECT_TRUE(has(loaded.notice, "nesting requires at most 64")) << loaded.notice;
    EXPECT_EQ(files_starting(d.path, "recent.json.corrupt-").size(), 1u);
    write(path, R"({"format": "losslab-recent", "version": 2, "files": ["/a"]})");
    loaded = load_recent_files(path);
    EXPECT_TRUE(has(loaded.notice, "newer LossLab")) << loaded.notice;
    EXPECT_EQ(files_starting(d.path, "recent.json.newer-").size(), 1u);
}

TEST(HostileLesson, BigNumberDeepNestingAndSyntaxErrorsHaveAPlace) {
    auto big = parse_lesson("{\"title\": \"t\",\n \"steps\": [{\"lab\": \"loss\", \"set\": "
                            "{\"loss.gamma\": 1e400}}]}",
                            "big.json");
    ASSERT_FALSE(big.ok());
    EXPECT_TRUE(has(big.error().message, "lesson 'big.json': number out of range at line 2"))
        << big.error().message;
    auto deep = parse_lesson(deep_array(100000), "deep.json");
    ASSERT_FALSE(deep.ok());
    EXPECT_TRUE(has(deep.error().message, "nesting requires at most 64"));
}

TEST(HostileLesson, ErrorsDoNotNameCommandLineFlags) {
    auto r = parse_lesson(R"({"title": "t", "steps": [{"lab": "loss", "set": {"nope.x": 1}}]})",
                          "k.json");
    ASSERT_FALSE(r.ok());
    EXPECT_FALSE(has(r.error().message, "--set")) << r.error().message;
    EXPECT_TRUE(has(r.error().message, "step 1, field 'set.nope.x'")) << r.error().message;
}

namespace {

// A lesson of `steps` steps, each setting the focal lab's gamma.
std::string long_lesson(int steps) {
    std::string text = "{\"title\": \"long\", \"steps\": [";
    for (int i = 0; i < steps; ++i)
        text += fmt::format("{}{{\"lab\": \"focal\", \"set\": {{\"focal.gamma\": {}}}}}",
                            i ? "," : "", (i % 50) / 10.0);
    return text + "]}";
}

// Seconds parse_lesson takes on `text`, the fastest of `runs` (load on the machine only adds).
double parse_seconds(const std::string& text, int runs) {
    double best = INFINITY;
    for (int run = 0; run < runs; ++run) {
        const auto start = std::chrono::steady_clock::now();
        auto r = parse_lesson(text, "long.json");
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                                            start)
                                  .count());
        EXPECT_TRUE(r.ok()) << r.error().message;
    }
    return best;
}

} // namespace

// Re-applying every earlier step at each step (quadratic) took 45 s for 10,000 steps. Linear
// parsing of 4 times the steps takes about 6 times as long here (the cost per step grows until
// the lesson outgrows the caches, then stays), quadratic over 16 times: the ratio tells them
// apart in any build (sanitizers slow both) and on a loaded machine (the fastest of runs).
TEST(HostileLesson, LongLessonsParseInLinearTime) {
    const std::string short_text = long_lesson(1000), long_text = long_lesson(4000);
    auto r = parse_lesson(short_text, "long.json");
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r.value().steps.size(), 1000u);
    auto slides = lesson_slides(r.value(), "long.json");
    ASSERT_TRUE(slides.ok());
    EXPECT_EQ(slides.value().size(), 1000u);
    const double t_short = parse_seconds(short_text, 3), t_long = parse_seconds(long_text, 2);
    EXPECT_LT(t_long, 10.0 * t_short) << "1000 steps: " << t_short << " s, 4000 steps: "
                                      << t_long << " s";
}

TEST(HostileLesson, ChooserSkipsBadFilesWithANotice) {
    Dir d;
    const fs::path dir = d.path / "losslab" / "lessons";
    fs::create_directories(dir);
    write(dir / "aa-deep.json", deep_array(100000));
    write(dir / "ab-big.json", "{\"title\": 1e309}");
    write(dir / "ac-good.json", R"({"title": "Good one", "steps": [{"lab": "loss"}]})");
    ASSERT_EQ(::setenv("XDG_DATA_HOME", d.path.c_str(), 1), 0);
    std::vector<std::string> notices;
    const auto found = find_lessons(&notices);
    ::unsetenv("XDG_DATA_HOME");
    bool good = false;
    for (const auto& f : found) {
        EXPECT_NE(f.path.filename(), "aa-deep.json");
        EXPECT_NE(f.path.filename(), "ab-big.json");
        good |= f.title == "Good one";
    }
    EXPECT_TRUE(good);
    ASSERT_EQ(notices.size(), 2u);
    EXPECT_TRUE(has(notices[0], "aa-deep.json")) << notices[0];
    EXPECT_TRUE(has(notices[1], "number out of range")) << notices[1];
}

// Every figure of every lab, in every choice of its lab's choice and toggle parameters: the
// exact-value readout outside the curve's domain gives no value and never throws (zooming out
// of the smoothing lab's p in [0, 1] used to abort with bad_variant_access).
TEST(HoverReadout, OutsideEveryFiguresDomainGivesNoValueAndNeverThrows) {
    // The defaults for every figure, then each value of each choice and toggle for the figures
    // of that parameter's lab.
    std::vector<std::pair<AppState, std::optional<LabId>>> states{{default_app_state(), {}}};
    for (const auto& p : param_registry()) {
        if (p.spec->kind != ParamKind::Choice && p.spec->kind != ParamKind::Toggle) continue;
        const size_t n = p.spec->kind == ParamKind::Toggle ? 2 : p.spec->choices.size();
        for (size_t v = 0; v < n; ++v) {
            AppState s = default_app_state();
            if (set_param(s, p, double(v)).ok()) states.push_back({s, p.lab});
        }
    }
    int checked = 0;
    for (const auto& [state, lab] : states)
        for (const auto& info : figure_catalogue()) {
            if (lab && info.lab != *lab) continue;
            const Figure fig = info.build(state);
            for (const auto& s : fig.series) {
                if (!s.exact) continue;
                ASSERT_LE(s.exact_min, s.exact_max) << info.name << " " << s.name;
                const double span = std::isfinite(s.exact_max - s.exact_min)
                                        ? std::max(1.0, s.exact_max - s.exact_min)
                                        : 1.0;
                for (double x : {s.exact_min - span, s.exact_max + span, s.exact_min - 1e6 * span,
                                 s.exact_max + 1e6 * span, std::nan("")}) {
                    if (std::isinf(s.exact_min) && x < 0) continue;
                    if (std::isinf(s.exact_max) && x > 0) continue;
                    std::optional<double> v;
                    EXPECT_NO_THROW(v = exact_value_at(s, x)) << info.name << " " << s.name;
                    EXPECT_FALSE(v.has_value()) << info.name << " " << s.name << " at " << x;
                    ++checked;
                }
                for (double x : {s.exact_min, s.exact_max,
                                 std::isfinite(s.exact_min + s.exact_max)
                                     ? (s.exact_min + s.exact_max) / 2
                                     : 0.0})
                    EXPECT_NO_THROW((void)exact_value_at(s, x)) << info.name << " " << s.name;
            }
        }
    EXPECT_GT(checked, 100);
}

TEST(LeftBehind, StaleTempsOfOurNamingAreRemovedByTheNextWrite) {
    Dir d;
    const fs::path old_temp = d.path / ".fig.png.tmp-AbC123";
    const fs::path fresh_temp = d.path / ".fig.png.tmp-XyZ789";
    const fs::path not_ours = d.path / ".fig.png.tmp-toolongname";
    const fs::path other = d.path / "notes.tmp-AbC123";
    for (const auto& p : {old_temp, fresh_temp, not_ours, other}) write(p, "partial");
    // Two hours old.
    const timespec two_hours_ago{std::time(nullptr) - 7200, 0};
    const timespec times[2] = {two_hours_ago, two_hours_ago};
    for (const auto& p : {old_temp, not_ours, other})
        ASSERT_EQ(::utimensat(AT_FDCWD, p.c_str(), times, 0), 0);
    ASSERT_TRUE(write_file_atomic(d.path / "fig.png", "new").ok());
    EXPECT_FALSE(fs::exists(old_temp));
    EXPECT_TRUE(fs::exists(fresh_temp)) << "a temporary being written now is left alone";
    EXPECT_TRUE(fs::exists(not_ours));
    EXPECT_TRUE(fs::exists(other));
    EXPECT_EQ(read(d.path / "fig.png"), "new");
}

TEST(LeftBehind, SigtermDuringAWriteRemovesTheTemporary) {
    Dir d;
    int tested = 0;
    for (int sig : {SIGTERM, SIGINT}) {
        const pid_t child = ::fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            // One write of 256 MB takes long enough for the parent to see the temporary and
            // signal it.
            const std::string bytes(size_t(256) << 20, 'x');
            (void)write_file_atomic(d.path / "big.bin", bytes);
            ::_exit(0);
        }
        bool seen = false;
        for (int i = 0; i < 20000 && !seen; ++i) {
            for (const auto& e : fs::directory_iterator(d.path))
                seen |= e.path().filename().string().rfind(".big.bin.tmp-", 0) == 0;
            if (!seen) ::usleep(100);
        }
        ::kill(child, sig);
        int status = 0;
        ::waitpid(child, &status, 0);
        if (!seen || !WIFSIGNALED(status)) {
            // The write finished before the signal: nothing to check this time.
            fs::remove(d.path / "big.bin");
            continue;
        }
        ++tested;
        EXPECT_EQ(WTERMSIG(status), sig);
        EXPECT_EQ(files_starting(d.path, ".big.bin.tmp-").size(), 0u) << "signal " << sig;
        EXPECT_FALSE(fs::exists(d.path / "big.bin"));
    }
    EXPECT_GE(tested, 1) << "no signal arrived during a write";
}

#include "model/io/file_io.hpp"
#include "model/labs/labs.hpp"
#include "model/params/param_registry.hpp"
#include "model/persist/recent_files.hpp"
#include "model/persist/session.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <unistd.h>

using namespace losslab::model;
namespace fs = std::filesystem;

namespace {
struct Dir {
    fs::path path;
    Dir() {
        std::string t = (fs::temp_directory_path() / "losslab-session-XXXXXX").string();
        path = ::mkdtemp(t.data());
    }
    ~Dir() {
        std::error_code ec;
        fs::permissions(path, fs::perms::owner_all, ec);
        fs::remove_all(path, ec);
    }
};

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// Every parameter away from its default: reals at an awkward fraction of their range (not a
// short decimal), integers and choices at their maximum, toggles flipped; the focal lab shown.
AppState unusual_state() {
    AppState s = default_app_state();
    s.lab = LabId::Focal;
    for (const auto& p : param_registry()) {
        const auto& spec = *p.spec;
        double v = 0.0;
        switch (spec.kind) {
        case ParamKind::Toggle: v = spec.def != 0.0 ? 0.0 : 1.0; break;
        case ParamKind::Choice: v = double(spec.choices.size() - 1); break;
        case ParamKind::Integer: v = spec.max; break;
        case ParamKind::Real: v = spec.min + (spec.max - spec.min) * 0.31830988618379067; break;
        }
        EXPECT_TRUE(set_param(s, p, v).ok()) << p.key();
    }
    return s;
}

int files_containing(const fs::path& dir, const std::string& part) {
    int n = 0;
    for (const auto& e : fs::directory_iterator(dir)) n += has(e.path().filename().string(), part);
    return n;
}

// A minimal PNG (signature, one text chunk, IEND) with zero CRCs: the session reader walks
// chunks and does not decode pixels, so this is enough to exercise it without libpng.
std::string png_with_chunk(const std::string& type, const std::string& data) {
    std::string b("\x89PNG\r\n\x1a\n", 8);
    auto chunk = [&](const std::string& t, const std::string& d) {
        const auto n = std::uint32_t(d.size());
        for (int s = 24; s >= 0; s -= 8) b.push_back(char((n >> s) & 0xff));
        b += t + d + std::string(4, '\0');
    };
    chunk(type, data);
    chunk("IEND", "");
    return b;
}
} // namespace

TEST(Session, NonDefaultStateRoundTripsExactly) {
    const AppState s = unusual_state();
    ASSERT_NE(s, default_app_state());
    const auto loaded = session_from_json(session_to_json(s), "mem");
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    EXPECT_TRUE(loaded.value().warnings.empty());
    EXPECT_EQ(loaded.value().state, s);
    for (const auto& p : param_registry())
        EXPECT_EQ(get_param(loaded.value().state, p), get_param(s, p)) << p.key();
    // Deterministic: writing the restored state gives the same text.
    EXPECT_EQ(session_to_json(loaded.value().state), session_to_json(s));
}

TEST(Session, JsonHoldsEveryRegisteredKeyWithFormatParamValues) {
    const AppState s = unusual_state();
    const auto j = nlohmann::json::parse(session_to_json(s));
    EXPECT_EQ(j["format"], "losslab-session");
    EXPECT_EQ(j["version"], 1);
    EXPECT_EQ(j["lab"], "focal");
    ASSERT_EQ(j["params"].size(), param_registry().size());
    for (const auto& p : param_registry()) {
        ASSERT_TRUE(j["params"].contains(p.key())) << p.key();
        const auto& v = j["params"][p.key()];
        const double x = get_param(s, p);
        switch (p.spec->kind) {
        case ParamKind::Toggle: EXPECT_EQ(v.get<bool>(), x != 0.0) << p.key(); break;
        case ParamKind::Choice: EXPECT_EQ(v.get<std::string>(), format_param(*p.spec, x)); break;
        default:
            EXPECT_TRUE(v.is_number()) << p.key();
            EXPECT_EQ(v.get<double>(), x) << p.key();
        }
    }
}

TEST(Session, WholeNumbersAreWrittenAsSetWritesThem) {
    AppState s = default_app_state();
    ASSERT_TRUE(apply_assignment(s, "loss.gamma=2").ok());
    const auto text = session_to_json(s);
    EXPECT_TRUE(has(text, "\"loss.gamma\": 2,")) << text;
    EXPECT_TRUE(has(text, "\"loss.x_axis\": \"" + format_param(*find_param("loss.x_axis")->spec, 0) + "\""));
    EXPECT_TRUE(has(text, "\"loss.show_ce\": true"));
}

TEST(Session, AbsentKeysTakeTheirDefaults) {
    const auto loaded = session_from_json(
        R"({"format": "losslab-session", "version": 1, "params": {"loss.gamma": 4.5}})", "s.json");
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    AppState expected = default_app_state();
    expected.loss.gamma = 4.5;
    EXPECT_EQ(loaded.value().state, expected);
}

TEST(Session, MalformedJsonNamesFileLineAndColumn) {
    const auto loaded =
        session_from_json("{\n  \"format\": \"losslab-session\",\n  \"version\": 1,,\n}", "bad.json");
    ASSERT_FALSE(loaded.ok());
    const auto& m = loaded.error().message;
    EXPECT_TRUE(has(m, "'bad.json'")) << m;
    EXPECT_TRUE(has(m, "line 3, column 16")) << m;
    EXPECT_TRUE(has(m, "not valid JSON")) << m;
}

TEST(Session, ForeignFormatAndNewerVersionAreRefused) {
    auto a = session_from_json(R"({"format": "losslab-settings", "version": 1})", "x.json");
    ASSERT_FALSE(a.ok());
    EXPECT_TRUE(has(a.error().message, "'x.json' is not a LossLab session")) << a.error().message;
    EXPECT_TRUE(has(a.error().message, "\"losslab-settings\"")) << a.error().message;
    auto b = session_from_json(R"({"name": "package.json"})", "y.json");
    ASSERT_FALSE(b.ok());
    EXPECT_TRUE(has(b.error().message, "no \"format\" key")) << b.error().message;
    auto c = session_from_json("[1, 2]", "z.json");
    ASSERT_FALSE(c.ok());
    EXPECT_TRUE(has(c.error().message, "got a JSON array")) << c.error().message;
    auto d = session_from_json(R"({"format": "losslab-session", "version": 2})", "new.json");
    ASSERT_FALSE(d.ok());
    EXPECT_TRUE(has(d.error().message, "newer LossLab (session version 2")) << d.error().message;
}

TEST(Session, UnknownKeysAreWarningsNotErrors) {
    const auto loaded = session_from_json(
        R"({"format": "losslab-session", "version": 1, "comment": "hi",
            "params": {"loss.gamma": 3, "loss.no_such_key": 7}})",
        "w.json");
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    EXPECT_EQ(loaded.value().state.loss.gamma, 3.0);
    ASSERT_EQ(loaded.value().warnings.size(), 2u);
    EXPECT_TRUE(has(loaded.value().warnings[0], "\"comment\"")) << loaded.value().warnings[0];
    EXPECT_TRUE(has(loaded.value().warnings[1], "'w.json'")) << loaded.value().warnings[1];
    EXPECT_TRUE(has(loaded.value().warnings[1], "loss.no_such_key")) << loaded.value().warnings[1];
}

TEST(Session, OutOfRangeValueIsRefusedNotClampedAndStateIsUntouched) {
    Dir d;
    const auto file = d.path / "range.json";
    std::ofstream(file) << R"({"format": "losslab-session", "version": 1, "lab": "focal",
                              "params": {"loss.alpha": 0.5, "loss.gamma": 12.5}})";
    const AppState before = unusual_state();
    AppState current = before;
    const auto loaded = load_session_file(file);
    ASSERT_FALSE(loaded.ok());
    const auto& m = loaded.error().message;
    EXPECT_TRUE(has(m, file.string())) << m;
    EXPECT_TRUE(has(m, "params.\"loss.gamma\"")) << m;
    EXPECT_TRUE(has(m, "0 <= value <= 10")) << m;
    EXPECT_TRUE(has(m, "12.5")) << m;
    if (loaded.ok()) current = loaded.value().state;
    EXPECT_EQ(current, before);
}

TEST(Session, WrongTypesAndUnknownLabAreErrors) {
    auto a = session_from_json(
        R"({"format": "losslab-session", "version": 1, "params": {"loss.show_ce": 1}})", "t.json");
    ASSERT_FALSE(a.ok());
    EXPECT_TRUE(has(a.error().message, "loss.show_ce requires true or false, got 1")) << a.error().message;
    auto b = session_from_json(
        R"({"format": "losslab-session", "version": 1, "params": {"loss.x_axis": "sideways"}})", "t.json");
    ASSERT_FALSE(b.ok());
    EXPECT_TRUE(has(b.error().message, "loss.x_axis requires one of")) << b.error().message;
    auto c = session_from_json(
        R"({"format": "losslab-session", "version": 1, "params": {"loss.K": 2.5}})", "t.json");
    ASSERT_FALSE(c.ok());
    EXPECT_TRUE(has(c.error().message, "a whole number")) << c.error().message;
    auto e = session_from_json(R"({"format": "losslab-session", "version": 1, "lab": "nope"})", "t.json");
    ASSERT_FALSE(e.ok());
    EXPECT_TRUE(has(e.error().message, "lab requires one of loss, focal")) << e.error().message;
}

TEST(Session, PngChunkIsReadAndPngWithoutItIsRefused) {
    Dir d;
    AppState s = default_app_state();
    s.lab = LabId::Smoothing;
    s.loss.gamma = 0.7;
    const std::string itxt = std::string(kSessionPngKey) + std::string("\0\0\0\0\0", 5) + session_to_json(s);
    std::ofstream(d.path / "fig.png", std::ios::binary) << png_with_chunk("iTXt", itxt);
    const auto loaded = load_session_file(d.path / "fig.png");
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    EXPECT_EQ(loaded.value().state, s);

    std::ofstream(d.path / "other.png", std::ios::binary)
        << png_with_chunk("tEXt", std::string("Software\0GIMP", 13));
    const auto refused = load_session_file(d.path / "other.png");
    ASSERT_FALSE(refused.ok());
    EXPECT_TRUE(has(refused.error().message, "was not made by LossLab")) << refused.error().message;
    EXPECT_TRUE(has(refused.error().message, "other.png")) << refused.error().message;

    std::ofstream(d.path / "empty.png") << "";
    const auto empty = load_session_file(d.path / "empty.png");
    ASSERT_FALSE(empty.ok());
    EXPECT_TRUE(has(empty.error().message, "empty.png' is not a PNG file")) << empty.error().message;
}

TEST(Session, SaveIsAtomicAndUnwritableFolderIsAClearError) {
    Dir d;
    const auto file = d.path / "s.json";
    ASSERT_TRUE(save_session_file(file, unusual_state()).ok());
    EXPECT_EQ(load_session_file(file).value().state, unusual_state());
    EXPECT_EQ(files_containing(d.path, ".tmp-"), 0);
    // A folder that cannot exist (its parent is a file) fails for every user, root included.
    std::ofstream(d.path / "plain") << "x";
    const auto not_dir = save_session_file(d.path / "plain" / "s.json", default_app_state());
    ASSERT_FALSE(not_dir.ok());
    EXPECT_TRUE(has(not_dir.error().message, "plain/s.json")) << not_dir.error().message;
    EXPECT_TRUE(has(not_dir.error().message, "Not a directory")) << not_dir.error().message;
    if (::geteuid() == 0) return; // root ignores folder permissions
    fs::create_directory(d.path / "ro");
    fs::permissions(d.path / "ro", fs::perms::owner_read | fs::perms::owner_exec);
    const auto failed = save_session_file(d.path / "ro" / "s.json", default_app_state());
    ASSERT_FALSE(failed.ok());
    EXPECT_TRUE(has(failed.error().message, "ro/s.json")) << failed.error().message;
    EXPECT_TRUE(has(failed.error().message, "Permission denied")) << failed.error().message;
}

TEST(Session, AutosaveRestoresAndCorruptAutosaveIsMovedAside) {
    Dir d;
    const auto file = d.path / "cfg" / "last-session.json";
    EXPECT_FALSE(restore_last_session(file).state.has_value());
    EXPECT_TRUE(restore_last_session(file).notice.empty());
    ASSERT_TRUE(autosave_session(file, unusual_state()).ok());
    const auto restored = restore_last_session(file);
    ASSERT_TRUE(restored.state.has_value()) << restored.notice;
    EXPECT_EQ(*restored.state, unusual_state());

    std::ofstream(file) << "{\"format\": \"losslab-session\", \"version\": 1, \"params\": {";
    const auto corrupt = restore_last_session(file);
    EXPECT_FALSE(corrupt.state.has_value());
    EXPECT_TRUE(has(corrupt.notice, "could not be restored")) << corrupt.notice;
    EXPECT_TRUE(has(corrupt.notice, ".corrupt-")) << corrupt.notice;
    EXPECT_FALSE(fs::exists(file));
    EXPECT_EQ(files_containing(file.parent_path(), "last-session.json.corrupt-"), 1);
}

TEST(RecentFiles, NewestFirstWithoutDuplicatesAtMostEight) {
    std::vector<fs::path> list;
    for (int i = 0; i < 10; ++i) list = add_recent_file(list, "/tmp/s" + std::to_string(i) + ".json");
    list = add_recent_file(list, "/tmp/s5.json");
    ASSERT_EQ(list.size(), kMaxRecentFiles);
    EXPECT_EQ(list[0], fs::path("/tmp/s5.json"));
    EXPECT_EQ(list[1], fs::path("/tmp/s9.json"));
    EXPECT_EQ(std::count(list.begin(), list.end(), fs::path("/tmp/s5.json")), 1);
    EXPECT_EQ(std::find(list.begin(), list.end(), fs::path("/tmp/s1.json")), list.end());
    EXPECT_TRUE(add_recent_file({}, "rel.json")[0].is_absolute());
}

TEST(RecentFiles, SavedListReadsBackAndCorruptListIsMovedAside) {
    Dir d;
    const auto file = d.path / "recent.json";
    EXPECT_TRUE(load_recent_files(file).files.empty());
    const std::vector<fs::path> list{"/a/one.json", "/b/two.png"};
    ASSERT_TRUE(save_recent_files(file, list).ok());
    const auto loaded = load_recent_files(file);
    EXPECT_EQ(loaded.files, list);
    EXPECT_TRUE(loaded.notice.empty());
    std::ofstream(file) << R"({"files": [1, 2]})";
    const auto bad = load_recent_files(file);
    EXPECT_TRUE(bad.files.empty());
    EXPECT_TRUE(has(bad.notice, "unusable")) << bad.notice;
    EXPECT_EQ(files_containing(d.path, "recent.json.corrupt-"), 1);
}

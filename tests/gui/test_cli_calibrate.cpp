// `losslab calibrate` run as the real binary (no display needed for text, JSON and SVG): its
// JSON equals the reference metrics of the trained-MLP fixture, --probs refuses temperature
// scaling with a message, bad input exits 2 and unreadable files 1 with the file and field
// named, --plot writes an SVG, and at N = 1,000,000 the peak RSS stays within 1.3x the input.

#include "gui_test_support.hpp"
#include "model/io/npy_array.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fcntl.h>
#include <fstream>
#include <random>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

extern char** environ;

namespace losslab::guitest {
namespace {

namespace fs = std::filesystem;
const fs::path kRef = fs::path(LOSSLAB_REFERENCE_DIR);

nlohmann::json expected() {
    std::ifstream in(kRef / "calibration_metrics" / "expected.json");
    return nlohmann::json::parse(in);
}

bool close(double a, double b, double rel) {
    return std::fabs(a - b) <= rel * std::max(1.0, std::fabs(b));
}

TEST(CliCalibrate, JsonOfTheTrainedModelFixtureEqualsTheReference) {
    TempDir dir;
    const auto r = run_losslab({"calibrate", "--logits", (kRef / "model_outputs/logits.npy").string(),
                                "--labels", (kRef / "model_outputs/labels.npy").string(),
                                "--format", "json"},
                               dir.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    const auto e = expected()["sets"]["model_outputs"];
    for (const char* key : {"n", "k", "accuracy", "mean_confidence", "nll", "brier", "ece", "mce",
                            "rmsce", "classwise_ece"}) {
        EXPECT_PRED3(close, j[key].get<double>(), e["metrics"][key].get<double>(), 1e-12) << key;
        if (key[0] != 'n' && key[0] != 'k') { // "after" holds the metrics only
            EXPECT_PRED3(close, j["after"][key].get<double>(), e["after"][key].get<double>(),
                         1e-8)
                << key;
        }
    }
    EXPECT_PRED3(close, j["temperature"].get<double>(), e["temperature"].get<double>(), 1e-10);
    EXPECT_LT(j["after"]["nll"].get<double>(), j["nll"].get<double>());
}

TEST(CliCalibrate, TextReportAndSvgPlot) {
    TempDir dir;
    const auto svg = dir.path / "rel.svg";
    const auto r = run_losslab({"calibrate", "--npz",
                                (kRef / "calibration_metrics/overconfident_f32.deflated.npz").string(),
                                "--bins", "10", "--plot", svg.string()},
                               dir.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const char* s : {"N            600", "K            7", "temperature  1.6399732", "ECE",
                          "class-wise ECE", "Brier score"})
        EXPECT_NE(r.out.find(s), std::string::npos) << s << "\n" << r.out;
    std::ifstream in(svg);
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    EXPECT_NE(text.find("<svg"), std::string::npos);
    EXPECT_NE(text.find("Reliability"), std::string::npos);
}

TEST(CliCalibrate, ProbabilitiesRefuseTemperatureScalingWithAMessage) {
    TempDir dir;
    const auto set = kRef / "calibration_metrics";
    const auto r = run_losslab({"calibrate", "--logits", (set / "ties_probs.scores.npy").string(),
                                "--labels", (set / "ties_probs.labels.npy").string(), "--probs",
                                "--bins", "5", "--format", "json"},
                               dir.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_TRUE(j["temperature"].is_null());
    EXPECT_TRUE(j["after"].is_null());
    EXPECT_NE(r.err.find("temperature scaling requires logits"), std::string::npos) << r.err;
    const auto e = expected()["sets"]["ties_probs"]["runs"][0]["metrics"];
    EXPECT_PRED3(close, j["ece"].get<double>(), e["ece"].get<double>(), 1e-12);
}

TEST(CliCalibrate, BadInputExitsTwoAndUnreadableFilesOne) {
    TempDir dir;
    const auto set = kRef / "calibration_metrics";
    const auto csv = dir.path / "bad.csv";
    std::ofstream(csv) << "label,a,b\n0,1,2\n1,2,oops\n";
    auto r = run_losslab({"calibrate", "--csv", csv.string()}, dir.path);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("line 3 column 3 (b)"), std::string::npos) << r.err;
    // Labels of another set: a length mismatch.
    r = run_losslab({"calibrate", "--logits", (set / "single.scores.npy").string(), "--labels",
                     (set / "two_columns.labels.npy").string()},
                    dir.path);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("two_columns.labels.npy"), std::string::npos) << r.err;
    r = run_losslab({"calibrate", "--logits", (dir.path / "none.npy").string(), "--labels",
                     (set / "single.labels.npy").string()},
                    dir.path);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("none.npy"), std::string::npos) << r.err;
    r = run_losslab({"calibrate", "--npz", (set / "single.csv").string()}, dir.path);
    EXPECT_EQ(r.exit_code, 2);
    r = run_losslab({"calibrate", "--csv", (set / "single.csv").string(), "--binning", "quantile"},
                    dir.path);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("width or mass"), std::string::npos) << r.err;
    r = run_losslab({"calibrate"}, dir.path);
    EXPECT_EQ(r.exit_code, 2);
}

// --temperature T scores at the given T (no fit): `after` at T, the text column headed
// "T = 2.5"; T not finite and > 0, probabilities and a top-label table are refused (exit 2).
TEST(CliCalibrate, TemperatureOptionScoresAtTheGivenT) {
    TempDir dir;
    const std::string logits = (kRef / "model_outputs/logits.npy").string();
    const std::string labels = (kRef / "model_outputs/labels.npy").string();
    auto r = run_losslab({"calibrate", "--logits", logits, "--labels", labels, "--format", "json",
                          "--temperature", "2.9252651326734083"},
                         dir.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    const auto e = expected()["sets"]["model_outputs"];
    EXPECT_FALSE(j["temperature_fitted"].get<bool>());
    // At the reference T*, the reference metrics after scaling.
    for (const char* key :
         {"accuracy", "mean_confidence", "nll", "brier", "ece", "mce", "rmsce", "classwise_ece"})
        EXPECT_PRED3(close, j["after"][key].get<double>(), e["after"][key].get<double>(), 1e-9)
            << key;
    r = run_losslab({"calibrate", "--logits", logits, "--labels", labels, "--temperature", "2.5"},
                    dir.path);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("T = 2.5"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("given with --temperature"), std::string::npos) << r.out;
    for (const char* bad : {"0", "-1", "nan", "inf"}) {
        r = run_losslab({"calibrate", "--logits", logits, "--labels", labels, "--temperature", bad},
                        dir.path);
        EXPECT_EQ(r.exit_code, 2) << bad;
        EXPECT_NE(r.err.find("--temperature"), std::string::npos) << r.err;
    }
    const fs::path set = kRef / "calibration_metrics";
    r = run_losslab({"calibrate", "--logits", (set / "ties_probs.scores.npy").string(), "--labels",
                     (set / "ties_probs.labels.npy").string(), "--probs", "--temperature", "2"},
                    dir.path);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("ties_probs.scores.npy"), std::string::npos) << r.err;
    r = run_losslab({"calibrate", "--csv", (set / "top_label.csv").string(), "--temperature", "2"},
                    dir.path);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("every class's logit"), std::string::npos) << r.err;
}

// `losslab params` lists the path keys with the lab's other keys (they are --set and session
// keys too).
TEST(CliCalibrate, ParamsListsTheOutputsPathKeys) {
    TempDir dir;
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"params"}, std::vector<std::string>{"params", "calibration"}}) {
        const auto r = run_losslab(args, dir.path);
        ASSERT_EQ(r.exit_code, 0) << r.err;
        for (const char* key : {"calibration.logits_path", "calibration.labels_path"}) {
            const auto at = r.out.find(key);
            ASSERT_NE(at, std::string::npos) << key;
            const std::string line = r.out.substr(at, r.out.find('\n', at) - at);
            EXPECT_NE(line.find("file path"), std::string::npos) << line;
        }
    }
}

// Peak RSS in bytes of `args` run to completion (wait4 gives this child's own figure).
long peak_rss_bytes(const std::vector<std::string>& args, int& exit_code) {
    std::vector<char*> argv;
    std::string bin = LOSSLAB_BINARY;
    argv.push_back(bin.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    if (posix_spawn(&pid, bin.c_str(), &fa, nullptr, argv.data(), environ) != 0) return -1;
    posix_spawn_file_actions_destroy(&fa);
    int status = 0;
    rusage ru{};
    wait4(pid, &status, 0, &ru);
    exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return ru.ru_maxrss * 1024L;
}

TEST(CliCalibrate, MillionRowsStayWithinOnePointThreeTimesTheInput) {
    TempDir dir;
    constexpr std::size_t n = 1'000'000, k = 10;
    std::vector<float> z(n * k);
    std::vector<std::int64_t> y(n);
    std::mt19937 rng(5);
    std::normal_distribution<float> normal(0.0f, 2.0f);
    for (auto& v : z) v = normal(rng);
    for (std::size_t i = 0; i < n; ++i) y[i] = std::int64_t(rng() % k);
    const auto logits = dir.path / "big.npy", labels = dir.path / "big_labels.npy";
    const std::size_t zs[2] = {n, k}, ys[1] = {n};
    {
        const std::string a = model::encode_npy_array(
            model::NpyDtype::Float32, zs, std::as_bytes(std::span<const float>(z)));
        std::ofstream(logits, std::ios::binary).write(a.data(), std::streamsize(a.size()));
        const std::string b = model::encode_npy_array(
            model::NpyDtype::Int64, ys, std::as_bytes(std::span<const std::int64_t>(y)));
        std::ofstream(labels, std::ios::binary).write(b.data(), std::streamsize(b.size()));
    }
    z = {};
    y = {};
    const double input = double(fs::file_size(logits) + fs::file_size(labels));
    // The program's own footprint (libraries, a tiny input) is not part of the budget.
    int code = -1;
    const long base = peak_rss_bytes(
        {"calibrate", "--csv", (kRef / "calibration_metrics/single.csv").string()}, code);
    ASSERT_EQ(code, 0);
    const long peak = peak_rss_bytes(
        {"calibrate", "--logits", logits.string(), "--labels", labels.string()}, code);
    ASSERT_EQ(code, 0);
    EXPECT_LT(double(peak - base), 1.3 * input)
        << "peak " << peak / 1e6 << " MB, base " << base / 1e6 << " MB, input " << input / 1e6
        << " MB";
}

} // namespace
} // namespace losslab::guitest

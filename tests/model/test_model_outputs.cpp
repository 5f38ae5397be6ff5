// load_model_outputs + compute_calibration against tests/reference/calibration_metrics/
// (gen_calibration_metrics.py): the same set read from .npy (mapped), .npz (stored and
// deflated) and CSV gives the reference metrics; the top-label CSV; the trained-MLP fixture;
// and every refusal names the file and the field.

#include "model/tensors/model_outputs.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace losslab::model {
namespace {

namespace fs = std::filesystem;
const fs::path kDir = fs::path(LOSSLAB_REFERENCE_DIR) / "calibration_metrics";

nlohmann::json expected() {
    std::ifstream in(kDir / "expected.json");
    return nlohmann::json::parse(in);
}

bool close(double a, double b, double rel = 1e-12) {
    return std::fabs(a - b) <= rel * std::max(1.0, std::fabs(b));
}

void expect_top(const ClassifierMetrics& m, const nlohmann::json& w, double rel = 1e-12) {
    EXPECT_EQ(m.n, w["n"].get<std::size_t>());
    EXPECT_PRED3(close, m.accuracy, w["accuracy"].get<double>(), rel);
    EXPECT_PRED3(close, m.mean_confidence, w["mean_confidence"].get<double>(), rel);
    EXPECT_PRED3(close, m.ece, w["ece"].get<double>(), rel);
    EXPECT_PRED3(close, m.mce, w["mce"].get<double>(), rel);
    EXPECT_PRED3(close, m.rmsce, w["rmsce"].get<double>(), rel);
    ASSERT_EQ(m.bins.size(), w["bins"].size());
    for (std::size_t b = 0; b < m.bins.size(); ++b)
        EXPECT_EQ(m.bins[b].count, w["bins"][b]["count"].get<std::size_t>()) << b;
}

void expect_all(const ClassifierMetrics& m, const nlohmann::json& w, double rel = 1e-12) {
    expect_top(m, w, rel);
    EXPECT_EQ(m.k, w["k"].get<std::size_t>());
    EXPECT_PRED3(close, m.nll, w["nll"].get<double>(), rel);
    EXPECT_PRED3(close, m.brier, w["brier"].get<double>(), rel);
    EXPECT_PRED3(close, m.classwise_ece, w["classwise_ece"].get<double>(), rel);
}

ModelOutputs load(const ModelOutputsSource& s) {
    auto r = load_model_outputs(s);
    if (auto* f = std::get_if<LoadFailure>(&r)) ADD_FAILURE() << f->message;
    return std::get<ModelOutputs>(std::move(r));
}

LoadFailure refuse(const ModelOutputsSource& s) {
    auto r = load_model_outputs(s);
    EXPECT_TRUE(std::holds_alternative<LoadFailure>(r));
    if (auto* f = std::get_if<LoadFailure>(&r)) return *f;
    return {};
}

TEST(ModelOutputs, NpyNpzAndCsvOfEverySetGiveTheReferenceMetricsAndTemperature) {
    const auto e = expected();
    int checked = 0;
    for (const auto& [name, entry] : e["sets"].items()) {
        if (!entry.contains("kind")) continue;
        SCOPED_TRACE(name);
        const bool probs = entry["kind"] == "probs";
        std::vector<ModelOutputsSource> sources = {
            {kDir / (name + ".scores.npy"), kDir / (name + ".labels.npy"), {}, {}, probs},
            {{}, {}, {}, kDir / (name + ".csv"), probs}};
        if (fs::exists(kDir / (name + ".npz"))) {
            sources.push_back({{}, {}, kDir / (name + ".npz"), {}, probs});
            sources.push_back({{}, {}, kDir / (name + ".deflated.npz"), {}, probs});
        }
        for (const auto& src : sources) {
            const ModelOutputs o = load(src);
            ASSERT_EQ(o.size(), entry["runs"][0]["metrics"]["n"].get<std::size_t>());
            EXPECT_EQ(o.columns, entry["columns"].get<std::size_t>());
            const auto& run = entry["runs"][0];
            CalibrationRequest req;
            req.num_bins = run["num_bins"].get<int>();
            auto r = compute_calibration(o, req);
            ASSERT_TRUE(r.ok()) << r.error().message;
            expect_all(r.value().before, run["metrics"]);
            if (entry.contains("temperature")) {
                ASSERT_TRUE(r.value().fit) << r.value().fit_error;
                EXPECT_PRED3(close, r.value().fit->temperature,
                             entry["temperature"].get<double>(), 1e-10);
                ASSERT_TRUE(r.value().after);
                expect_all(*r.value().after, entry["after"], 1e-8);
                EXPECT_LE(r.value().after->nll, r.value().before.nll);
            } else {
                EXPECT_FALSE(r.value().fit);
                EXPECT_NE(r.value().fit_error.find("requires logits"), std::string::npos);
            }
            ++checked;
        }
    }
    EXPECT_GE(checked, 16);
}

TEST(ModelOutputs, TopLabelCsvGivesTheTopLabelMetricsAndNoTemperature) {
    const auto e = expected()["sets"]["top_label"];
    const ModelOutputs o = load({{}, {}, {}, kDir / "top_label.csv", false});
    EXPECT_TRUE(o.top_label_only());
    for (const auto& run : e["runs"]) {
        CalibrationRequest req;
        req.num_bins = run["num_bins"].get<int>();
        req.binning = run["binning"] == "mass" ? CalibrationBinning::EqualMass
                                               : CalibrationBinning::EqualWidth;
        auto r = compute_calibration(o, req);
        ASSERT_TRUE(r.ok()) << r.error().message;
        expect_top(r.value().before, run["metrics"]);
        EXPECT_TRUE(std::isnan(r.value().before.nll));
        EXPECT_FALSE(r.value().fit);
    }
}

TEST(ModelOutputs, TrainedMlpFixtureIsOverconfidentAndMatchesTheReference) {
    const auto e = expected()["sets"]["model_outputs"];
    const fs::path dir = fs::path(LOSSLAB_REFERENCE_DIR) / "model_outputs";
    const ModelOutputs o = load({dir / "logits.npy", dir / "labels.npy", {}, {}, false});
    auto r = compute_calibration(o);
    ASSERT_TRUE(r.ok());
    expect_all(r.value().before, e["metrics"]);
    EXPECT_GT(r.value().before.mean_confidence, r.value().before.accuracy + 0.02);
    ASSERT_TRUE(r.value().fit);
    EXPECT_PRED3(close, r.value().fit->temperature, e["temperature"].get<double>(), 1e-10);
    EXPECT_PRED3(close, r.value().fit->temperature, e["temperature_minimize_scalar"].get<double>(),
                 1e-8);
    EXPECT_GT(r.value().fit->temperature, 1.5);
    EXPECT_LT(r.value().after->ece, r.value().before.ece);
}

struct TempDir {
    fs::path path;
    TempDir() {
        char t[] = "/tmp/losslab-outputs-XXXXXX";
        path = mkdtemp(t);
    }
    ~TempDir() { fs::remove_all(path); }
};

void write(const fs::path& p, const std::string& bytes) {
    std::ofstream(p, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
}

template <class T>
std::string npy(NpyDtype d, std::vector<std::size_t> shape, const std::vector<T>& v) {
    return encode_npy_array(d, shape, std::as_bytes(std::span<const T>(v)));
}

TEST(ModelOutputs, RefusalsNameTheFileTheFieldAndWhatWasExpected) {
    TempDir dir;
    const auto logits = dir.path / "l.npy", labels = dir.path / "y.npy";
    write(logits, npy<float>(NpyDtype::Float32, {2, 3}, {1, 2, 3, 3, 2, 1}));
    write(labels, npy<std::int64_t>(NpyDtype::Int64, {2}, {0, 2}));
    ASSERT_EQ(load({logits, labels, {}, {}, false}).size(), 2u);

    auto expect_msg = [](const LoadFailure& f, std::vector<std::string> parts, bool io = false) {
        for (const auto& p : parts) EXPECT_NE(f.message.find(p), std::string::npos) << f.message;
        EXPECT_EQ(f.io, io) << f.message;
    };
    // Labels out of range, of the wrong dtype, of the wrong length.
    write(labels, npy<std::int64_t>(NpyDtype::Int64, {2}, {0, 3}));
    expect_msg(refuse({logits, labels, {}, {}, false}), {"y.npy", "index 1", "[0, 3)", "got 3"});
    write(labels, npy<float>(NpyDtype::Float32, {2}, {0, 1}));
    expect_msg(refuse({logits, labels, {}, {}, false}), {"y.npy", "dtype", "<f4"});
    write(labels, npy<std::int32_t>(NpyDtype::Int32, {3}, {0, 1, 1}));
    expect_msg(refuse({logits, labels, {}, {}, false}), {"y.npy", "(2,)", "(3,)"});
    // Scores of the wrong dtype or rank; a truncated file; a missing file (I/O).
    write(labels, npy<std::uint8_t>(NpyDtype::UInt8, {2}, {0, 1}));
    write(logits, npy<std::int32_t>(NpyDtype::Int32, {2, 3}, {1, 2, 3, 4, 5, 6}));
    expect_msg(refuse({logits, labels, {}, {}, false}), {"l.npy", "float32", "<i4"});
    write(logits, npy<float>(NpyDtype::Float32, {2, 3, 1}, {1, 2, 3, 4, 5, 6}));
    expect_msg(refuse({logits, labels, {}, {}, false}), {"l.npy", "(N, K)", "(2, 3, 1)"});
    std::string bytes = npy<float>(NpyDtype::Float32, {2, 3}, {1, 2, 3, 4, 5, 6});
    write(logits, bytes.substr(0, bytes.size() - 5));
    expect_msg(refuse({logits, labels, {}, {}, false}), {"l.npy"});
    expect_msg(refuse({dir.path / "missing.npy", labels, {}, {}, false}), {"missing.npy"}, true);
    // NaN scores: found while computing, named by row and column.
    write(logits, npy<float>(NpyDtype::Float32, {2, 3}, {1, 2, 3, 4, NAN, 6}));
    const ModelOutputs o = load({logits, labels, {}, {}, false});
    auto r = compute_calibration(o);
    ASSERT_FALSE(r.ok());
    for (const char* p : {"l.npy", "row 1 column 1", "finite", "nan"})
        EXPECT_NE(r.error().message.find(p), std::string::npos) << r.error().message;
    // CSV: a bad number names the line and column; a short row; a bad header.
    const auto csv = dir.path / "o.csv";
    write(csv, "label,a,b\n0,1.5,2\n1,x,3\n");
    expect_msg(refuse({{}, {}, {}, csv, false}), {"o.csv", "line 3 column 2 (a)", "'x'"});
    write(csv, "label,a,b\n0,1.5\n");
    expect_msg(refuse({{}, {}, {}, csv, false}), {"line 2", "3 comma-separated"});
    write(csv, "y,a,b\n0,1.5,2\n");
    expect_msg(refuse({{}, {}, {}, csv, false}), {"line 1 (header)"});
    write(csv, "label,a,b\n");
    expect_msg(refuse({{}, {}, {}, csv, false}), {"o.csv", "at least one data row"});
    // npz without a labels member; not a zip at all.
    const auto npz = dir.path / "f.npz";
    write(npz, "not a zip");
    expect_msg(refuse({{}, {}, npz, {}, false}), {"f.npz", "zip"});
}

TEST(ModelOutputs, CancelStopsTheComputation) {
    const fs::path dir = fs::path(LOSSLAB_REFERENCE_DIR) / "model_outputs";
    const ModelOutputs o = load({dir / "logits.npy", dir / "labels.npy", {}, {}, false});
    std::atomic<bool> cancel{true};
    auto r = compute_calibration(o, {}, &cancel);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "cancelled");
}

} // namespace
} // namespace losslab::model

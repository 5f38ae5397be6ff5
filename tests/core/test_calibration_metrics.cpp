// classifier_metrics and fit_temperature_scores against tests/reference/calibration_metrics/
// (gen_calibration_metrics.py: torchmetrics' definitions in numpy, sklearn's
// calibration_curve for the bins, scipy for the temperature), on float32 and float64 rows,
// binary outputs, K = 2, N = 1, confidences exactly on bin edges and exactly 1; plus the
// refusals, cancellation and thread-count independence.

#include "losslab/calibration.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

namespace losslab {
namespace {

const std::string kDir = std::string(LOSSLAB_REFERENCE_DIR) + "/calibration_metrics/";

nlohmann::json expected() {
    std::ifstream in(kDir + "expected.json");
    EXPECT_TRUE(in) << kDir;
    return nlohmann::json::parse(in);
}

// A set's rows from its CSV (label,v_0,...): exact decimal text of the stored values.
struct Set {
    std::vector<double> values;
    std::vector<float> values_f32;
    std::vector<int> labels;
    std::size_t columns = 0;
    bool f32 = false;
    ScoreKind kind = ScoreKind::Logits;
    ClassifierScores scores() const {
        ClassifierScores s;
        if (f32) s.values = std::span<const float>(values_f32);
        else s.values = std::span<const double>(values);
        s.num_columns = columns;
        s.labels = labels;
        s.kind = kind;
        return s;
    }
};

Set load_set(const std::string& name, const nlohmann::json& e) {
    Set s;
    std::ifstream in(kDir + name + ".csv");
    EXPECT_TRUE(in) << name;
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        std::stringstream ls(line);
        std::string f;
        std::getline(ls, f, ',');
        s.labels.push_back(std::stoi(f));
        while (std::getline(ls, f, ',')) s.values.push_back(std::strtod(f.c_str(), nullptr));
    }
    s.columns = e["columns"].get<std::size_t>();
    s.f32 = e["dtype"] == "float32";
    for (double v : s.values) s.values_f32.push_back(float(v)); // exact: they were float32
    s.kind = e["kind"] == "probs" ? ScoreKind::Probabilities : ScoreKind::Logits;
    return s;
}

::testing::AssertionResult close(double actual, double want, double rel = 1e-12) {
    const double tol = rel * std::max(1.0, std::fabs(want));
    if (std::fabs(actual - want) <= tol) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << actual << " vs " << want << " (diff "
                                         << actual - want << ")";
}

void expect_metrics(const ClassifierMetrics& m, const nlohmann::json& w, const std::string& what) {
    SCOPED_TRACE(what);
    EXPECT_EQ(m.n, w["n"].get<std::size_t>());
    EXPECT_EQ(m.k, w["k"].get<std::size_t>());
    for (const char* key : {"accuracy", "mean_confidence", "nll", "brier", "ece", "mce", "rmsce",
                            "classwise_ece"}) {
        const double got = key == std::string("accuracy") ? m.accuracy
                           : key == std::string("mean_confidence") ? m.mean_confidence
                           : key == std::string("nll") ? m.nll
                           : key == std::string("brier") ? m.brier
                           : key == std::string("ece") ? m.ece
                           : key == std::string("mce") ? m.mce
                           : key == std::string("rmsce") ? m.rmsce
                                                         : m.classwise_ece;
        EXPECT_TRUE(close(got, w[key].get<double>())) << key;
    }
    const auto& bins = w["bins"];
    ASSERT_EQ(m.bins.size(), bins.size());
    for (std::size_t b = 0; b < bins.size(); ++b) {
        EXPECT_EQ(m.bins[b].count, bins[b]["count"].get<std::size_t>()) << "bin " << b;
        EXPECT_TRUE(close(m.bins[b].accuracy, bins[b]["accuracy"].get<double>())) << "bin " << b;
        EXPECT_TRUE(close(m.bins[b].mean_confidence, bins[b]["mean_confidence"].get<double>()))
            << "bin " << b;
    }
}

TEST(CalibrationMetrics, EveryFixtureSetMatchesTheReferenceAtEveryBinning) {
    const auto e = expected();
    int runs = 0;
    for (const auto& [name, entry] : e["sets"].items()) {
        if (!entry.contains("kind")) continue; // top_label and model_outputs: model tests
        const Set s = load_set(name, entry);
        for (const auto& run : entry["runs"]) {
            ClassifierMetricsOptions o;
            o.num_bins = run["num_bins"].get<int>();
            o.binning = run["binning"] == "mass" ? CalibrationBinning::EqualMass
                                                 : CalibrationBinning::EqualWidth;
            auto m = classifier_metrics(s.scores(), o);
            ASSERT_TRUE(m.ok()) << name << ": " << m.error().message;
            expect_metrics(m.value(), run["metrics"],
                           name + " " + run["binning"].get<std::string>() + " " +
                               std::to_string(o.num_bins));
            ++runs;
        }
    }
    EXPECT_GE(runs, 15);
}

TEST(CalibrationMetrics, FittedTemperatureEqualsScipysAndLowersTheNll) {
    const auto e = expected();
    int fits = 0;
    for (const auto& [name, entry] : e["sets"].items()) {
        if (!entry.contains("temperature") || !entry.contains("kind")) continue;
        SCOPED_TRACE(name);
        const Set s = load_set(name, entry);
        auto fit = fit_temperature_scores(s.scores());
        ASSERT_TRUE(fit.ok()) << fit.error().message;
        const double t = fit.value().temperature;
        // brentq on the analytic derivative, and minimize_scalar (Brent) on the NLL itself.
        EXPECT_TRUE(close(t, entry["temperature"].get<double>(), 1e-10));
        EXPECT_TRUE(close(t, entry["temperature_minimize_scalar"].get<double>(), 1e-8));
        // The metrics after scaling, at the reference T (they move by ~1e-10 per 1e-10 of T).
        ClassifierMetricsOptions o;
        o.temperature = entry["temperature"].get<double>();
        auto after = classifier_metrics(s.scores(), o);
        ASSERT_TRUE(after.ok());
        expect_metrics(after.value(), entry["after"], name + " after scaling");
        const double before = entry["runs"][0]["metrics"]["nll"].get<double>();
        EXPECT_LE(after.value().nll, before);
        EXPECT_LE(fit.value().nll, fit.value().nll_at_one);
        EXPECT_TRUE(close(fit.value().nll_at_one, before));
        ++fits;
    }
    EXPECT_GE(fits, 6);
}

TEST(CalibrationMetrics, ResultsDoNotDependOnTheThreadCount) {
    const auto e = expected();
    const Set s = load_set("overconfident_f32", e["sets"]["overconfident_f32"]);
    ClassifierMetricsOptions one;
    one.threads = 1;
    ClassifierMetricsOptions three;
    three.threads = 3;
    const auto a = classifier_metrics(s.scores(), one).value();
    const auto b = classifier_metrics(s.scores(), three).value();
    EXPECT_TRUE(close(a.nll, b.nll, 1e-14));
    EXPECT_TRUE(close(a.ece, b.ece, 1e-14));
    EXPECT_TRUE(close(fit_temperature_scores(s.scores(), one).value().temperature,
                      fit_temperature_scores(s.scores(), three).value().temperature, 1e-12));
}

TEST(CalibrationMetrics, RefusesBadValuesNamingTheRowAndColumn) {
    std::vector<double> z = {1.0, 2.0, 0.5, 3.0, NAN, 1.0};
    std::vector<int> y = {0, 1};
    ClassifierScores s;
    s.values = std::span<const double>(z);
    s.num_columns = 3;
    s.labels = y;
    auto m = classifier_metrics(s);
    ASSERT_FALSE(m.ok());
    EXPECT_NE(m.error().message.find("row 1 column 1"), std::string::npos) << m.error().message;
    EXPECT_NE(m.error().message.find("finite"), std::string::npos);
    EXPECT_FALSE(fit_temperature_scores(s).ok());

    z[4] = 1.0;
    y[1] = 3;
    m = classifier_metrics(s);
    ASSERT_FALSE(m.ok());
    EXPECT_NE(m.error().message.find("label of row 1"), std::string::npos) << m.error().message;
    EXPECT_NE(m.error().message.find("[0, 3)"), std::string::npos);

    y[1] = 1;
    s.num_columns = 4;
    EXPECT_FALSE(classifier_metrics(s).ok()); // 6 values are not 2 x 4

    s.num_columns = 3;
    s.kind = ScoreKind::Probabilities;
    m = classifier_metrics(s);
    ASSERT_FALSE(m.ok()); // 2.0 is not a probability
    EXPECT_NE(m.error().message.find("[0, 1]"), std::string::npos) << m.error().message;
    std::vector<double> p = {0.5, 0.3, 0.1, 0.2, 0.2, 0.6};
    s.values = std::span<const double>(p);
    m = classifier_metrics(s);
    ASSERT_FALSE(m.ok()); // row 0 sums to 0.9
    EXPECT_NE(m.error().message.find("row 0"), std::string::npos) << m.error().message;
    p[2] = 0.2;
    EXPECT_TRUE(classifier_metrics(s).ok());
    auto fit = fit_temperature_scores(s);
    ASSERT_FALSE(fit.ok());
    EXPECT_NE(fit.error().message.find("requires logits"), std::string::npos);

    std::vector<int> none;
    s.labels = none;
    s.values = std::span<const double>();
    EXPECT_FALSE(classifier_metrics(s).ok()); // N = 0
}

TEST(CalibrationMetrics, RefusesATemperatureWithoutAFiniteMinimum) {
    // Every example right with a margin: the NLL keeps falling as T -> 0.
    std::vector<double> z = {3.0, 0.0, 0.0, 2.0};
    std::vector<int> y = {0, 1};
    ClassifierScores s;
    s.values = std::span<const double>(z);
    s.num_columns = 2;
    s.labels = y;
    auto fit = fit_temperature_scores(s);
    ASSERT_FALSE(fit.ok());
    EXPECT_NE(fit.error().message.find("some example wrong"), std::string::npos);
}

TEST(CalibrationMetrics, StopsWhenCancelled) {
    std::vector<float> z(3000 * 4, 0.5f);
    for (std::size_t i = 0; i < z.size(); i += 5) z[i] = 2.0f;
    std::vector<int> y(3000, 1);
    ClassifierScores s;
    s.values = std::span<const float>(z);
    s.num_columns = 4;
    s.labels = y;
    std::atomic<bool> cancel{true};
    ClassifierMetricsOptions o;
    o.cancel = &cancel;
    auto m = classifier_metrics(s, o);
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.error().message, "cancelled");
    EXPECT_EQ(fit_temperature_scores(s, o).error().message, "cancelled");
    cancel = false;
    double last = -1.0;
    o.progress = [&](double f) {
        EXPECT_GE(f, last);
        last = f;
    };
    EXPECT_TRUE(classifier_metrics(s, o).ok());
    EXPECT_EQ(last, 1.0);
}

} // namespace
// rows_read reports every row of a full pass exactly once (in stretches, from both threads),
// so that a memory-mapped source can release all it has read; a sampled fit pass reports the
// stretches it touched; the results do not change with the hook set.
TEST(CalibrationMetrics, RowsReadCoverEveryRowOfEachPass) {
    constexpr std::size_t n = 20000, k = 7;
    std::vector<float> z(n * k);
    std::vector<int> y(n);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < k; ++j)
            z[i * k + j] = float(std::sin(double(i * k + j) * 0.37) * 3.0);
        // Seven in ten labels are the arg max: logits better than uniform, some wrong.
        const float* row = &z[i * k];
        y[i] = i % 10 < 7 ? int(std::max_element(row, row + k) - row) : int((i * 5) % k);
    }
    ClassifierScores s;
    s.values = std::span<const float>(z);
    s.num_columns = k;
    s.labels = y;
    std::mutex mutex;
    std::vector<int> seen(n, 0);
    std::size_t calls = 0;
    ClassifierMetricsOptions o;
    o.threads = 2;
    o.rows_read = [&](std::size_t first, std::size_t end) {
        std::lock_guard lock(mutex);
        ASSERT_LT(first, end);
        ASSERT_LE(end, n);
        for (std::size_t i = first; i < end; ++i) ++seen[i];
        ++calls;
    };
    auto with = classifier_metrics(s, o);
    ASSERT_TRUE(with.ok());
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(seen[i], 1) << "row " << i;
    EXPECT_GE(calls, 2u); // both threads, in stretches
    ClassifierMetricsOptions plain;
    auto without = classifier_metrics(s, plain);
    ASSERT_TRUE(without.ok());
    EXPECT_EQ(with.value().ece, without.value().ece);
    EXPECT_EQ(with.value().nll, without.value().nll);
    // The fit: every full pass reports every row once more.
    std::fill(seen.begin(), seen.end(), 0);
    auto fit = fit_temperature_scores(s, o);
    ASSERT_TRUE(fit.ok()) << fit.error().message;
    const int passes = seen[0];
    EXPECT_GE(passes, 2);
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(seen[i], passes) << "row " << i;
    EXPECT_EQ(fit.value().temperature, fit_temperature_scores(s, plain).value().temperature);
}

} // namespace losslab

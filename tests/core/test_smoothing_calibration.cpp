// Label smoothing and calibration together: fit_towards_smoothed_targets against the committed
// generator tests/reference/gen_smoothing_calibration.py (the same gradient steps, binning and
// KL in plain Python floats), and Müller et al.'s two claims on that data: smoothing lowers the
// over-confidence (ECE falls as eps grows towards the accuracy) and the smoothed model keeps
// less of the wrong-class structure a student would distil (the KL grows).

#include "losslab/smoothing_calibration.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

using namespace losslab;
using losslab::test::read_csv;
using losslab::test::within_rel;

namespace {

struct Fixture {
    std::vector<double> log_p;
    std::vector<int> labels;
    std::size_t k = 0;
    std::vector<std::size_t> results; // rows of kind "result"
    test::CsvTable table;
};

Fixture load() {
    Fixture f;
    f.table = read_csv("smoothing_calibration.csv");
    for (std::size_t r = 0; r < f.table.rows.size(); ++r) {
        if (f.table.str(r, "kind") == "example") {
            const auto row = f.table.list(r, "log_p");
            f.k = row.size();
            f.log_p.insert(f.log_p.end(), row.begin(), row.end());
            f.labels.push_back(int(f.table.num(r, "label")));
        } else {
            f.results.push_back(r);
        }
    }
    return f;
}

SmoothedFitParams params(double eps) {
    SmoothedFitParams p;
    p.eps = eps;
    p.steps = 100;
    p.learning_rate = 1.0;
    p.num_bins = 10;
    return p;
}

} // namespace

TEST(SmoothingCalibration, EqualsTheGeneratorForEveryEps) {
    const Fixture f = load();
    ASSERT_EQ(f.labels.size(), 240u);
    ASSERT_EQ(f.k, 6u);
    ASSERT_EQ(f.results.size(), 6u);
    for (std::size_t r : f.results) {
        const double eps = f.table.num(r, "eps");
        SCOPED_TRACE(eps);
        const auto out = fit_towards_smoothed_targets(f.log_p, f.k, f.labels, params(eps));
        ASSERT_TRUE(out.ok()) << out.error().message;
        const auto& o = out.value();
        EXPECT_TRUE(within_rel(o.ece, f.table.num(r, "ece"), 1e-10, 1e-13));
        EXPECT_TRUE(within_rel(o.accuracy, f.table.num(r, "accuracy"), 1e-12));
        EXPECT_TRUE(within_rel(o.mean_confidence, f.table.num(r, "mean_confidence"), 1e-12));
        EXPECT_TRUE(within_rel(o.wrong_class_kl, f.table.num(r, "wrong_class_kl"), 1e-10));
        const auto counts = f.table.list(r, "counts");
        const auto acc = f.table.list(r, "bin_accuracy");
        const auto conf = f.table.list(r, "bin_confidence");
        ASSERT_EQ(o.bins.size(), counts.size());
        for (std::size_t b = 0; b < counts.size(); ++b) {
            EXPECT_EQ(double(o.bins[b].count), counts[b]) << b;
            EXPECT_TRUE(within_rel(o.bins[b].accuracy, acc[b], 1e-12, 1e-15)) << b;
            EXPECT_TRUE(within_rel(o.bins[b].mean_confidence, conf[b], 1e-12, 1e-15)) << b;
        }
    }
}

TEST(SmoothingCalibration, SmoothingLowersOverConfidenceAndErasesWrongClassStructure) {
    const Fixture f = load();
    double last_ece = 1.0, last_kl = -1.0;
    for (double eps : {0.0, 0.1, 0.2, 0.4}) {
        const auto o = fit_towards_smoothed_targets(f.log_p, f.k, f.labels, params(eps)).value();
        // Over-confident throughout this range (confidence above accuracy) but less each time.
        EXPECT_GT(o.mean_confidence, o.accuracy) << eps;
        EXPECT_LT(o.ece, last_ece) << eps;
        EXPECT_GT(o.wrong_class_kl, last_kl) << eps;
        last_ece = o.ece;
        last_kl = o.wrong_class_kl;
    }
    // Hard targets: the confidence runs towards 1; smoothed ones pull it to the optimum of the
    // smoothed loss, 1 - eps + eps / K (100 steps get close).
    const auto hard = fit_towards_smoothed_targets(f.log_p, f.k, f.labels, params(0.0)).value();
    EXPECT_GT(hard.mean_confidence, 0.98);
    const auto soft = fit_towards_smoothed_targets(f.log_p, f.k, f.labels, params(0.2)).value();
    EXPECT_NEAR(soft.mean_confidence, 1.0 - 0.2 + 0.2 / 6.0, 0.01);
}

TEST(SmoothingCalibration, RefusesBadArguments) {
    const std::vector<double> lp{std::log(0.5), std::log(0.5)};
    const std::vector<int> y{0};
    EXPECT_TRUE(fit_towards_smoothed_targets(lp, 2, y, {}).ok());
    const auto bad_eps = fit_towards_smoothed_targets(lp, 2, y, {.eps = 1.0});
    ASSERT_FALSE(bad_eps.ok());
    EXPECT_NE(bad_eps.error().message.find("smoothing eps"), std::string::npos);
    const std::vector<int> y_bad{2};
    EXPECT_FALSE(fit_towards_smoothed_targets(lp, 2, y_bad, {}).ok());
    EXPECT_FALSE(fit_towards_smoothed_targets(lp, 3, y, {}).ok());
    EXPECT_FALSE(fit_towards_smoothed_targets(lp, 2, y, {.steps = -1}).ok());
    EXPECT_FALSE(fit_towards_smoothed_targets(lp, 2, y, {.learning_rate = 0.0}).ok());
    EXPECT_FALSE(fit_towards_smoothed_targets(lp, 2, y, {.num_bins = 0}).ok());
}

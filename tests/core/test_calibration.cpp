#include "losslab/calibration.hpp"
#include "losslab/activations.hpp"
#include "calibration_fixture.hpp"
#include "test_support.hpp"

#include <algorithm>
#include <cmath>
#include <span>
#include <string>
#include <vector>

using namespace losslab;
using losslab::test::within_rel;

TEST(Calibration, EceAndBinsAgreeWithNumpy) {
    const test::CalibrationDataset d = test::load_calibration_dataset();
    const auto t = test::read_csv("pytorch_calibration_summary.csv");
    auto pred = top_label_predictions(d.logits, d.k, d.labels);
    ASSERT_TRUE(pred.ok()) << pred.error().message;
    int checked = 0;
    for (size_t r = 0; r < t.rows.size(); ++r) {
        if (t.str(r, "quantity") != "ece") continue;
        const int m = int(t.num(r, "num_bins"));
        auto ece = expected_calibration_error(pred.value().confidence, pred.value().correct, m);
        ASSERT_TRUE(ece.ok()) << ece.error().message;
        EXPECT_TRUE(within_rel(ece.value(), t.num(r, "value"), 1e-12)) << m << " bins";
        auto bins = reliability_bins(pred.value().confidence, pred.value().correct, m).value();
        const auto counts = t.list(r, "counts");
        const auto confs = t.list(r, "mean_confidence");
        const auto accs = t.list(r, "accuracy");
        ASSERT_EQ(bins.size(), counts.size());
        for (size_t b = 0; b < bins.size(); ++b) {
            EXPECT_EQ(double(bins[b].count), counts[b]) << "bin " << b;
            EXPECT_TRUE(within_rel(bins[b].mean_confidence, confs[b], 1e-12)) << "bin " << b;
            EXPECT_TRUE(within_rel(bins[b].accuracy, accs[b], 1e-15)) << "bin " << b;
            EXPECT_EQ(bins[b].lower, double(b) / m);
            EXPECT_EQ(bins[b].upper, double(b + 1) / m);
        }
        ++checked;
    }
    EXPECT_EQ(checked, 5);
}

TEST(Calibration, NllAndItsTemperatureDerivativeAgreeWithPyTorch) {
    const test::CalibrationDataset d = test::load_calibration_dataset();
    const auto t = test::read_csv("pytorch_calibration_summary.csv");
    for (double temp : {0.25, 0.5, 1.0, 1.7, 2.2, 3.0, 10.0}) {
        EXPECT_TRUE(within_rel(temperature_scaled_nll(d.logits, d.k, d.labels, temp).value(),
                               test::calibration_summary(t, "nll", temp), 1e-12)) << "T = " << temp;
        EXPECT_TRUE(within_rel(temperature_scaled_nll_grad(d.logits, d.k, d.labels, temp).value(),
                               test::calibration_summary(t, "nll_grad", temp), 1e-11)) << "T = " << temp;
    }
    EXPECT_EQ(accuracy(d.logits, d.k, d.labels).value(), test::calibration_summary(t, "accuracy"));
}

TEST(Calibration, FitTemperatureMatchesFortyDigitOptimum) {
    const test::CalibrationDataset d = test::load_calibration_dataset();
    const auto t = test::read_csv("pytorch_calibration_summary.csv");
    auto fit = fit_temperature(d.logits, d.k, d.labels);
    ASSERT_TRUE(fit.ok()) << fit.error().message;
    EXPECT_TRUE(within_rel(fit.value().temperature, test::calibration_summary(t, "optimal_temperature_mpmath"), 1e-10));
    EXPECT_TRUE(within_rel(fit.value().temperature, test::calibration_summary(t, "optimal_temperature_torch_lbfgs"),
                           1e-8));
    EXPECT_LT(fit.value().nll, fit.value().nll_at_one);
    EXPECT_LT(fit.value().iterations, 30);
    // The NLL is flat at its minimum: neighbours are not lower.
    const double tt = fit.value().temperature;
    EXPECT_GE(temperature_scaled_nll(d.logits, d.k, d.labels, tt * 1.001).value(), fit.value().nll);
    EXPECT_GE(temperature_scaled_nll(d.logits, d.k, d.labels, tt / 1.001).value(), fit.value().nll);
}

TEST(Calibration, TemperatureScalingLeavesAccuracyUnchanged) {
    const test::CalibrationDataset d = test::load_calibration_dataset();
    const auto base = top_label_predictions(d.logits, d.k, d.labels, 1.0).value();
    for (double temp : {0.01, 0.3, 2.06, 50.0, 1e4}) {
        const auto p = top_label_predictions(d.logits, d.k, d.labels, temp).value();
        EXPECT_EQ(p.predicted, base.predicted) << "T = " << temp;
        EXPECT_EQ(p.correct, base.correct) << "T = " << temp;
    }
}

TEST(Calibration, PerfectlyCalibratedBinsHaveZeroEce) {
    // Four examples at confidence 0.75 (three right) and eight at 0.25 (two right): dyadic
    // values, so the ECE is exactly 0.
    std::vector<double> conf;
    std::vector<int> correct;
    for (int i = 0; i < 4; ++i) conf.push_back(0.75), correct.push_back(i < 3);
    for (int i = 0; i < 8; ++i) conf.push_back(0.25), correct.push_back(i < 2);
    EXPECT_EQ(expected_calibration_error(conf, correct, 10).value(), 0.0);
    EXPECT_EQ(expected_calibration_error(conf, correct, 3).value(), 0.0);
    // Ten at 0.3, three right: zero up to the rounding of the mean of ten 0.3s.
    for (int i = 0; i < 10; ++i) conf.push_back(0.3), correct.push_back(i < 3);
    EXPECT_NEAR(expected_calibration_error(conf, correct, 10).value(), 0.0, 1e-16);
}

TEST(Calibration, BinEdgesAreLeftOpenRightClosed) {
    const std::vector<double> conf{0.0, 0.1, 0.1 + 1e-16, 0.2, 0.5, 1.0};
    const std::vector<int> correct{0, 1, 1, 1, 1, 1};
    const auto bins = reliability_bins(conf, correct, 10).value();
    EXPECT_EQ(bins[0].count, 2u); // 0 and 0.1 (0.1 is the right edge of bin 0)
    EXPECT_EQ(bins[1].count, 2u); // just above 0.1, and 0.2
    EXPECT_EQ(bins[4].count, 1u); // 0.5 closes bin 4
    EXPECT_EQ(bins[9].count, 1u); // 1.0
}

TEST(Calibration, ValidationMessagesSayWhatWasRequired) {
    const std::vector<double> logits{1.0, 2.0};
    const std::vector<int> labels{1};
    auto a = temperature_scaled_nll(logits, 2, labels, 0.0);
    ASSERT_FALSE(a.ok());
    EXPECT_EQ(a.error().message,
              "temperature_scaled_nll temperature requires a finite value > 0, got 0");
    const std::vector<int> bad{2};
    auto b = fit_temperature(logits, 2, bad);
    ASSERT_FALSE(b.ok());
    EXPECT_EQ(b.error().message, "fit_temperature labels requires class indices in [0, 2), got 2");
    const std::vector<double> none;
    const std::vector<int> no_flags;
    EXPECT_FALSE(expected_calibration_error(none, no_flags).ok());
    const std::vector<double> out_of_range{1.5};
    const std::vector<int> one{1};
    EXPECT_FALSE(expected_calibration_error(out_of_range, one).ok());
    EXPECT_FALSE(expected_calibration_error(std::vector<double>{0.5}, one, 0).ok());
}

TEST(Calibration, FitTemperatureRefusesWhenThereIsNoMinimum) {
    // Every example right with a margin: the NLL falls all the way to T -> 0.
    const std::vector<double> separable{3.0, 0.0, 0.0, 2.0};
    const std::vector<int> right{0, 1};
    EXPECT_FALSE(fit_temperature(separable, 2, right).ok());
    // Logits that point away from the labels: the minimum is at T = inf (or negative T).
    const std::vector<int> wrong{1, 0};
    EXPECT_FALSE(fit_temperature(separable, 2, wrong).ok());
}

TEST(Calibration, SyntheticClassifierIsDeterministicPerSeed) {
    SyntheticClassifierParams p;
    p.num_examples = 50;
    const auto a = make_synthetic_classifier(p).value();
    const auto b = make_synthetic_classifier(p).value();
    EXPECT_EQ(a.logits, b.logits);
    EXPECT_EQ(a.labels, b.labels);
    p.seed = 2;
    EXPECT_NE(make_synthetic_classifier(p).value().logits, a.logits);
    EXPECT_EQ(a.logits.size(), 50u * 10u);
}

TEST(Calibration, SyntheticConfidenceKnobIsRecoveredByTemperatureScaling) {
    for (double c : {0.5, 1.0, 2.5}) {
        SyntheticClassifierParams p;
        p.num_examples = 20000;
        p.confidence = c;
        p.seed = 11;
        const auto s = make_synthetic_classifier(p).value();
        const auto fit = fit_temperature(s.logits, s.num_classes, s.labels).value();
        EXPECT_NEAR(fit.temperature / c, 1.0, 0.05) << "confidence " << c;
    }
}

TEST(Calibration, SyntheticOverconfidenceRaisesEce) {
    auto ece_at = [](double c) {
        SyntheticClassifierParams p;
        p.num_examples = 20000;
        p.confidence = c;
        const auto s = make_synthetic_classifier(p).value();
        const auto pred = top_label_predictions(s.logits, s.num_classes, s.labels).value();
        return expected_calibration_error(pred.confidence, pred.correct, 15).value();
    };
    const double calibrated = ece_at(1.0), over = ece_at(3.0), under = ece_at(0.4);
    EXPECT_LT(calibrated, 0.02);
    EXPECT_GT(over, 5 * calibrated);
    EXPECT_GT(under, 5 * calibrated);
}

TEST(Calibration, SimulatedRunShowsLossRisingWhileAccuracyRises) {
    const auto run = simulate_training_run({}).value();
    ASSERT_EQ(run.accuracy.size(), 40u);
    ASSERT_EQ(run.example_losses.size(), 40u);
    const auto best = size_t(std::min_element(run.mean_loss.begin(), run.mean_loss.end()) -
                             run.mean_loss.begin());
    ASSERT_GT(best, 0u);
    ASSERT_LT(best, run.mean_loss.size() - 1);
    EXPECT_GT(run.mean_loss.back(), run.mean_loss[best] * 1.2);
    EXPECT_GT(run.accuracy.back(), run.accuracy[best]);
    // The rise comes from the stubborn examples, not from the ordinary ones.
    double stubborn_last = 0, stubborn_best = 0;
    for (size_t i = 0; i < run.stubborn.size(); ++i)
        if (run.stubborn[i]) {
            stubborn_last += run.example_losses.back()[i];
            stubborn_best += run.example_losses[best][i];
        }
    EXPECT_GT(stubborn_last, stubborn_best);
    // Mean loss is the mean of the per-example losses.
    double s = 0;
    for (double l : run.example_losses[5]) s += l;
    EXPECT_TRUE(within_rel(run.mean_loss[5], s / double(run.example_losses[5].size()), 1e-13));
    // Deterministic for a seed.
    EXPECT_EQ(simulate_training_run({}).value().mean_loss, run.mean_loss);
}

TEST(Calibration, PreparedLogitsScoreEveryTemperatureLikeTheTwoPassFunctions) {
    // The one-pass path the temperature slider uses: NLL against PyTorch's and bit for bit
    // the two-pass core function; predictions equal top_label_predictions (which uses it), and
    // the confidence within 1e-15 relative of the softmax computed directly (softmax_into of
    // z / T, whose exponent rounds differently).
    const test::CalibrationDataset d = test::load_calibration_dataset();
    const auto t = test::read_csv("pytorch_calibration_summary.csv");
    const auto prepared = prepare_logits(d.logits, d.k, d.labels);
    ASSERT_TRUE(prepared.ok()) << prepared.error().message;
    std::vector<double> p(d.k);
    for (double temp : {0.25, 0.5, 1.0, 1.7, 2.2, 3.0, 10.0}) {
        const auto s = scores_at_temperature(prepared.value(), temp);
        ASSERT_TRUE(s.ok()) << s.error().message;
        EXPECT_TRUE(within_rel(s.value().nll, test::calibration_summary(t, "nll", temp), 1e-12))
            << "T = " << temp;
        EXPECT_EQ(s.value().nll, temperature_scaled_nll(d.logits, d.k, d.labels, temp).value())
            << "T = " << temp;
        const auto two_pass = top_label_predictions(d.logits, d.k, d.labels, temp).value();
        EXPECT_EQ(s.value().predictions.predicted, two_pass.predicted);
        EXPECT_EQ(s.value().predictions.correct, two_pass.correct);
        EXPECT_EQ(s.value().predictions.confidence, two_pass.confidence);
        for (size_t i = 0; i < d.labels.size(); ++i) {
            const auto z = std::span<const double>(d.logits).subspan(i * d.k, d.k);
            softmax_into(z, p, temp);
            const double direct = p[std::size_t(s.value().predictions.predicted[i])];
            EXPECT_TRUE(within_rel(s.value().predictions.confidence[i], direct, 1e-15))
                << "T = " << temp << ", example " << i;
        }
    }
    auto bad = scores_at_temperature(prepared.value(), 0.0);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().message,
              "scores_at_temperature temperature requires a finite value > 0, got 0");
    EXPECT_FALSE(prepare_logits(d.logits, d.k, std::vector<int>(d.labels.size(), int(d.k))).ok());
}

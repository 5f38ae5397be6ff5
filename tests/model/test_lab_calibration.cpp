// The calibration lab's numbers: equal to the core's on the lab's own dataset, to numpy /
// PyTorch / mpmath on the committed fixture dataset, unchanged by the cache, and the
// figures and parameters they feed.
#include "model/labs/lab_calibration.hpp"

#include "calibration_fixture.hpp"
#include "losslab/calibration.hpp"
#include "model/labs/figure_catalogue.hpp"
#include "model/params/param_registry.hpp"
#include "plot/figure_csv.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <sstream>

#include <fmt/format.h>

using namespace losslab;
using namespace losslab::model;
using namespace losslab::plot;
using losslab::test::within_rel;

namespace {

SyntheticClassifier direct_dataset(const CalibrationLabState& s) {
    return make_synthetic_classifier({.num_examples = std::size_t(s.examples),
                                      .num_classes = std::size_t(s.classes),
                                      .confidence = s.confidence,
                                      .seed = std::uint64_t(s.seed)})
        .value();
}

// The numbers straight from the core, with no lab code in between.
void expect_core_numbers(const CalibrationMetrics& m, const SyntheticClassifier& d, double t,
                         int bins) {
    const auto k = d.num_classes;
    const auto preds = top_label_predictions(d.logits, k, d.labels, t).value();
    EXPECT_EQ(m.temperature, t);
    EXPECT_EQ(m.ece, expected_calibration_error(preds.confidence, preds.correct, bins).value());
    EXPECT_EQ(m.nll, temperature_scaled_nll(d.logits, k, d.labels, t).value());
    EXPECT_DOUBLE_EQ(m.accuracy, accuracy(d.logits, k, d.labels).value());
    const auto core_bins = reliability_bins(preds.confidence, preds.correct, bins).value();
    ASSERT_EQ(m.bins.size(), core_bins.size());
    for (std::size_t b = 0; b < core_bins.size(); ++b) {
        EXPECT_EQ(m.bins[b].count, core_bins[b].count);
        EXPECT_EQ(m.bins[b].accuracy, core_bins[b].accuracy);
        EXPECT_EQ(m.bins[b].mean_confidence, core_bins[b].mean_confidence);
    }
}

} // namespace

TEST(LabCalibration, NumbersEqualTheCoreOnTheLabsDataset) {
    CalibrationLabState s;
    s.temperature = 1.7;
    CalibrationCache cache;
    const auto& r = cache.results(s);
    ASSERT_TRUE(r.error.empty()) << r.error;
    const auto d = direct_dataset(s);
    EXPECT_EQ(r.dataset.logits, d.logits);
    EXPECT_EQ(r.dataset.labels, d.labels);
    expect_core_numbers(r.before, d, 1.0, s.bins);
    expect_core_numbers(r.after, d, 1.7, s.bins);
}

TEST(LabCalibration, FittingTLowersNllKeepsAccuracyAndEqualsTheCoreFit) {
    CalibrationLabState s; // c = 2.5: over-confident
    CalibrationCache cache;
    const auto fit = fit_lab_temperature(cache.results(s));
    ASSERT_TRUE(fit.ok()) << fit.error().message;
    const auto d = direct_dataset(s);
    const auto core = fit_temperature(d.logits, d.num_classes, d.labels).value();
    EXPECT_EQ(fit.value().temperature, core.temperature);
    // The knob is c, so the NLL-optimal temperature is about c.
    EXPECT_NEAR(fit.value().temperature, s.confidence, 0.25);

    AppState app;
    ASSERT_TRUE(set_param(app, *find_param("calibration.temperature"), fit.value().temperature));
    const auto& after = cache.results(app.calibration);
    EXPECT_EQ(after.after.temperature, core.temperature);
    EXPECT_LT(after.after.nll, after.before.nll);
    EXPECT_EQ(after.after.nll, core.nll);
    EXPECT_EQ(after.after.accuracy, after.before.accuracy);
    EXPECT_LT(after.after.ece, 0.5 * after.before.ece) << "temperature scaling should calibrate";
    // Over-confident before: mean confidence above accuracy; much closer after.
    EXPECT_GT(after.before.mean_confidence, after.before.accuracy + 0.1);
    EXPECT_LT(std::abs(after.after.mean_confidence - after.after.accuracy), 0.05);
}

TEST(LabCalibration, MetricsAgreeWithNumpyAndPyTorchOnTheFixtureDataset) {
    const auto d = test::load_calibration_dataset();
    const auto t = test::read_csv("pytorch_calibration_summary.csv");
    for (int bins : {5, 10, 15, 20}) {
        const auto m = calibration_metrics(d.logits, d.k, d.labels, 1.0, bins).value();
        EXPECT_TRUE(within_rel(m.ece, test::calibration_summary(t, "ece", bins), 1e-12)) << bins << " bins";
        EXPECT_TRUE(within_rel(m.accuracy, test::calibration_summary(t, "accuracy"), 1e-15));
    }
    for (double temp : {0.5, 1.0, 1.7, 3.0}) {
        const auto m = calibration_metrics(d.logits, d.k, d.labels, temp, 15).value();
        EXPECT_TRUE(within_rel(m.nll, test::calibration_summary(t, "nll", temp), 1e-12)) << "T = " << temp;
    }
    CalibrationResults r;
    r.dataset.num_classes = d.k;
    r.dataset.logits = d.logits;
    r.dataset.labels = d.labels;
    const auto fit = fit_lab_temperature(r).value();
    EXPECT_TRUE(within_rel(fit.temperature, test::calibration_summary(t, "optimal_temperature_mpmath"), 1e-9));
}

TEST(LabCalibration, CachedNumbersEqualFreshOnesAfterEveryChange) {
    CalibrationCache cache;
    CalibrationLabState s;
    const auto check = [&](const char* what) {
        const auto& cached = cache.results(s);
        CalibrationCache fresh_cache;
        const auto& fresh = fresh_cache.results(s);
        EXPECT_EQ(cached.dataset.logits, fresh.dataset.logits) << what;
        EXPECT_EQ(cached.before.ece, fresh.before.ece) << what;
        EXPECT_EQ(cached.before.nll, fresh.before.nll) << what;
        EXPECT_EQ(cached.after.ece, fresh.after.ece) << what;
        EXPECT_EQ(cached.after.nll, fresh.after.nll) << what;
        EXPECT_EQ(cached.after.bins.size(), std::size_t(s.bins)) << what;
    };
    check("defaults");
    s.temperature = 2.0;
    check("temperature");
    s.confidence = 0.5;
    check("confidence");
    s.bins = 7;
    check("bins");
    s.examples = 300;
    check("examples");
    s.seed = 9;
    check("seed");
    s.classes = 3;
    check("classes");
    s.temperature = 1.0;
    check("temperature back to 1");
}

TEST(LabCalibration, SimulatedRunLossRisesWhileAccuracyRises) {
    CalibrationLabState s;
    CalibrationCache cache;
    const auto& t = cache.training(s);
    ASSERT_TRUE(t.error.empty()) << t.error;
    const auto direct = simulate_training_run(training_run_params(s)).value();
    EXPECT_EQ(t.run.mean_loss, direct.mean_loss);
    const auto sum = epoch_loss_summary(t.run, s.epoch);
    const auto best = std::size_t(sum.best_epoch - 1);
    const auto last = t.run.mean_loss.size() - 1;
    ASSERT_LT(best, last);
    EXPECT_GT(t.run.mean_loss[last], 1.5 * t.run.mean_loss[best]) << "loss rises after its minimum";
    EXPECT_GT(t.run.accuracy[last], t.run.accuracy[best] + 0.1) << "while accuracy rises";

    // The summary's share is the stubborn examples' part of the epoch's losses.
    const auto& losses = t.run.example_losses[std::size_t(s.epoch - 1)];
    double mine = 0.0, all = 0.0;
    std::size_t count = 0;
    for (std::size_t i = 0; i < losses.size(); ++i) {
        all += losses[i];
        if (t.run.stubborn[i]) mine += losses[i], ++count;
    }
    EXPECT_EQ(sum.stubborn_count, count);
    EXPECT_EQ(count, 30u); // 6% of 500
    EXPECT_TRUE(within_rel(sum.stubborn_share, mine / all, 1e-12));
    EXPECT_GT(sum.stubborn_share, 0.9) << "a few confident mistakes carry the mean";
    EXPECT_TRUE(within_rel(sum.mean_loss, all / double(losses.size()), 1e-12));

    // No confident mistakes: the loss then falls to the end.
    s.stubborn = 0.0;
    const auto& clean = cache.training(s);
    EXPECT_LT(clean.run.mean_loss.back(), clean.run.mean_loss[best]);
}

TEST(LabCalibration, ReliabilityFigureShowsBinsGapAndDiagonal) {
    CalibrationLabState s;
    CalibrationCache cache;
    const auto& r = cache.results(s);
    const auto figs = temperature_view_figures(s, r);
    ASSERT_EQ(figs.size(), 4u);
    const Figure& rel = figs[0];
    ASSERT_EQ(rel.series.size(), 4u);
    const auto& acc = rel.series[0];
    const auto& over = rel.series[1];
    const auto& under = rel.series[2];
    EXPECT_EQ(acc.kind, SeriesKind::Bars);
    EXPECT_EQ(over.kind, SeriesKind::Bars);
    EXPECT_EQ(under.kind, SeriesKind::Bars);
    std::size_t nonempty = 0, in_over = 0, in_under = 0;
    for (const auto& b : r.before.bins) {
        if (b.count == 0) continue;
        EXPECT_EQ(acc.y[nonempty], b.accuracy);
        EXPECT_NEAR(acc.x[nonempty], 0.5 * (b.lower + b.upper), 1e-15);
        // Each bin's gap goes to the series of its sign, from the accuracy to the confidence.
        const bool is_over = b.mean_confidence >= b.accuracy;
        const auto& gap = is_over ? over : under;
        std::size_t& k = is_over ? in_over : in_under;
        EXPECT_EQ(gap.y[k], b.mean_confidence);
        EXPECT_EQ(gap.y_base[k], b.accuracy);
        ++k;
        ++nonempty;
    }
    EXPECT_EQ(acc.x.size(), nonempty);
    EXPECT_EQ(over.x.size() + under.x.size(), nonempty);
    EXPECT_GT(in_over, in_under) << "the as-trained model (c = 2.5) is over-confident";
    EXPECT_EQ(rel.series[3].style, LineStyle::Dashed);
    EXPECT_NE(over.name.find(fmt::format("ECE {:.3f}", r.before.ece)), std::string::npos)
        << over.name;
    // The histogram's bar heights are the bins' shares and sum to 1.
    double total = 0.0;
    for (double y : figs[2].series[0].y) total += y;
    EXPECT_NEAR(total, 1.0, 1e-12);
}

// After Fit T some bins are under-confident (accuracy above confidence). Their gap lies inside
// the accuracy bar: it is drawn as a narrower opaque bar of its own listed colour (no tint of
// an unlisted colour over the blue), and the CSV rows of both gap series hold the gap
// confidence − accuracy, not the confidence.
TEST(LabCalibration, AfterFitTUnderConfidentGapsAreListedVisibleAndExportTheGap) {
    AppState app = default_app_state();
    CalibrationCache cache;
    const auto fit = fit_lab_temperature(cache.results(app.calibration));
    ASSERT_TRUE(fit.ok());
    app.calibration.temperature = fit.value().temperature;
    const auto& r = cache.results(app.calibration);
    const Figure fig = find_figure("calibration-reliability-after")->build(app);
    ASSERT_EQ(fig.series.size(), 4u);
    const auto& acc = fig.series[0];
    const auto& under = fig.series[2];
    ASSERT_FALSE(under.x.empty()) << "no under-confident bin after Fit T";
    EXPECT_EQ(under.name, "under-confidence gap");
    EXPECT_EQ(under.color.a, 255) << "opaque: no blend of colours the legend does not list";
    EXPECT_NE(under.color, acc.color);
    EXPECT_LT(under.bar_width, 0.6 * acc.bar_width) << "the accuracy bar shows beside it";
    for (std::size_t i = 0; i < under.x.size(); ++i)
        EXPECT_GT(under.y_base[i], under.y[i]);

    std::map<double, double> gap_of; // bin centre -> confidence - accuracy
    for (const auto& b : r.after.bins)
        if (b.count > 0) gap_of[0.5 * (b.lower + b.upper)] = b.mean_confidence - b.accuracy;
    const std::string csv = figure_to_csv(fig);
    std::istringstream in(csv);
    std::size_t rows = 0, negative = 0;
    for (std::string line; std::getline(in, line);) {
        const bool is_gap = line.rfind("\"over-confidence gap", 0) == 0 ||
                            line.rfind("under-confidence gap", 0) == 0;
        if (!is_gap) continue;
        // series,x,y,category with the series name possibly quoted (it holds a comma).
        const std::size_t name_end = line[0] == '"' ? line.find('"', 1) + 1 : line.find(',');
        std::istringstream fields(line.substr(name_end + 1));
        std::string xs, ys;
        std::getline(fields, xs, ',');
        std::getline(fields, ys, ',');
        const double x = std::strtod(xs.c_str(), nullptr), y = std::strtod(ys.c_str(), nullptr);
        ASSERT_EQ(gap_of.count(x), 1u) << line;
        EXPECT_EQ(y, gap_of[x]) << line;
        negative += y < 0.0;
        ++rows;
    }
    EXPECT_EQ(rows, gap_of.size());
    EXPECT_EQ(negative, under.x.size());
}

TEST(LabCalibration, ParametersAreRegisteredWithTheConfidenceKnobFirst) {
    const auto params = lab_params(LabId::Calibration);
    const ParamBinding* first_real = nullptr;
    for (const auto* p : params)
        if (p->spec->kind == ParamKind::Real) {
            first_real = p;
            break;
        }
    ASSERT_NE(first_real, nullptr);
    EXPECT_EQ(first_real->key(), "calibration.confidence") << "--bench-frames sweeps it";
    AppState app;
    ASSERT_TRUE(apply_assignment(app, "calibration.temperature=2.25"));
    EXPECT_EQ(app.calibration.temperature, 2.25);
    ASSERT_TRUE(apply_assignment(app, "calibration.view=training"));
    EXPECT_EQ(app.calibration.view, 1);
    const auto bad = apply_assignment(app, "calibration.temperature=0");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("calibration.temperature requires 0.05 <= value <= 10"),
              std::string::npos)
        << bad.error().message;
    EXPECT_NE(find_figure("calibration-reliability-after"), nullptr);
    EXPECT_EQ(lab_figures(LabId::Calibration).size(), 7u);
}

TEST(LabCalibration, CatalogueFiguresFollowTheState) {
    AppState app;
    app.calibration.temperature = 2.5;
    const auto fig = find_figure("calibration-reliability-after")->build(app);
    EXPECT_NE(fig.title.find("T = 2.5"), std::string::npos) << fig.title;
    const auto losses = find_figure("calibration-example-losses")->build(app);
    ASSERT_EQ(losses.series.size(), 3u);
    EXPECT_EQ(losses.series[0].x.size() + losses.series[1].x.size(), 500u);
    // Sorted from the largest loss: the y values along rank never increase.
    std::vector<std::pair<double, double>> by_rank;
    for (int s = 0; s < 2; ++s)
        for (std::size_t i = 0; i < losses.series[std::size_t(s)].x.size(); ++i)
            by_rank.emplace_back(losses.series[std::size_t(s)].x[i],
                                 losses.series[std::size_t(s)].y[i]);
    std::sort(by_rank.begin(), by_rank.end());
    for (std::size_t i = 1; i < by_rank.size(); ++i)
        ASSERT_LE(by_rank[i].second, by_rank[i - 1].second) << "rank " << by_rank[i].first;
}

// The loss figure's title says what its curve does: rising at the defaults, falling when the
// logits stop growing (lesson 06's last step sets growth = 0).
TEST(LabCalibration, TrainingLossTitleFollowsTheCurve) {
    CalibrationLabState s;
    CalibrationCache cache;
    EXPECT_EQ(training_loss_figure(s, cache.training(s).run).title, "…while validation loss rises");
    s.growth = 0.0;
    const auto& run = cache.training(s).run;
    ASSERT_FALSE(run.mean_loss.empty());
    EXPECT_LE(run.mean_loss.back(), *std::min_element(run.mean_loss.begin(), run.mean_loss.end()) * 1.01);
    EXPECT_EQ(training_loss_figure(s, run).title, "…and validation loss falls with it");
}

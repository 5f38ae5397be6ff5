// The label-smoothing lab's figures against closed forms: bar heights and labels of the three
// conventions, the loss minima (position and entropy floor), the logit gap, the editor's
// H(p) + KL = H(p, q) stack, distillation, and the registry of its parameters.
#include "model/labs/lab_smoothing.hpp"
#include "model/params/param_registry.hpp"
#include "model/labs/figure_catalogue.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fmt/format.h>

using namespace losslab;
using namespace losslab::model;
using namespace losslab::plot;
using losslab::test::within_rel;

namespace {
SmoothingLabState lab(double eps, int k) {
    SmoothingLabState s;
    s.eps = eps;
    s.num_classes = k;
    return s;
}

// The closed-form target of each convention: (true mass, other mass, has padding class).
struct Closed {
    double t, o;
    bool pad;
};
Closed closed(SmoothingConvention c, double eps, int k) {
    switch (c) {
    case SmoothingConvention::Uniform: return {1 - eps + eps / k, eps / k, false};
    case SmoothingConvention::Others: return {1 - eps, eps / (k - 1), false};
    case SmoothingConvention::KlPad: return {1 - eps, eps / (k - 2), true};
    }
    return {};
}

double xlogx(double x) { return x > 0 ? x * std::log(x) : 0.0; }

const Series* find_markers(const Figure& fig, Rgba color) {
    for (const auto& s : fig.series)
        if (s.kind == SeriesKind::Markers && s.color == color) return &s;
    return nullptr;
}
} // namespace

TEST(SmoothingLab, TargetBarsAndTheirLabelsEqualTheClosedForms) {
    for (int k : {3, 5, 10}) {
        for (double eps : {0.0, 0.1, 0.37, 1.0}) {
            for (auto c : kSmoothingConventions) {
                const Figure fig = smoothing_targets_figure(lab(eps, k), c);
                ASSERT_FALSE(fig.series.empty()) << fig.name;
                const Series& bars = fig.series[0];
                ASSERT_EQ(bars.kind, SeriesKind::Bars);
                ASSERT_EQ(bars.y.size(), std::size_t(k));
                const Closed want = closed(c, eps, k);
                double sum = 0;
                for (int i = 0; i < k; ++i) {
                    const double expected = i == 1                ? want.t
                                            : (want.pad && i == 0) ? 0.0
                                                                   : want.o;
                    EXPECT_TRUE(within_rel(bars.y[i], expected, 1e-14, 1e-16))
                        << fig.name << " K=" << k << " eps=" << eps << " class " << i;
                    EXPECT_EQ(bars.x[i], double(i));
                    EXPECT_EQ(bars.point_labels[i], fmt::format("{:.3f}", expected))
                        << fig.name << " class " << i;
                    sum += bars.y[i];
                }
                EXPECT_NEAR(sum, 1.0, 1e-12) << fig.name;
            }
        }
    }
}

TEST(SmoothingLab, ManyClassesLabelTheTrueThePaddingAndOneOtherBar) {
    const Figure fig = smoothing_targets_figure(lab(0.1, 20), SmoothingConvention::Uniform);
    const auto& labels = fig.series[0].point_labels;
    ASSERT_EQ(labels.size(), 20u);
    EXPECT_EQ(labels[1], "0.905");
    EXPECT_EQ(labels[0], "0.005");
    EXPECT_EQ(labels[2], "0.005");
    for (int i = 3; i < 20; ++i) EXPECT_EQ(labels[i], "") << i;
}

TEST(SmoothingLab, KlFormWithTwoClassesExplainsInsteadOfDrawing) {
    const Figure fig = smoothing_targets_figure(lab(0.1, 2), SmoothingConvention::KlPad);
    EXPECT_TRUE(fig.series.empty());
    ASSERT_EQ(fig.annotations.size(), 1u);
    EXPECT_NE(fig.annotations[0].text.find("3"), std::string::npos) << fig.annotations[0].text;
    const auto sum = smoothing_summary(lab(0.1, 2));
    EXPECT_FALSE(sum.conventions[2].valid);
    EXPECT_TRUE(sum.conventions[0].valid);
}

TEST(SmoothingLab, LossMinimaSitAtTheTargetsTrueMassAndTheEntropyFloor) {
    for (int k : {3, 7, 20}) {
        for (double eps : {0.05, 0.1, 0.4}) {
            const Figure fig = smoothing_loss_figure(lab(eps, k));
            for (auto c : kSmoothingConventions) {
                const Series* m = find_markers(fig, fig.series[1 + std::size_t(c)].color);
                ASSERT_NE(m, nullptr);
                const Closed want = closed(c, eps, k);
                const int others = want.pad ? k - 2 : k - 1;
                const double floor = -(xlogx(want.t) + others * xlogx(want.o));
                EXPECT_TRUE(within_rel(m->x[0], want.t, 1e-14)) << int(c) << " K=" << k;
                EXPECT_TRUE(within_rel(m->y[0], floor, 1e-12)) << int(c) << " K=" << k;
                EXPECT_GT(m->y[0], 0.0) << "smoothed CE never reaches 0";
                const auto& a = fig.annotations[std::size_t(c)];
                EXPECT_NE(a.text.find(fmt::format("pₜ* = {:.3f}", want.t)), std::string::npos)
                    << a.text;
                EXPECT_NE(a.text.find(fmt::format("loss = {:.3f}", floor)), std::string::npos)
                    << a.text;
                EXPECT_TRUE(a.arrow);
                EXPECT_EQ(a.arrow_x, m->x[0]);
                EXPECT_EQ(a.arrow_y, m->y[0]);
            }
            // The uniform curve is the loss; its value at the minimum is the floor and larger
            // on either side.
            const Series& uni = fig.series[1];
            const Closed u = closed(SmoothingConvention::Uniform, eps, k);
            EXPECT_LT(uni.exact(u.t), uni.exact(u.t - 0.02));
            EXPECT_LT(uni.exact(u.t), uni.exact(std::min(1.0, u.t + 0.02)));
        }
    }
}

TEST(SmoothingLab, UniformMinimumIsAtOneMinusEpsPlusEpsOverK) {
    const Figure fig = smoothing_loss_figure(lab(0.1, 10));
    const Series* m = find_markers(fig, fig.series[1].color);
    ASSERT_NE(m, nullptr);
    EXPECT_DOUBLE_EQ(m->x[0], 0.91);
}

TEST(SmoothingLab, LogitGapMarkersEqualLogTrueOverOther) {
    for (int k : {3, 10}) {
        for (double eps : {0.01, 0.1, 0.5}) {
            const Figure fig = smoothing_gap_figure(lab(eps, k));
            for (auto c : kSmoothingConventions) {
                const Series* m = find_markers(fig, fig.series[std::size_t(c)].color);
                ASSERT_NE(m, nullptr);
                const Closed want = closed(c, eps, k);
                EXPECT_TRUE(within_rel(m->y[0], std::log(want.t / want.o), 1e-12));
                EXPECT_EQ(m->x[0], eps);
            }
        }
    }
    // The worked value of the core's documentation: uniform, K = 10, ε = 0.1 gives 4.51.
    EXPECT_NEAR(smoothing_summary(lab(0.1, 10)).conventions[0].gap, std::log(0.91 / 0.01), 1e-12);
    EXPECT_TRUE(std::isinf(smoothing_summary(lab(0.0, 10)).conventions[0].gap));
}

TEST(SmoothingLab, EditorStackOfEntropyAndKlAddsUpToTheCrossEntropyBar) {
    SmoothingLabState s = lab(0.2, 4);
    s.logits = {0.5, 3.0, -1.0, 0.0};
    s.temperature = 1.5;
    const Figure editor = smoothing_editor_figure(s);
    ASSERT_EQ(editor.series.size(), 2u);
    const auto& q = editor.series[0].y;
    const auto& p = editor.series[1].y;
    ASSERT_EQ(q.size(), 4u);
    double zsum = 0;
    for (int i = 0; i < 4; ++i) zsum += std::exp(s.logits[i] / 1.5);
    double ce = 0, h = 0;
    for (int i = 0; i < 4; ++i) {
        EXPECT_TRUE(within_rel(q[i], std::exp(s.logits[i] / 1.5) / zsum, 1e-14)) << i;
        ce -= p[i] * std::log(q[i]);
        h -= xlogx(p[i]);
    }
    EXPECT_DOUBLE_EQ(p[1], 0.85);
    const Figure dec = smoothing_decomposition_figure(s);
    ASSERT_EQ(dec.series.size(), 3u);
    const Series &hbar = dec.series[0], &klbar = dec.series[1], &cebar = dec.series[2];
    EXPECT_TRUE(within_rel(hbar.y[0], h, 1e-13));
    EXPECT_EQ(klbar.y_base[0], hbar.y[0]) << "KL sits on top of H(p)";
    EXPECT_TRUE(within_rel(klbar.y[0], cebar.y[0], 1e-13)) << "the stack equals H(p, q)";
    EXPECT_TRUE(within_rel(cebar.y[0], ce, 1e-13));
    EXPECT_EQ(cebar.point_labels[0], fmt::format("{:.3f}", ce));
}

TEST(SmoothingLab, EditorFallsBackToUniformWhenKlPadHasTwoClasses) {
    SmoothingLabState s = lab(0.1, 2);
    s.convention = 2;
    const Figure fig = smoothing_editor_figure(s);
    EXPECT_NE(fig.title.find("K ≥ 3"), std::string::npos);
    EXPECT_DOUBLE_EQ(fig.series[1].y[1], 0.95);
}

TEST(SmoothingLab, SoftTargetsFlattenAndTheLossCarriesTSquared) {
    SmoothingLabState s = lab(0.1, 5);
    double last_max = 2.0;
    for (double t : {0.5, 1.0, 4.0, 20.0}) {
        s.distill_t = t;
        const Figure fig = distillation_targets_figure(s);
        const auto& soft = fig.series[1].y;
        double zsum = 0;
        for (int i = 0; i < 5; ++i) zsum += std::exp(s.teacher[i] / t);
        double mx = 0;
        for (int i = 0; i < 5; ++i) {
            EXPECT_TRUE(within_rel(soft[i], std::exp(s.teacher[i] / t) / zsum, 1e-13));
            mx = std::max(mx, soft[i]);
        }
        EXPECT_LT(mx, last_max) << "the top soft target shrinks as T grows";
        last_max = mx;
        // T² KL(teacher_T || student_T) from its definition.
        double ssum = 0;
        for (int i = 0; i < 5; ++i) ssum += std::exp(s.logits[i] / t);
        double kl = 0;
        for (int i = 0; i < 5; ++i) {
            const double pt = std::exp(s.teacher[i] / t) / zsum;
            const double qs = std::exp(s.logits[i] / t) / ssum;
            kl += pt * std::log(pt / qs);
        }
        EXPECT_TRUE(within_rel(smoothing_summary(s).distill_kl, t * t * kl, 1e-10)) << t;
    }
}

TEST(SmoothingLab, ParametersAreRegisteredWithEpsFirstAndOneKeyPerClass) {
    const auto params = lab_params(LabId::Smoothing);
    ASSERT_FALSE(params.empty());
    const ParamBinding* first_real = nullptr;
    for (const auto* p : params)
        if (p->spec->kind == ParamKind::Real) {
            first_real = p;
            break;
        }
    ASSERT_NE(first_real, nullptr);
    EXPECT_EQ(first_real->key(), "smoothing.eps") << "--bench-frames sweeps ε";
    for (int i = 0; i < 20; ++i) {
        EXPECT_NE(find_param(fmt::format("smoothing.logit_{}", i)), nullptr) << i;
        EXPECT_NE(find_param(fmt::format("smoothing.teacher_{}", i)), nullptr) << i;
    }
    EXPECT_EQ(find_param("smoothing.logit_20"), nullptr);
    AppState state = default_app_state();
    EXPECT_EQ(state.smoothing, SmoothingLabState{});
    ASSERT_TRUE(apply_assignment(state, "smoothing.logit_7=2.5").ok());
    EXPECT_EQ(state.smoothing.logits[7], 2.5);
    ASSERT_TRUE(apply_assignment(state, "smoothing.convention=kl-pad").ok());
    EXPECT_EQ(state.smoothing.convention, 2);
    const auto bad = apply_assignment(state, "smoothing.teacher_3=11");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("smoothing.teacher_3 requires -10 <= value <= 10, got 11"),
              std::string::npos)
        << bad.error().message;
    EXPECT_FALSE(apply_assignment(state, "smoothing.K=21").ok());
}

// [SECTION] Smoothing and calibration together (Müller et al. 2019)

TEST(SmoothingCalibrationFigures, AreListedAndCarryTheCoresFitOfTheCalibrationLabsData) {
    for (const char* name : {"smoothing-calibration-reliability", "smoothing-calibration-vs-eps",
                             "smoothing-calibration-teacher"})
        EXPECT_NE(find_figure(name), nullptr) << name;
    // The data: the calibration lab's default synthetic classifier at confidence 1.
    losslab::SyntheticClassifierParams p;
    p.num_examples = 2000;
    p.num_classes = 10;
    p.seed = 1;
    const auto data = losslab::make_synthetic_classifier(p).value();
    AppState app = default_app_state();
    ASSERT_TRUE(apply_assignment(app, "smoothing.eps=0.3").ok());
    losslab::SmoothedFitParams fp;
    fp.eps = 0.3;
    const auto ref =
        losslab::fit_towards_smoothed_targets(data.logits, 10, data.labels, fp).value();
    const auto rel = find_figure("smoothing-calibration-reliability")->build(app);
    ASSERT_GE(rel.series.size(), 3u);
    std::size_t k = 0;
    for (const auto& b : ref.bins) {
        if (b.count == 0) continue;
        ASSERT_LT(k, rel.series[0].y.size());
        EXPECT_EQ(rel.series[0].y[k++], b.accuracy);
    }
    EXPECT_EQ(k, rel.series[0].y.size());
    EXPECT_NE(rel.title.find("ε = 0.3"), std::string::npos) << rel.title;

    const auto grid = smoothing_eps_grid();
    const auto curve = find_figure("smoothing-calibration-vs-eps")->build(app);
    const auto teacher = find_figure("smoothing-calibration-teacher")->build(app);
    ASSERT_EQ(curve.series[0].y.size(), grid.size());
    for (std::size_t i = 0; i < grid.size(); i += 6) {
        fp.eps = grid[i];
        const auto at = losslab::fit_towards_smoothed_targets(data.logits, 10, data.labels, fp);
        EXPECT_EQ(curve.series[0].y[i], at.value().ece) << grid[i];
        EXPECT_EQ(curve.series[1].y[i], at.value().mean_confidence) << grid[i];
        EXPECT_EQ(teacher.series[0].y[i], at.value().wrong_class_kl) << grid[i];
    }
    // The marker follows the lab's eps.
    EXPECT_EQ(curve.series.back().x, (std::vector<double>{0.3}));
    // Müller et al.: smoothing lowers the over-confidence of one-hot training ...
    EXPECT_LT(curve.series[0].y[4], 0.8 * curve.series[0].y[0]);
    // ... and the teacher keeps less of the wrong-class structure a student would learn.
    EXPECT_GT(teacher.series[0].y[4], 1.5 * teacher.series[0].y[0]);
}

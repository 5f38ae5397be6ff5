#include "losslab/focal_loss.hpp"
#include "losslab/label_smoothing.hpp"
#include "model/labs/curve_catalogue.hpp"
#include "model/labs/lab_loss.hpp"
#include "model/params/param_registry.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace losslab::model;
using namespace losslab::plot;

namespace {
const Series* find_series(const Figure& f, std::string_view prefix) {
    for (const auto& s : f.series)
        if (s.name.rfind(prefix, 0) == 0) return &s;
    return nullptr;
}
} // namespace

TEST(LossLab, EveryToggledCurveAppearsInBothFigures) {
    LossLabState s;
    s.show_balanced = s.show_brier = true;
    const auto loss = loss_vs_probability_figure(s);
    const auto grad = loss_gradient_figure(s);
    for (const char* name : {"cross-entropy", "focal", "α-balanced", "BCE", "MSE / Brier", "smoothed"}) {
        EXPECT_NE(find_series(loss, name), nullptr) << name;
        EXPECT_NE(find_series(grad, name), nullptr) << name;
    }
    s.show_focal = false;
    const Figure without_focal = loss_vs_probability_figure(s);
    EXPECT_EQ(find_series(without_focal, "focal"), nullptr);
}

TEST(LossLab, EachCurveIsKnownByItsToggleAndTheWindowsFigureKeepsHiddenOnesMuted) {
    LossLabState s;
    s.show_focal = false;
    // Every curve's series id names its "loss.show_<id>" toggle.
    for (const auto& c : loss_curves(s, true))
        EXPECT_NE(find_param("loss.show_" + c.id), nullptr) << c.id;
    const auto catalogue = loss_vs_probability_figure(s);
    const auto window = loss_vs_probability_figure(s, true);
    EXPECT_EQ(find_series(catalogue, "focal"), nullptr) << "exports show only the curves on";
    const Series* focal = find_series(window, "focal");
    ASSERT_NE(focal, nullptr) << "the window's legend lists a curve whose toggle is off";
    EXPECT_EQ(focal->id, "focal");
    EXPECT_FALSE(focal->visible);
    const Series* ce = find_series(window, "cross-entropy");
    ASSERT_NE(ce, nullptr);
    EXPECT_EQ(ce->id, "ce");
    EXPECT_TRUE(ce->visible);
    EXPECT_EQ(loss_gradient_figure(s, true).series.size(), loss_gradient_figure(s).series.size() + 3)
        << "focal, α-balanced and Brier are off by default or here";
}

TEST(LossLab, HoverValuesEqualTheCurveCommand) {
    LossLabState s;
    s.gamma = 3.0;
    s.alpha = 0.25;
    const auto fig = loss_vs_probability_figure(s);
    const auto focal = make_curve("focal", {{"gamma", 3.0}, {"alpha", 0.25}, {"target", 1.0}});
    ASSERT_TRUE(focal.ok());
    const Series* series = find_series(fig, "focal");
    ASSERT_NE(series, nullptr);
    for (double p : {1e-9, 0.1, 0.5, 0.9, 0.999999})
        EXPECT_EQ(series->exact(p), focal.value()(p).value) << "p = " << p;
}

TEST(LossLab, CrossEntropyGradientIsPMinusOne) {
    LossLabState s;
    const auto grad = loss_gradient_figure(s);
    const Series* ce = find_series(grad, "cross-entropy");
    ASSERT_NE(ce, nullptr);
    for (double p : {0.01, 0.3, 0.5, 0.9, 0.999})
        EXPECT_NEAR(ce->exact(p), p - 1.0, 1e-15) << "p = " << p;
    s.x_axis = 1; // against the logit: σ(z) − 1
    const Figure grad_z = loss_gradient_figure(s);
    const Series* ce_z = find_series(grad_z, "cross-entropy");
    ASSERT_NE(ce_z, nullptr);
    EXPECT_NEAR(ce_z->exact(0.0), -0.5, 1e-15);
    EXPECT_NEAR(ce_z->exact(40.0), -4.248354255291589e-18, 1e-30) << "no cancellation at large z";
}

TEST(LossLab, SmoothedMinimumIsMarkedAtTheClosedForm) {
    LossLabState s;
    s.num_classes = 10;
    s.eps = 0.1;
    const auto fig = loss_vs_probability_figure(s);
    const Series* marker = nullptr;
    for (const auto& ser : fig.series)
        if (ser.kind == SeriesKind::Markers) marker = &ser;
    ASSERT_NE(marker, nullptr);
    EXPECT_NEAR(marker->x[0], 1.0 - 0.1 + 0.1 / 10.0, 1e-15);
    // The floor is the entropy of the target: 0.91, and nine classes at 0.01.
    const double floor = -(0.91 * std::log(0.91) + 9 * 0.01 * std::log(0.01));
    EXPECT_NEAR(marker->y[0], floor, 1e-14);
    ASSERT_FALSE(fig.annotations.empty());
    EXPECT_NE(fig.annotations[0].text.find("0.910"), std::string::npos);
}

TEST(LossLab, ReadoutAtTheMarkerMatchesTheCore) {
    LossLabState s;
    s.marker = 0.9;
    const auto rows = loss_readout(s);
    ASSERT_FALSE(rows.empty());
    EXPECT_EQ(rows[0].value, losslab::cross_entropy_pt(0.9));
    EXPECT_NEAR(rows[0].dloss_dz, 0.9 - 1.0, 1e-15);
    for (const auto& r : rows) {
        EXPECT_TRUE(std::isfinite(r.value)) << r.name;
        EXPECT_TRUE(std::isfinite(r.dloss_dz)) << r.name;
    }
}

TEST(LossLab, LogitAxisMapsTheMarker) {
    LossLabState s;
    s.x_axis = 1;
    s.marker = 0.5;
    EXPECT_NEAR(loss_marker_x(s), 0.0, 1e-15);
    EXPECT_NEAR(loss_marker_from_x(s, 2.0), 1.0 / (1.0 + std::exp(-2.0)), 1e-15);
    EXPECT_EQ(loss_marker_from_x(s, 100.0), params::kLossMarker.max);
}

TEST(LossLab, ParametersAreSettableByKey) {
    AppState state;
    for (const char* a : {"loss.x_axis=logit", "loss.show_brier=true", "loss.K=20", "loss.eps=0.2",
                          "loss.alpha=-1", "loss.y=0.3", "loss.marker=0.95"})
        EXPECT_TRUE(apply_assignment(state, a).ok()) << a;
    EXPECT_EQ(state.loss.x_axis, 1);
    EXPECT_TRUE(state.loss.show_brier);
    EXPECT_EQ(state.loss.num_classes, 20);
    EXPECT_FALSE(apply_assignment(state, "loss.marker=1").ok()) << "p = 1 has no finite logit";
    EXPECT_FALSE(apply_assignment(state, "loss.K=1").ok());
}

// Against the logit the main figure's title and x axis speak of the logit, not a probability.
TEST(LossLab, LogitAxisTitleDoesNotSayProbability) {
    LossLabState s;
    EXPECT_NE(loss_vs_probability_figure(s).title.find("probability"), std::string::npos);
    s.x_axis = 1;
    const Figure f = loss_vs_probability_figure(s);
    EXPECT_EQ(f.title.find("probability"), std::string::npos) << f.title;
    EXPECT_NE(f.title.find("logit"), std::string::npos) << f.title;
}

// Against the logit, curves with batched kernels are drawn from them: every sample within a few
// ulp of the exact scalar function (the readout's), the gradient figure from the gradient kernel.
TEST(LossLab, LogitCurvesDrawnFromBatchedKernelsStayWithinAFewUlpOfTheExactPath) {
    LossLabState s;
    s.x_axis = 1;
    s.show_bce = true;
    s.target_y = 0.8;
    for (const auto& fig : {loss_vs_probability_figure(s), loss_gradient_figure(s)}) {
        int batched = 0;
        for (const char* name : {"cross-entropy", "focal", "BCE"}) {
            const Series* c = find_series(fig, name);
            ASSERT_NE(c, nullptr) << name;
            EXPECT_TRUE(c->y_for_drawing) << fig.name << " " << name;
            batched += c->y_for_drawing;
            ASSERT_GT(c->x.size(), 50u);
            for (std::size_t i = 0; i < c->x.size(); ++i) {
                const double want = c->exact(c->x[i]);
                EXPECT_LE(std::fabs(c->y[i] - want), 8 * std::numeric_limits<double>::epsilon() *
                                                        std::fabs(want) + 1e-300)
                    << fig.name << " " << name << " at z = " << c->x[i];
            }
        }
        EXPECT_EQ(batched, 3);
        // A curve without a batched kernel keeps the scalar samples.
        const Series* smoothed = find_series(fig, "smoothed");
        ASSERT_NE(smoothed, nullptr);
        EXPECT_FALSE(smoothed->y_for_drawing);
    }
}

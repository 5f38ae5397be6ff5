// The focal lab's figures and texts: values from the core, the family's colours and band,
// the readout sentence, the imbalance shares, the pitfalls' damage, the γ-list editor's
// parsing and the parameter registration.
#include "losslab/binary_losses.hpp"
#include "losslab/focal_loss.hpp"
#include "plot/color.hpp"
#include "model/labs/curve_catalogue.hpp"
#include "model/labs/lab_focal.hpp"
#include "model/params/param_registry.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace losslab::model;
using namespace losslab::plot;

namespace {
const Series& named(const Figure& fig, std::string_view name) {
    for (const auto& s : fig.series)
        if (s.name == name) return s;
    ADD_FAILURE() << "no series " << name << " in " << fig.name;
    return fig.series.front();
}
} // namespace

TEST(FocalLab, Figure1HasOneViridisCurvePerGammaFromTheCore) {
    const FocalLabState state;
    const Figure fig = focal_figure1(state);
    ASSERT_EQ(fig.series.size(), 6u) << "five γ of the paper plus the user's (α, γ)";
    const double gammas[] = {0.0, 0.5, 1.0, 2.0, 5.0};
    for (int i = 0; i < 5; ++i) {
        const auto& s = fig.series[size_t(i)];
        EXPECT_EQ(s.color, viridis(0.9 * i / 4.0)) << s.name;
        // The plotted values are the catalogue's (what `losslab curve focal` prints) and
        // agree with the closed form −(1 − p)ᵞ log p.
        const auto curve = i == 0 ? make_curve("ce", {})
                                  : make_curve("focal", {{"gamma", gammas[i]},
                                                         {"alpha", -1.0},
                                                         {"target", 1.0}});
        ASSERT_TRUE(curve);
        for (size_t k = 0; k < s.x.size(); k += 41) {
            EXPECT_EQ(s.y[k], curve.value()(s.x[k]).value) << s.name;
            EXPECT_NEAR(s.y[k], -std::pow(1 - s.x[k], gammas[i]) * std::log(s.x[k]),
                        1e-13 * (1 + s.y[k]))
                << s.name << " at " << s.x[k];
        }
        EXPECT_EQ(s.exact(0.3), curve.value()(0.3).value);
    }
    EXPECT_EQ(fig.series[0].name, "γ = 0 (CE)");
    EXPECT_EQ(fig.series[0].exact(0.25), losslab::cross_entropy_pt(0.25));
    EXPECT_EQ(fig.series[3].name, "γ = 2");
    const auto& mine = fig.series[5];
    EXPECT_NEAR(mine.exact(0.2), -0.25 * 0.64 * std::log(0.2), 1e-15);
    EXPECT_EQ(mine.exact(0.2),
              make_curve("focal", {{"gamma", 2.0}, {"alpha", 0.25}, {"target", 1.0}})
                  .value()(0.2)
                  .value);
    EXPECT_NE(mine.name.find("α = 0.25, γ = 2.00"), std::string::npos) << mine.name;
    ASSERT_EQ(fig.bands.size(), 1u);
    EXPECT_EQ(fig.bands[0].x0, 0.5);
    EXPECT_EQ(fig.bands[0].x1, 1.0);
    ASSERT_EQ(fig.annotations.size(), 1u);
    EXPECT_NE(fig.annotations[0].text.find("well-classified"), std::string::npos);
    EXPECT_GT(fig.annotations[0].x, 0.5) << "the label sits inside the shaded band";
    EXPECT_EQ(fig.y_axis.min, 0.0);
    EXPECT_EQ(fig.y_axis.max, 5.0);
}

TEST(FocalLab, EditedGammaListChangesTheFamily) {
    FocalLabState state;
    state.gammas = parse_gamma_list("1, 3").value();
    const Figure fig = focal_figure1(state);
    ASSERT_EQ(fig.series.size(), 3u);
    EXPECT_EQ(fig.series[1].name, "γ = 3");
    EXPECT_EQ(fig.series[1].color, viridis(0.9));
    EXPECT_NEAR(fig.series[1].exact(0.5), 0.125 * std::log(2.0), 1e-16);
}

TEST(FocalLab, ReadoutSaysHowManyTimesLessThanCrossEntropy) {
    FocalLabState state;
    state.alpha = -1.0;
    EXPECT_EQ(focal_readout(state),
              "At pₜ = 0.900, (1 − pₜ)ᵞ = 0.01: γ = 2.00 weighs it 100× less than CE.");
    state.alpha = 0.25;
    EXPECT_NE(focal_readout(state).find("with α = 0.25 (a positive example) focal loss weighs it "
                                        "400× less than CE"),
              std::string::npos)
        << focal_readout(state);
    state.gamma = 0.0;
    state.alpha = -1.0;
    EXPECT_NE(focal_readout(state).find("weighs it like CE"), std::string::npos);
}

TEST(FocalLab, ModulatingFigureMarksTheReadoutOnTheFocalOverCeCurve) {
    FocalLabState state;
    state.readout_p = 0.8;
    state.gamma = 3.0;
    const Figure fig = focal_modulating_figure(state);
    EXPECT_EQ(fig.y_axis.scale, AxisScale::Log10);
    const auto& two = named(fig, "(1 − pₜ)^2");
    EXPECT_NEAR(two.exact(0.9), 0.01, 1e-16);
    const Series* dot = nullptr;
    for (const auto& s : fig.series)
        if (s.kind == SeriesKind::Markers) dot = &s;
    ASSERT_NE(dot, nullptr);
    EXPECT_EQ(dot->x[0], 0.8);
    EXPECT_EQ(dot->y[0], losslab::focal_loss_pt(0.8, 3.0, 0.25) / losslab::cross_entropy_pt(0.8))
        << "FL / CE at the readout";
}

TEST(FocalLab, ImbalanceBarsCarryEachGroupsShareAsAPercentage) {
    const FocalLabState state; // 100 000 easy negatives at 0.99, 100 hard positives at 0.1
    const Figure fig = focal_imbalance_figure(state);
    const auto& easy = named(fig, "easy negatives");
    const auto& hard = named(fig, "hard positives");
    ASSERT_EQ(easy.y.size(), 3u);
    const double e = 1e5 * -std::log(0.99), h = 100 * -std::log(0.1);
    EXPECT_NEAR(easy.y[0], 100 * e / (e + h), 1e-9);
    EXPECT_EQ(easy.point_labels[0], "81.4 %");
    EXPECT_EQ(hard.point_labels[0], "18.6 %");
    // α-balanced CE with its own α = 0.75 (not focal's 0.25): 0.25 e against 0.75 h.
    EXPECT_NEAR(easy.y[1], 100 * 0.25 * e / (0.25 * e + 0.75 * h), 1e-9);
    // Focal loss, α = 0.25, γ = 2: the hard positives carry almost all of it.
    const double ef = 0.75 * 1e-4 * e, hf = 0.25 * 0.81 * h;
    EXPECT_NEAR(hard.y[2], 100 * hf / (ef + hf), 1e-9);
    EXPECT_EQ(hard.point_labels[2], "99.8 %");
    EXPECT_EQ(easy.point_labels[2], "0.16 %");
    EXPECT_NEAR(easy.y[0] + hard.y[0], 100.0, 1e-12);
    const auto lines = focal_imbalance_lines(state);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0], "CE: easy negatives 1005.03, hard positives 230.259");
}

TEST(FocalLab, PitfallFiguresShowTheDamage) {
    const FocalLabState state;
    const Figure f32 = focal_pitfall_float32_figure(state);
    const auto& stable = named(f32, "BCEWithLogits (stable)");
    const auto& naive = named(f32, "float32 sigmoid, then BCE");
    EXPECT_NEAR(stable.exact(50.0), 50.0, 1e-12);
    EXPECT_EQ(naive.exact(50.0), 100.0) << "the clamp";
    EXPECT_EQ(naive.exact(50.0), double(losslab::bce_naive_float32(50.0f, 0.0f)));

    const Figure prob = focal_pitfall_probabilities_figure(state);
    EXPECT_GT(named(prob, "|d/dz| BCEWithLogits(z)").exact(-6.0), 0.99);
    EXPECT_LT(named(prob, "|d/dz| BCEWithLogits(σ(z))").exact(-6.0), 0.002);
    EXPECT_GT(named(prob, "BCEWithLogits(σ(z))").exact(8.0), 0.31);

    const Figure twice = focal_pitfall_softmax_twice_figure(state);
    EXPECT_NEAR(named(twice, "cross_entropy(softmax(z))").exact(16.0),
                std::log(std::exp(1.0) + 9.0) - 1.0, 1e-6);
    EXPECT_LT(named(twice, "cross_entropy(z)").exact(16.0), 1e-5);
    EXPECT_NE(twice.title.find("K = 10"), std::string::npos);

    const Figure multi = focal_pitfall_multilabel_figure(state);
    EXPECT_NEAR(named(multi, "softmax over K classes").exact(8.0), 0.5, 1e-6);
    EXPECT_GT(named(multi, "sigmoid per class (multi-label)").exact(8.0), 0.999);
}

TEST(FocalLab, GammaListParsesAndNamesTheBadEntryAndTheRange) {
    const auto ok = parse_gamma_list(" 0, 0.5,1 ,2, 5 ");
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok.value(), GammaList{});
    EXPECT_EQ(format_gamma_list(ok.value()), "0, 0.5, 1, 2, 5");
    EXPECT_TRUE(parse_gamma_list("3,"));
    const auto bad = parse_gamma_list("1, two, 3");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().message, "γ list entry requires a number in [0, 10], got 'two'");
    const auto big = parse_gamma_list("1, 12");
    ASSERT_FALSE(big);
    EXPECT_EQ(big.error().message, "γ list entry requires a number in [0, 10], got '12'");
    EXPECT_FALSE(parse_gamma_list("-1"));
    EXPECT_FALSE(parse_gamma_list(""));
    EXPECT_FALSE(parse_gamma_list("1,,2"));
    const auto many = parse_gamma_list("0,1,2,3,4,5,6,7,8");
    ASSERT_FALSE(many);
    EXPECT_NE(many.error().message.find("1 to 8 numbers"), std::string::npos);
    EXPECT_TRUE(parse_gamma_list("0,1,2,3,4,5,6,7"));
}

TEST(FocalLab, ParametersAreRegisteredWithGammaTheFirstRealOne) {
    const auto ps = lab_params(LabId::Focal);
    const ParamBinding* first_real = nullptr;
    for (const auto* p : ps)
        if (!first_real && p->spec->kind == ParamKind::Real) first_real = p;
    ASSERT_NE(first_real, nullptr);
    EXPECT_EQ(first_real->key(), "focal.gamma");
    AppState state;
    EXPECT_EQ(state.focal.easy_negatives, 100000);
    ASSERT_TRUE(apply_assignment(state, "focal.easy_negatives=1000"));
    EXPECT_EQ(state.focal.easy_negatives, 1000);
    ASSERT_TRUE(apply_assignment(state, "focal.view=pitfalls"));
    EXPECT_EQ(state.focal.view, 3);
    const auto bad = apply_assignment(state, "focal.hard_p=0.9");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("focal.hard_p requires"), std::string::npos);
}

// The PyTorch losses lab's catalogue and pipeline views: every catalogue-<criterion> figure is
// registered and plots finite loss and gradient; plotted values at chosen points equal the
// closed forms of the criteria and a separate evaluate_criterion call; the CTC lattice's
// forward variables give `losslab loss ctc_loss`'s value and the brute-force sum over every
// alignment; the pipeline figures' float32 / float64 values equal PyTorch 1.13
// (tests/reference/gen_pytorch_pipelines.py) and the exact one equals mpmath.

#include "losslab/activations.hpp"
#include "model/labs/figure_catalogue.hpp"
#include "model/labs/lab_pytorch_catalogue.hpp"
#include "model/params/param_registry.hpp"
#include "model/persist/lesson.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

using namespace losslab;
using namespace losslab::model;

namespace {

const plot::Series& series(const plot::Figure& fig, const std::string& id) {
    for (const auto& s : fig.series)
        if (s.id == id) return s;
    ADD_FAILURE() << fig.name << " has no series " << id;
    static const plot::Series none;
    return none;
}

// The plotted function of series `id` at x (its samples are this function at the grid; see
// SamplesAreTheSeriesFunction).
double plotted(const plot::Figure& fig, const std::string& id, double x) {
    const auto& s = series(fig, id);
    if (!s.exact) {
        ADD_FAILURE() << fig.name << "/" << id << " has no function";
        return NAN;
    }
    return s.exact(x);
}

} // namespace

TEST(PytorchCatalogue, EveryCriterionOfLosslabLossHasAFigureWithFiniteLossAndGradient) {
    const AppState st = default_app_state();
    ASSERT_EQ(params::kCatalogueCriteria.size(), criterion_catalogue().size());
    for (std::string_view c : params::kCatalogueCriteria) {
        SCOPED_TRACE(std::string(c));
        EXPECT_NE(find_criterion(c), nullptr);
        const std::string name = catalogue_figure_name(c);
        const FigureInfo* info = find_figure(name);
        ASSERT_NE(info, nullptr) << name;
        const plot::Figure fig = info->build(st);
        EXPECT_EQ(fig.name, name);
        EXPECT_TRUE(fig.annotations.empty()) << fig.annotations.front().text;
        std::size_t finite = 0, curves = 0;
        for (const auto& s : fig.series) {
            if (s.kind != plot::SeriesKind::Line && s.kind != plot::SeriesKind::Image) continue;
            ++curves;
            for (double v : s.kind == plot::SeriesKind::Image ? s.image.values : s.y)
                finite += std::isfinite(v);
        }
        EXPECT_GE(curves, c == "ctc_loss" ? 2u : 2u);
        EXPECT_GT(finite, 20u);
    }
    EXPECT_EQ(catalogue_figure_name("smooth_l1_loss"), "catalogue-smooth-l1-loss");
}

TEST(PytorchCatalogue, SamplesAreTheSeriesFunction) {
    const AppState st = default_app_state();
    for (std::string_view c : params::kCatalogueCriteria) {
        if (c == "ctc_loss") continue;
        const plot::Figure fig = catalogue_figure(st.pytorch, c);
        for (const auto& s : fig.series) {
            if (s.kind != plot::SeriesKind::Line) continue;
            for (std::size_t i = 0; i < s.x.size(); i += 97) {
                const double f = s.exact(s.x[i]);
                EXPECT_TRUE(f == s.y[i] || (std::isnan(f) && std::isnan(s.y[i])))
                    << fig.name << "/" << s.id << " at " << s.x[i];
            }
        }
    }
}

TEST(PytorchCatalogue, PlottedValuesAreTheCriteriaClosedForms) {
    PytorchLabState s;
    s.beta = 1.0;
    s.delta = 0.5;
    s.classes = 5;
    s.hinge_margin = 1.0;
    s.cosine_margin = 0.25;
    s.ranking_margin = 0.5;
    auto fig = catalogue_figure(s, "smooth_l1_loss");
    EXPECT_DOUBLE_EQ(plotted(fig, "loss", 0.5), 0.125);
    EXPECT_DOUBLE_EQ(plotted(fig, "grad", 0.5), 0.5);
    EXPECT_DOUBLE_EQ(plotted(fig, "loss", -2.0), 1.5);
    EXPECT_DOUBLE_EQ(plotted(fig, "grad", -2.0), -1.0);
    fig = catalogue_figure(s, "huber_loss");
    EXPECT_DOUBLE_EQ(plotted(fig, "loss", 2.0), 0.5 * (2.0 - 0.25));
    EXPECT_DOUBLE_EQ(plotted(fig, "grad", 2.0), 0.5);
    // K = 5 classes, margin 0: q = 1/5, loss log 5, d/dm = q − 1.
    fig = catalogue_figure(s, "cross_entropy");
    EXPECT_NEAR(plotted(fig, "loss", 0.0), std::log(5.0), 1e-15);
    EXPECT_NEAR(plotted(fig, "grad", 0.0), -0.8, 1e-15);
    // Multi-label margin: (C − 1) max(0, 1 − m) / C, slope −(C − 1)/C below m = 1.
    fig = catalogue_figure(s, "multilabel_margin_loss");
    EXPECT_NEAR(plotted(fig, "loss", 0.0), 0.8, 1e-15);
    EXPECT_NEAR(plotted(fig, "grad", 0.0), -0.8, 1e-15);
    EXPECT_EQ(plotted(fig, "loss", 2.0), 0.0);
    // Hinge embedding: label 1 is d; label −1 is max(0, margin − d).
    fig = catalogue_figure(s, "hinge_embedding_loss");
    EXPECT_DOUBLE_EQ(plotted(fig, "loss-pos", 0.5), 0.5);
    EXPECT_DOUBLE_EQ(plotted(fig, "loss-neg", 0.5), 0.5);
    EXPECT_DOUBLE_EQ(plotted(fig, "grad-neg", 0.5), -1.0);
    EXPECT_DOUBLE_EQ(plotted(fig, "loss-neg", 2.0), 0.0);
    // Cosine embedding: 1 − cos for label 1, max(0, cos − margin) for label −1.
    fig = catalogue_figure(s, "cosine_embedding_loss");
    EXPECT_NEAR(plotted(fig, "loss-pos", 0.5), 0.5, 1e-12);
    EXPECT_NEAR(plotted(fig, "loss-neg", 0.5), 0.25, 1e-12);
    EXPECT_EQ(plotted(fig, "grad-neg", 0.5), 1.0);
    EXPECT_EQ(plotted(fig, "grad-neg", 0.0), 0.0);
    // Margin ranking: max(0, −y x + margin).
    fig = catalogue_figure(s, "margin_ranking_loss");
    EXPECT_DOUBLE_EQ(plotted(fig, "loss-pos", 0.0), 0.5);
    EXPECT_DOUBLE_EQ(plotted(fig, "grad-pos", 0.0), -1.0);
    EXPECT_DOUBLE_EQ(plotted(fig, "loss-neg", -1.0), 0.0);
    // Triplet: anchor between positive (0) and negative (2): margin + x − (2 − x).
    fig = catalogue_figure(s, "triplet_margin_loss");
    EXPECT_NEAR(plotted(fig, "loss", 1.0), 1.0, 1e-5); // eps = 1e-6 inside the distances
    EXPECT_NEAR(plotted(fig, "grad", 1.0), 2.0, 1e-9);
    EXPECT_NEAR(plotted(fig, "loss", 4.0), 3.0, 1e-5); // d(a, p) = 4, d(a, n) = 2
    EXPECT_EQ(plotted(fig, "loss", -1.0), 0.0);        // d(a, n) − d(a, p) = 2 > margin
    // KL of (t, 1 − t) against (q, 1 − q) is 0 with zero slope at q = t.
    fig = catalogue_figure(s, "kl_div");
    EXPECT_NEAR(plotted(fig, "loss", s.kl_target), 0.0, 1e-15);
    EXPECT_NEAR(plotted(fig, "grad", s.kl_target), 0.0, 1e-12);
    // Poisson with log input: e^x − k x, minimum 0-slope at x = log k.
    fig = catalogue_figure(s, "poisson_nll_loss");
    EXPECT_NEAR(plotted(fig, "loss", std::log(s.count)), s.count - s.count * std::log(s.count),
                1e-14);
    EXPECT_NEAR(plotted(fig, "grad", std::log(s.count)), 0.0, 1e-14);
}

TEST(PytorchCatalogue, OptionsAreLabParametersAndChangeTheFigure) {
    AppState st = default_app_state();
    for (const char* set :
         {"pytorch.catalogue=huber_loss", "pytorch.delta=2", "pytorch.beta=0.5",
          "pytorch.hinge_margin=2", "pytorch.p=1", "pytorch.swap=true", "pytorch.log_input=false",
          "pytorch.full=true", "pytorch.var=4", "pytorch.ctc_frames=2",
          "pytorch.zero_infinity=true", "pytorch.view=catalogue", "pytorch.y=0"})
        EXPECT_TRUE(apply_assignment(st, set).ok()) << set;
    EXPECT_EQ(params::kCatalogueCriteria[std::size_t(st.pytorch.catalogue)], "huber_loss");
    const auto fig = catalogue_figure(st.pytorch, "huber_loss");
    EXPECT_DOUBLE_EQ(plotted(fig, "loss", 1.0), 0.5); // δ = 2: still quadratic at r = 1
    EXPECT_FALSE(apply_assignment(st, "pytorch.catalogue=focal").ok());
}

TEST(PytorchCatalogue, PlottedPointsEqualASeparateCriterionCall) {
    // What `losslab loss` prints for the same tensors (evaluate_criterion is its code).
    PytorchLabState s;
    s.alpha = 0.25;
    s.gamma = 2.0;
    s.y = 1.0;
    const auto fig = catalogue_figure(s, "sigmoid_focal_loss");
    for (double z : {-8.0, -3.5, -1.0, 0.0, 0.25, 2.0, 7.5}) {
        CriterionCall call;
        call.criterion = "sigmoid_focal_loss";
        call.tensors["inputs"] = {NpyDtype::Float64, {1}, {z}};
        call.tensors["targets"] = {NpyDtype::Float64, {1}, {1.0}};
        call.options = {{"alpha", "0.25"}, {"gamma", "2"}, {"reduction", "sum"}};
        auto r = evaluate_criterion(call, true);
        ASSERT_TRUE(r.ok());
        EXPECT_EQ(plotted(fig, "loss", z), r.value().value.front()) << z;
        EXPECT_EQ(plotted(fig, "grad", z), r.value().grad.front()) << z;
    }
}

// -log of the sum over every label sequence of T frames that collapses (merge repeats, drop
// blanks) to `target`: the definition CTC's forward recursion computes.
double brute_force_ctc(const std::vector<double>& lp, std::size_t t_len, std::size_t c,
                       const std::vector<int>& target) {
    double total = 0.0;
    std::vector<int> path(t_len, 0);
    std::function<void(std::size_t, double)> walk = [&](std::size_t t, double logp) {
        if (t == t_len) {
            std::vector<int> out;
            int prev = -1;
            for (int k : path) {
                if (k != prev && k != 0) out.push_back(k);
                prev = k;
            }
            if (out == target) total += std::exp(logp);
            return;
        }
        for (std::size_t k = 0; k < c; ++k) {
            path[t] = int(k);
            walk(t + 1, logp + lp[t * c + k]);
        }
    };
    walk(0, 0.0);
    return -std::log(total);
}

TEST(PytorchCatalogue, CtcLatticeEqualsLosslabLossAndTheSumOverAlignments) {
    for (int target : {0, 1}) {
        for (int frames : {3, 4, 5, 6}) {
            PytorchLabState s;
            s.ctc_target = target;
            s.ctc_frames = frames;
            s.ctc_seed = 7;
            SCOPED_TRACE(::testing::Message() << "target " << target << " T " << frames);
            auto lattice = ctc_lattice(s);
            ASSERT_TRUE(lattice.ok()) << lattice.error().message;
            const auto& L = lattice.value();
            auto call = ctc_lattice_call(s, "sum");
            auto cli = evaluate_criterion(call, false);
            ASSERT_TRUE(cli.ok());
            const std::vector<int> labels =
                target == 0 ? std::vector<int>{2, 1, 4} : std::vector<int>{4, 3, 3};
            EXPECT_EQ(L.min_frames, target == 0 ? 3u : 4u);
            if (std::size_t(frames) < L.min_frames) {
                EXPECT_TRUE(std::isinf(L.neg_log_likelihood));
                EXPECT_TRUE(std::isinf(L.loss_sum));
                EXPECT_TRUE(L.best_path.empty());
                continue;
            }
            EXPECT_EQ(L.neg_log_likelihood, cli.value().value.front());
            EXPECT_EQ(L.loss_sum, cli.value().value.front());
            EXPECT_NEAR(L.loss_mean, L.loss_sum / 3.0, 1e-15 * L.loss_sum);
            const auto& lp = call.tensors.at("log_probs").values;
            EXPECT_NEAR(L.loss_sum, brute_force_ctc(lp, std::size_t(frames), 5, labels),
                        1e-12 * L.loss_sum);
            // The best path is a legal alignment: starts in state 0 or 1, moves by 0, 1 or 2
            // (2 only onto a label that differs from the one before), ends in the last two.
            ASSERT_EQ(L.best_path.size(), std::size_t(frames));
            EXPECT_LE(L.best_path.front(), 1u);
            EXPECT_GE(L.best_path.back(), L.states - 2);
            for (std::size_t t = 1; t < L.best_path.size(); ++t) {
                const std::size_t a = L.best_path[t - 1], b = L.best_path[t];
                EXPECT_TRUE(b == a || b == a + 1 ||
                            (b == a + 2 && b % 2 == 1 && labels[b / 2] != labels[(b - 2) / 2]))
                    << a << " -> " << b;
            }
        }
    }
}

TEST(PytorchCatalogue, CtcTooFewFramesIsInfUnlessZeroInfinity) {
    PytorchLabState s;
    s.ctc_frames = 2; // "cat" needs 3
    auto fig = catalogue_figure(s, "ctc_loss");
    EXPECT_NE(fig.title.find("inf"), std::string::npos) << fig.title;
    ASSERT_FALSE(fig.notes.empty());
    EXPECT_NE(fig.notes.front().find("needs 3 frames"), std::string::npos) << fig.notes.front();
    s.zero_infinity = true;
    auto lattice = ctc_lattice(s);
    ASSERT_TRUE(lattice.ok());
    EXPECT_EQ(lattice.value().loss_sum, 0.0);
    EXPECT_TRUE(std::isinf(lattice.value().neg_log_likelihood));
    fig = catalogue_figure(s, "ctc_loss");
    EXPECT_NE(fig.title.find("= 0"), std::string::npos) << fig.title;
}

TEST(PytorchPipelines, PlottedValuesEqualPyTorchFloat32AndFloat64AndTheExactOneMpmath) {
    const auto table = losslab::test::read_csv("pytorch_pipelines.csv");
    ASSERT_GT(table.rows.size(), 40u);
    PytorchLabState s;
    const plot::Figure ce = pipeline_cross_entropy_figure(s);
    s.pipeline_y = 0;
    const plot::Figure bce0 = pipeline_bce_figure(s);
    s.pipeline_y = 1;
    const plot::Figure bce1 = pipeline_bce_figure(s);
    auto same = [](double ours, double torch, double rel) {
        if (std::isinf(torch) || torch == 0.0) return ours == torch;
        return std::abs(ours - torch) <= rel * std::abs(torch);
    };
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        const bool is_ce = table.str(i, "pipeline") == "cross_entropy";
        const double x = table.num(i, "x"), y = table.num(i, "y");
        SCOPED_TRACE(::testing::Message() << table.str(i, "pipeline") << " y=" << y << " x=" << x);
        const PipelinePoint p = is_ce ? pipeline_cross_entropy_at(x) : pipeline_bce_at(x, y);
        EXPECT_TRUE(same(p.fused32, table.num(i, "fused32"), 2e-7)) << p.fused32;
        EXPECT_TRUE(same(p.naive32, table.num(i, "naive32"), 2e-7)) << p.naive32;
        EXPECT_TRUE(same(p.naive64, table.num(i, "naive64"), 4e-16)) << p.naive64;
        EXPECT_TRUE(same(p.exact, table.num(i, "exact"), 4e-16)) << p.exact;
        // The figure plots these functions (a value <= 0 or inf is a gap on the log axis).
        const plot::Figure& fig = is_ce ? ce : (y == 0.0 ? bce0 : bce1);
        EXPECT_EQ(series(fig, "naive-float32").exact(x), p.naive32);
        EXPECT_EQ(series(fig, "fused-float32").exact(x), p.fused32);
        EXPECT_EQ(series(fig, "exact").exact(x), p.exact);
    }
    // The plateaus: σ(z) stuck at 1 − 2⁻²³ (the float below 1 that 1/(1 + e^−z) reaches) gives
    // 23 log 2 = 15.9; past z = 24 log 2 = 16.6, 1 + e^−z rounds to 1 and log 0 is clamped.
    EXPECT_NEAR(pipeline_bce_at(16.3, 0.0).naive32, 23 * std::log(2.0), 1e-5);
    EXPECT_EQ(pipeline_bce_at(16.7, 0.0).naive32, 100.0);
    EXPECT_EQ(pipeline_bce_at(25.0, 0.0).naive32, 100.0);
    EXPECT_NEAR(pipeline_bce_at(25.0, 0.0).exact, 25.0, 1e-9);
}

// Opening (or a lesson step naming) a catalogue figure shows its tab and its criterion.
TEST(PytorchCatalogue, ShowingACatalogueFigureSelectsItsCriterion) {
    const auto* catalogue = find_param("pytorch.catalogue");
    const auto* view = find_param("pytorch.view");
    ASSERT_NE(catalogue, nullptr);
    ASSERT_NE(view, nullptr);
    for (size_t c = 0; c < catalogue->spec->choices.size(); ++c) {
        std::string name = "catalogue-" + std::string(catalogue->spec->choices[c]);
        std::replace(name.begin(), name.end(), '_', '-');
        if (!find_figure(name)) continue;
        const AppState shown = state_showing_figure(default_app_state(), name);
        EXPECT_EQ(shown.lab, LabId::Pytorch) << name;
        EXPECT_EQ(format_param(*view->spec, get_param(shown, *view)), "catalogue") << name;
        EXPECT_EQ(get_param(shown, *catalogue), double(c)) << name;
    }
}

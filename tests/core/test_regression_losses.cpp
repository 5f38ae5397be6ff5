#include "losslab/regression_losses.hpp"
#include "test_support.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace losslab;
using losslab::test::within_rel;

namespace {

Reduction parse_reduction(const std::string& s) {
    if (s == "none") return Reduction::None;
    if (s == "sum") return Reduction::Sum;
    return Reduction::Mean;
}

struct Evaluated {
    Result<ReducedLoss> value;
    std::vector<double> grad;
};

// Evaluates the fixture row's loss through the batched API and the scalar derivative.
Evaluated evaluate(const test::CsvTable& t, size_t r) {
    const std::string loss = t.str(r, "loss");
    const auto x = t.list(r, "input");
    const auto y = t.list(r, "target");
    const Reduction red = parse_reduction(t.str(r, "reduction"));
    std::vector<double> grad(x.size());
    if (loss == "l1") {
        for (size_t i = 0; i < x.size(); ++i) grad[i] = l1_loss_grad(x[i], y[i]);
        return {l1_loss_batch(x, y, red), grad};
    }
    if (loss == "mse") {
        for (size_t i = 0; i < x.size(); ++i) grad[i] = mse_loss_grad(x[i], y[i]);
        return {mse_loss_batch(x, y, red), grad};
    }
    if (loss == "smooth_l1") {
        const SmoothL1Params p{t.num(r, "beta")};
        for (size_t i = 0; i < x.size(); ++i) grad[i] = smooth_l1_loss_grad(x[i], y[i], p);
        return {smooth_l1_loss_batch(x, y, p, red), grad};
    }
    if (loss == "huber") {
        const HuberParams p{t.num(r, "delta")};
        for (size_t i = 0; i < x.size(); ++i) grad[i] = huber_loss_grad(x[i], y[i], p);
        return {huber_loss_batch(x, y, p, red), grad};
    }
    if (loss == "poisson_nll") {
        const PoissonNllParams p{t.str(r, "log_input") == "1", t.str(r, "full") == "1",
                                 t.num(r, "eps")};
        for (size_t i = 0; i < x.size(); ++i) grad[i] = poisson_nll_loss_grad(x[i], y[i], p);
        return {poisson_nll_loss_batch(x, y, p, red), grad};
    }
    if (loss == "gaussian_nll") {
        const GaussianNllParams p{t.str(r, "full") == "1", t.num(r, "eps")};
        const auto v = t.list(r, "var");
        for (size_t i = 0; i < x.size(); ++i)
            grad[i] = gaussian_nll_loss_grad(x[i], y[i], v[v.size() == 1 ? 0 : i], p);
        return {gaussian_nll_loss_batch(x, y, v, p, red), grad};
    }
    ADD_FAILURE() << "unknown loss " << loss;
    return {Error{"unknown"}, {}};
}

} // namespace

TEST(RegressionLosses, AgreeWithPyTorchValuesAndGradients) {
    const auto t = test::read_csv("pytorch_catalogue_regression.csv");
    ASSERT_GT(t.rows.size(), 200u);
    for (size_t r = 0; r < t.rows.size(); ++r) {
        SCOPED_TRACE("fixture row " + std::to_string(r) + " (" + t.str(r, "loss") + ", " +
                     t.str(r, "reduction") + ")");
        auto [value, grad] = evaluate(t, r);
        ASSERT_TRUE(value.ok()) << value.error().message;
        const auto expected = t.list(r, "value");
        ASSERT_EQ(value.value().values.size(), expected.size());
        for (size_t i = 0; i < expected.size(); ++i)
            EXPECT_TRUE(within_rel(value.value().values[i], expected[i], 1e-12, 1e-300))
                << "element " << i;
        const auto expected_grad = t.list(r, "grad");
        ASSERT_EQ(grad.size(), expected_grad.size());
        // PyTorch's poisson_nll gradient with log_input off, 1 - k/(x + eps), cancels next to
        // x = k; ours is (x + eps - k)/(x + eps) (exact per the mpmath test), so there the
        // difference is PyTorch's rounding: compare to 1e-15 of the terms, not of the result.
        const bool poisson_rate = t.str(r, "loss") == "poisson_nll";
        for (size_t i = 0; i < grad.size(); ++i)
            EXPECT_TRUE(within_rel(grad[i], expected_grad[i], 1e-12, poisson_rate ? 1e-15 : 1e-300))
                << "grad " << i;
    }
}

TEST(RegressionLosses, SmoothL1BetaOneEqualsHuberDeltaOne) {
    for (double x = -4.0; x <= 4.0; x += 0.125)
        EXPECT_EQ(smooth_l1_loss(x, 0.3, {1.0}), huber_loss(x, 0.3, {1.0})) << x;
}

TEST(RegressionLosses, HuberOverDeltaEqualsSmoothL1WithBetaDelta) {
    for (double delta : {0.1, 0.5, 2.0, 7.5})
        for (double x = -10.0; x <= 10.0; x += 0.37) {
            EXPECT_TRUE(within_rel(huber_loss(x, 1.0, {delta}) / delta,
                                   smooth_l1_loss(x, 1.0, {delta}), 4e-16));
            EXPECT_TRUE(within_rel(huber_loss_grad(x, 1.0, {delta}) / delta,
                                   smooth_l1_loss_grad(x, 1.0, {delta}), 4e-16));
        }
}

TEST(RegressionLosses, SmoothL1BetaZeroIsL1) {
    for (double x : {-2.0, -1e-300, 0.0, 1e-9, 3.0}) {
        EXPECT_EQ(smooth_l1_loss(x, 0.0, {0.0}), l1_loss(x, 0.0));
        if (x != 0.0) {
            EXPECT_EQ(smooth_l1_loss_grad(x, 0.0, {0.0}), l1_loss_grad(x, 0.0));
        }
    }
    // At the kink torch's smooth_l1 backward says -1 where its L1 backward says 0.
    EXPECT_EQ(smooth_l1_loss_grad(0.0, 0.0, {0.0}), -1.0);
}

TEST(RegressionLosses, DerivativesMatchCentralDifferences) {
    const double h = 1e-6;
    auto check = [&](auto f, auto df, double x) {
        const double fd = (f(x + h) - f(x - h)) / (2 * h);
        EXPECT_TRUE(within_rel(df(x), fd, 1e-6, 1e-8)) << "x = " << x;
    };
    for (double x : {-2.3, -0.4, 0.2, 0.9, 3.1}) {
        check([](double v) { return mse_loss(v, 0.1); }, [](double v) { return mse_loss_grad(v, 0.1); }, x);
        check([](double v) { return huber_loss(v, 0.1, {0.7}); },
              [](double v) { return huber_loss_grad(v, 0.1, {0.7}); }, x);
        check([](double v) { return smooth_l1_loss(v, 0.1, {0.7}); },
              [](double v) { return smooth_l1_loss_grad(v, 0.1, {0.7}); }, x);
        check([](double v) { return poisson_nll_loss(v, 3.0, {true, true}); },
              [](double v) { return poisson_nll_loss_grad(v, 3.0, {true, true}); }, x);
        check([](double v) { return poisson_nll_loss(std::fabs(v), 3.0, {false, true}); },
              [](double v) { return poisson_nll_loss_grad(std::fabs(v), 3.0, {false, true}) *
                                    (v < 0 ? -1.0 : 1.0); }, x);
        check([](double v) { return gaussian_nll_loss(v, 0.1, 0.6); },
              [](double v) { return gaussian_nll_loss_grad(v, 0.1, 0.6); }, x);
    }
}

TEST(RegressionLosses, PoissonStirlingTermOnlyAboveOne) {
    const PoissonNllParams plain{true, false}, full{true, true};
    for (double y : {0.0, 0.5, 1.0})
        EXPECT_EQ(poisson_nll_loss(0.3, y, plain), poisson_nll_loss(0.3, y, full)) << y;
    // Stirling's approximation of log(5!) = log 120, as torch adds it.
    const double stirling = 5 * std::log(5.0) - 5 + 0.5 * std::log(2 * M_PI * 5);
    EXPECT_TRUE(within_rel(poisson_nll_loss(0.3, 5.0, full) - poisson_nll_loss(0.3, 5.0, plain),
                           stirling, 1e-14));
}

TEST(RegressionLosses, GaussianVarianceIsClampedToEps) {
    const GaussianNllParams p{false, 1e-3};
    EXPECT_EQ(gaussian_nll_loss(1.0, 0.0, 0.0, p), gaussian_nll_loss(1.0, 0.0, 1e-3, p));
    EXPECT_EQ(gaussian_nll_loss_grad(1.0, 0.0, 1e-9, p), 1.0 / 1e-3);
}

TEST(RegressionLosses, EmptyBatchIsAnError) {
    const std::vector<double> none;
    for (Reduction r : {Reduction::None, Reduction::Sum, Reduction::Mean}) {
        auto res = mse_loss_batch(none, none, r);
        ASSERT_FALSE(res.ok());
        EXPECT_EQ(res.error().message, "mse_loss input requires at least one element, got 0 elements");
    }
}

TEST(RegressionLosses, RefusesWhatPyTorchRefuses) {
    const std::vector<double> x{1.0, 2.0}, y{0.0, 0.0};
    auto a = smooth_l1_loss_batch(x, y, {-1.0});
    ASSERT_FALSE(a.ok());
    EXPECT_EQ(a.error().message, "smooth_l1_loss beta requires >= 0, got -1");
    auto b = huber_loss_batch(x, y, {0.0});
    ASSERT_FALSE(b.ok());
    EXPECT_EQ(b.error().message, "huber_loss delta requires > 0, got 0");
    const std::vector<double> v{1.0, -0.5};
    auto c = gaussian_nll_loss_batch(x, y, v);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.error().message, "gaussian_nll_loss var requires entries >= 0, got -0.5");
    const std::vector<double> short_y{0.0};
    EXPECT_FALSE(l1_loss_batch(x, short_y).ok());
    EXPECT_TRUE(std::isnan(huber_loss(1.0, 0.0, {-1.0})));
    EXPECT_TRUE(std::isnan(smooth_l1_loss_grad(1.0, 0.0, {-1.0})));
}

TEST(RegressionLosses, BatchOfOneMatchesScalar) {
    const std::vector<double> x{0.7}, y{-0.2};
    EXPECT_EQ(huber_loss_batch(x, y, {0.5}, Reduction::Mean).value().scalar(),
              huber_loss(0.7, -0.2, {0.5}));
    EXPECT_EQ(poisson_nll_loss_batch(x, y, {}, Reduction::Sum).value().scalar(),
              poisson_nll_loss(0.7, -0.2));
}

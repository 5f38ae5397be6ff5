// model/criteria (what `losslab loss` and the PyTorch losses lab compute) against PyTorch 1.13
// float64: every fixture case of tests/reference/gen_criteria.py (all criteria, options and
// reductions), values and gradients to 1e-12 relative; float32 inputs no worse than torch's
// own float32; and the refusals (shape, dtype, class range, reduction, missing tensor).

#include "criteria_fixture.hpp"
#include "model/tensors/criteria.hpp"
#include "model/io/npy_array.hpp"

#include <gtest/gtest.h>

#include <cstdio>

namespace losslab::model {
namespace {

using testing::CriteriaCase;

CriterionCall call_of(const CriteriaCase& c) {
    CriterionCall call{c.criterion, {}, c.options};
    for (const auto& [name, file] : c.tensors) {
        auto array = open_npy(testing::criteria_dir() + "/" + file);
        EXPECT_TRUE(array.ok()) << file;
        if (array) call.tensors[name] = criterion_tensor(array.value());
    }
    return call;
}

TEST(Criteria, EveryFixtureCaseEqualsPyTorchFloat64) {
    const auto cases = testing::load_criteria_cases();
    ASSERT_GE(cases.size(), 200u);
    std::map<std::string, std::pair<double, double>> worst; // criterion -> (value, grad)
    for (const auto& c : cases) {
        SCOPED_TRACE(c.label());
        auto r = evaluate_criterion(call_of(c), true);
        ASSERT_TRUE(r.ok()) << r.error().message;
        const CriterionResult& res = r.value();
        EXPECT_EQ(res.shape, c.shape);
        ASSERT_EQ(res.value.size(), c.value.size());
        const bool f32 = res.dtype == NpyDtype::Float32;
        auto& w = worst[c.criterion + (f32 ? " (float32)" : "")];
        const double vfloor = 1e-300;
        for (std::size_t i = 0; i < c.value.size(); ++i) {
            const double e = testing::relative_error(res.value[i], c.value[i], vfloor);
            w.first = std::max(w.first, e);
            if (!f32) {
                EXPECT_LE(e, 1e-12)
                    << "value[" << i << "] " << res.value[i] << " vs " << c.value[i];
            } else {
                const double torch32 =
                    testing::relative_error(c.value_float32.at(i), c.value[i], vfloor);
                EXPECT_LE(e, std::max(torch32, 6e-8)) << res.value[i] << " vs " << c.value[i];
            }
        }
        if (!c.has_grad) continue;
        ASSERT_EQ(res.grad.size(), c.grad.size());
        const double gfloor = 1e-300; // plain relative error, element by element
        for (std::size_t i = 0; i < c.grad.size(); ++i) {
            const double e = testing::relative_error(res.grad[i], c.grad[i], gfloor);
            w.second = std::max(w.second, e);
            EXPECT_LE(e, f32 ? 6e-8 : 1e-12)
                << "grad[" << i << "] " << res.grad[i] << " vs " << c.grad[i];
        }
    }
    std::printf("worst relative error vs PyTorch 1.13 float64 (value, grad):\n");
    for (const auto& [name, e] : worst)
        std::printf("  %-40s %.2e  %.2e\n", name.c_str(), e.first, e.second);
    EXPECT_EQ(worst.size(), 19u + 3u); // every criterion, plus three float32 variants
}

CriterionTensor tensor(std::vector<std::size_t> shape, std::vector<double> v,
                       NpyDtype dtype = NpyDtype::Float64) {
    return CriterionTensor{dtype, std::move(shape), std::move(v)};
}

std::string refusal(const CriterionCall& call) {
    auto r = evaluate_criterion(call, true);
    EXPECT_FALSE(r.ok());
    return r.ok() ? std::string() : r.error().message;
}

const CriterionTensor kLogits = tensor({2, 3}, {1, 2, 3, 0, -1, 4});

TEST(Criteria, RefusesATargetOfTheWrongShapeNamingBothShapes) {
    const auto m =
        refusal({"cross_entropy",
                 {{"input", kLogits}, {"target", tensor({3}, {0, 1, 2}, NpyDtype::Int64)}},
                 {}});
    EXPECT_EQ(m, "--target requires class indices of shape (2,), got int64 (3,)");
}

TEST(Criteria, RefusesAnIntegerTensorWhereTorchWantsFloats) {
    const auto m = refusal(
        {"kl_div",
         {{"input", kLogits}, {"target", tensor({2, 3}, {0, 1, 2, 0, 1, 2}, NpyDtype::Int64)}},
         {}});
    EXPECT_EQ(m, "--target requires float32 or float64, got int64 (2, 3)");
    const auto idx = refusal(
        {"nll_loss", {{"input", kLogits}, {"target", tensor({2}, {0, 1}, NpyDtype::Float32)}}, {}});
    EXPECT_EQ(idx, "--target requires int64 or int32 indices, got float32 (2,)");
}

TEST(Criteria, RefusesAClassIndexOutOfRange) {
    const auto m = refusal({"cross_entropy",
                            {{"input", kLogits}, {"target", tensor({2}, {0, 3}, NpyDtype::Int64)}},
                            {}});
    EXPECT_EQ(m, "--target requires class indices in [0, 3) or --ignore-index -100, got 3");
}

TEST(Criteria, RefusesAnUnknownReductionAndBatchmeanOutsideKlDiv) {
    const std::map<std::string, CriterionTensor> t{{"input", kLogits}, {"target", kLogits}};
    EXPECT_EQ(refusal({"mse_loss", t, {{"reduction", "avg"}}}),
              "--reduction requires one of none, mean, sum, got 'avg'");
    EXPECT_EQ(refusal({"mse_loss", t, {{"reduction", "batchmean"}}}),
              "--reduction requires one of none, mean, sum, got 'batchmean'");
    EXPECT_TRUE(evaluate_criterion({"kl_div", t, {{"reduction", "batchmean"}}}, false).ok());
}

TEST(Criteria, RefusesAMissingTensorAnUnknownOneAndAnOptionTheCriterionLacks) {
    EXPECT_EQ(refusal({"mse_loss", {{"input", kLogits}}, {}}),
              "--target requires a .npy file for mse_loss, got none");
    const auto extra =
        refusal({"mse_loss", {{"input", kLogits}, {"target", kLogits}, {"weight", kLogits}}, {}});
    EXPECT_EQ(extra.rfind("--weight requires a criterion that takes it (mse_loss takes --input, "
                          "--target, --reduction)",
                          0),
              0u)
        << extra;
    const auto beta =
        refusal({"mse_loss", {{"input", kLogits}, {"target", kLogits}}, {{"beta", "2"}}});
    EXPECT_EQ(beta.rfind("--beta requires", 0), 0u) << beta;
    EXPECT_EQ(refusal({"hinge_loss", {}, {}})
                  .rfind("losslab loss CRITERION requires one of cross_entropy,", 0),
              0u);
}

TEST(Criteria, RefusesOptionValuesTorchRefuses) {
    const std::map<std::string, CriterionTensor> t{{"input", kLogits}, {"target", kLogits}};
    EXPECT_EQ(refusal({"smooth_l1_loss", t, {{"beta", "-1"}}}),
              "--beta requires a value >= 0, got -1");
    EXPECT_EQ(refusal({"huber_loss", t, {{"delta", "0"}}}), "--delta requires a value > 0, got 0");
    EXPECT_EQ(refusal({"poisson_nll_loss", t, {{"full", "yes"}}}),
              "--full requires true or false, got 'yes'");
    EXPECT_EQ(refusal({"cross_entropy",
                       {{"input", kLogits}, {"target", tensor({2}, {0, 1}, NpyDtype::Int64)}},
                       {{"label_smoothing", "1.5"}}}),
              "--label-smoothing requires a value in [0, 1], got 1.5");
    EXPECT_EQ(refusal({"binary_cross_entropy", t, {}}),
              "--input requires probabilities in [0, 1], got 2");
    EXPECT_EQ(refusal({"gaussian_nll_loss",
                       {{"input", kLogits}, {"target", kLogits}, {"var", tensor({3}, {1, 1, 1})}},
                       {}}),
              "--var requires the shape of --input (2, 3), (2,) or (2, 1), got float64 (3,)");
}

TEST(Criteria, KeepsDigitsWherePyTorchFlushesToZero) {
    // torch: binary_cross_entropy_with_logits(-700, 0) = 0 in float64; the true value is e^-700.
    auto r = evaluate_criterion({"binary_cross_entropy_with_logits",
                                 {{"input", tensor({1}, {-700})}, {"target", tensor({1}, {0})}},
                                 {{"reduction", "sum"}}},
                                true);
    ASSERT_TRUE(r.ok());
    EXPECT_NEAR(r.value().value[0] / std::exp(-700.0), 1.0, 1e-14);
    EXPECT_NEAR(r.value().grad[0] / std::exp(-700.0), 1.0, 1e-14);
}

} // namespace
} // namespace losslab::model

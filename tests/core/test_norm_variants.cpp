// Batch Renorm, Weight Norm, Spectral Norm, ScaleNorm, Switchable Norm, Batch-Instance Norm
// and the batch-size effect: PyTorch fixtures where PyTorch has the method, identities with
// BatchNorm / LayerNorm / InstanceNorm otherwise.

#include "losslab/normalization.hpp"
#include "test_support.hpp"

#include <cmath>
#include <limits>
#include <string>

using namespace losslab;
using losslab::test::read_csv;
using losslab::test::within_rel;

namespace {

Tensor4d sample_tensor(Shape4 s, std::uint64_t seed) {
    GeneratorParams p;
    p.channel_shift_std = 2.0;
    p.channel_log_scale_std = 0.5;
    p.sample_shift_std = 0.5;
    p.sample_log_scale_std = 0.3;
    return to_double(generate_activations(s, p, seed).value());
}

Affine sample_affine(std::size_t c) {
    Affine a;
    for (std::size_t i = 0; i < c; ++i) {
        a.gamma.push_back(0.5 + 0.25 * double(i));
        a.beta.push_back(-1.0 + 0.5 * double(i));
    }
    return a;
}

void expect_all_near(const std::vector<double>& a, const std::vector<double>& b, double rel,
                     double abs_floor) {
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i)
        EXPECT_TRUE(within_rel(a[i], b[i], rel, abs_floor)) << i;
}

Matrix row_matrix(const test::CsvTable& t, size_t r, const std::string& col) {
    return Matrix{size_t(t.num(r, "rows")), size_t(t.num(r, "cols")), t.list(r, col)};
}

} // namespace

// [SECTION] Batch Renorm

TEST(BatchRenorm, UnitRmaxZeroDmaxEqualsBatchNorm) {
    const auto x = sample_tensor({4, 5, 6, 7}, 1);
    const auto affine = sample_affine(5);
    RenormRunning running{{3.0, -1.0, 0.0, 2.0, 9.0}, {0.1, 5.0, 1.0, 2.0, 0.5}};
    BatchRenormOptions o;
    o.r_max = 1.0;
    o.d_max = 0.0;
    auto rn = batch_renorm(x, running, affine, o);
    ASSERT_TRUE(rn.ok()) << rn.error().message;
    auto bn = norm_forward(x, {NormMethod::Batch}, affine);
    EXPECT_EQ(rn.value().y.data, bn.value().y.data);
    for (size_t c = 0; c < 5; ++c) {
        EXPECT_EQ(rn.value().r[c], 1.0);
        EXPECT_EQ(rn.value().d[c], 0.0);
    }
}

TEST(BatchRenorm, ReportsClippedCorrectionsAndMovesRunningStats) {
    const auto x = sample_tensor({8, 3, 4, 4}, 2);
    const auto bs = batch_norm_stats(x);
    // Channel 0: running equal to the batch (r = 1, d = 0, nothing clipped); channel 1: far off.
    RenormRunning running{{bs.mean[0], bs.mean[1] + 100.0, bs.mean[2]},
                          {std::sqrt(bs.var[0] + 1e-5), 1e-3, std::sqrt(bs.var[2] + 1e-5) * 1.5}};
    const RenormRunning before = running;
    BatchRenormOptions o; // r_max 3, d_max 5
    auto rn = batch_renorm(x, running, {}, o).value();
    EXPECT_TRUE(within_rel(rn.r[0], 1.0, 1e-15));
    EXPECT_TRUE(within_rel(rn.d[0], 0.0, 0.0, 1e-12));
    EXPECT_FALSE(rn.r_clipped[0]);
    EXPECT_FALSE(rn.d_clipped[0]);
    EXPECT_EQ(rn.r[1], 3.0);
    EXPECT_EQ(rn.d[1], -5.0);
    EXPECT_TRUE(rn.r_clipped[1] && rn.d_clipped[1]);
    EXPECT_TRUE(within_rel(rn.r[2], 1.0 / 1.5, 1e-14));
    EXPECT_FALSE(rn.r_clipped[2]);
    // Output of channel 1 is BN * 3 - 5 (gamma 1, beta 0).
    const auto bn = normalize(x, bs).value();
    for (size_t n = 0; n < 8; ++n)
        for (size_t i = 0; i < 16; ++i)
            EXPECT_TRUE(
                within_rel(rn.y.plane(n, 1)[i], bn.plane(n, 1)[i] * 3.0 - 5.0, 1e-13, 1e-13));
    EXPECT_TRUE(
        within_rel(running.mean[1], before.mean[1] + 0.01 * (bs.mean[1] - before.mean[1]), 1e-15));
    EXPECT_TRUE(within_rel(running.sigma[1],
                           before.sigma[1] + 0.01 * (std::sqrt(bs.var[1] + 1e-5) - before.sigma[1]),
                           1e-15));
}

TEST(BatchRenorm, RefusesBadOptions) {
    const auto x = sample_tensor({2, 2, 2, 2}, 3);
    RenormRunning running{{0, 0}, {1, 1}};
    BatchRenormOptions o;
    o.r_max = 0.5;
    EXPECT_FALSE(batch_renorm(x, running, {}, o).ok());
    RenormRunning wrong{{0}, {1}};
    EXPECT_FALSE(batch_renorm(x, wrong, {}, {}).ok());
}

// [SECTION] Weight Norm

TEST(WeightNormPt, MatchesTorchWeightNormDim0) {
    const auto t = read_csv("pytorch_norm_weight.csv");
    for (size_t r = 0; r < t.rows.size(); ++r) {
        const Matrix v = row_matrix(t, r, "v");
        const auto g = t.list(r, "g");
        auto w = weight_norm(v, g);
        ASSERT_TRUE(w.ok());
        expect_all_near(w.value().data, t.list(r, "w"), 1e-12, 0.0);
    }
}

TEST(WeightNorm, RowsHaveNormG) {
    const Matrix v{2, 3, {3.0, 4.0, 0.0, 1.0, 1.0, 1.0}};
    const std::vector<double> g{2.0, -1.0};
    const Matrix w = weight_norm(v, g).value();
    EXPECT_TRUE(within_rel(w(0, 0), 1.2, 1e-15));
    EXPECT_TRUE(within_rel(w(0, 1), 1.6, 1e-15));
    EXPECT_TRUE(within_rel(w(1, 2), -1.0 / std::sqrt(3.0), 1e-15));
    EXPECT_FALSE(weight_norm(v, std::vector<double>{1.0}).ok());
}

// [SECTION] Spectral Norm

TEST(SpectralNormPt, SigmaAfterKIterationsMatchesTorch) {
    const auto t = read_csv("pytorch_norm_spectral.csv");
    for (size_t r = 0; r < t.rows.size(); ++r) {
        SCOPED_TRACE("row " + std::to_string(r));
        const Matrix w = row_matrix(t, r, "weight");
        auto est =
            spectral_norm_power(w, t.list(r, "u0"), t.list(r, "v0"), int(t.num(r, "iterations")));
        ASSERT_TRUE(est.ok());
        EXPECT_TRUE(within_rel(est.value().sigma, t.num(r, "sigma"), 1e-12));
        expect_all_near(est.value().u, t.list(r, "u"), 1e-12, 1e-14);
        expect_all_near(est.value().v, t.list(r, "v"), 1e-12, 1e-14);
        EXPECT_TRUE(within_rel(largest_singular_value(w), t.num(r, "sigma_exact"), 1e-13));
    }
}

TEST(SpectralNorm, SigmaConvergesToEigensLargestSingularValue) {
    Xoshiro256 rng(5);
    Matrix w{7, 5, {}};
    for (size_t i = 0; i < 35; ++i)
        w.data.push_back(rng.normal());
    const double exact = largest_singular_value(w);
    const auto u0 = random_unit_vector(7, 1), v0 = random_unit_vector(5, 2);
    double prev_err = std::numeric_limits<double>::infinity();
    for (int k : {1, 4, 16, 200}) {
        const double sigma = spectral_norm_power(w, u0, v0, k).value().sigma;
        const double err = exact - sigma;
        EXPECT_GE(err, -1e-12) << k; // the estimate approaches from below
        EXPECT_LE(err, prev_err) << k;
        prev_err = err;
    }
    EXPECT_TRUE(within_rel(spectral_norm_power(w, u0, v0, 200).value().sigma, exact, 1e-12));
    // A diagonal matrix: the largest |entry|.
    const Matrix d{3, 3, {1.0, 0, 0, 0, -4.0, 0, 0, 0, 2.0}};
    EXPECT_TRUE(within_rel(largest_singular_value(d), 4.0, 1e-15));
}

TEST(SpectralNorm, RefusesMismatchedVectors) {
    const Matrix w{2, 3, {1, 2, 3, 4, 5, 6}};
    EXPECT_FALSE(
        spectral_norm_power(w, std::vector<double>{1, 0, 0}, std::vector<double>{1, 0, 0}, 1).ok());
    EXPECT_FALSE(
        spectral_norm_power(w, std::vector<double>{1, 0}, std::vector<double>{1, 0}, 1).ok());
    EXPECT_FALSE(
        spectral_norm_power(w, std::vector<double>{1, 0}, std::vector<double>{1, 0, 0}, -1).ok());
}

// [SECTION] ScaleNorm

TEST(ScaleNorm, OutputHasNormGAndClampsAtEps) {
    const std::vector<double> x{3.0, 4.0};
    const auto y = scale_norm(x, 2.0);
    EXPECT_TRUE(within_rel(y[0], 1.2, 1e-15));
    EXPECT_TRUE(within_rel(y[1], 1.6, 1e-15));
    const std::vector<double> tiny{1e-9, 0.0};
    EXPECT_TRUE(within_rel(scale_norm(tiny, 1.0, 1e-5)[0], 1e-4, 1e-12));
    const auto t = sample_tensor({3, 4, 5, 5}, 4);
    const auto ty = scale_norm(t, 3.0);
    for (size_t n = 0; n < 3; ++n) {
        double ss = 0.0;
        for (size_t i = 0; i < 100; ++i)
            ss += ty.plane(n, 0)[i] * ty.plane(n, 0)[i];
        EXPECT_TRUE(within_rel(std::sqrt(ss), 3.0, 1e-13)) << n;
    }
}

// [SECTION] Switchable Norm

TEST(SwitchableNorm, OneHotWeightsEqualEachMethod) {
    const auto x = sample_tensor({3, 4, 5, 6}, 6);
    const auto affine = sample_affine(4);
    const NormMethod methods[3] = {NormMethod::Instance, NormMethod::Layer, NormMethod::Batch};
    for (int k = 0; k < 3; ++k) {
        SwitchableWeights w;
        w.mean = {0, 0, 0};
        w.var = {0, 0, 0};
        w.mean[k] = 1.0;
        w.var[k] = 1.0;
        auto sn = switchable_norm(x, w, affine);
        ASSERT_TRUE(sn.ok()) << sn.error().message;
        auto ref = norm_forward(x, {methods[k]}, affine).value();
        EXPECT_EQ(sn.value().y.data, ref.y.data) << norm_method_name(methods[k]);
    }
}

TEST(SwitchableNorm, LogitsGiveSoftmaxAndMixStatistics) {
    const auto w = switchable_weights({0.0, std::log(2.0), std::log(3.0)}, {1e3, 1e3, -1e3});
    EXPECT_TRUE(within_rel(w.mean[0], 1.0 / 6.0, 1e-15));
    EXPECT_TRUE(within_rel(w.mean[2], 0.5, 1e-15));
    EXPECT_TRUE(within_rel(w.var[0], 0.5, 1e-15)); // no overflow at 1e3
    EXPECT_EQ(w.var[2], 0.0);
    const auto inf = std::numeric_limits<double>::infinity();
    const auto onehot = switchable_weights({0.0, -inf, -inf}, {-inf, -inf, 0.0});
    EXPECT_EQ(onehot.mean[0], 1.0);
    EXPECT_EQ(onehot.var[2], 1.0);

    const auto x = sample_tensor({2, 3, 4, 4}, 7);
    const auto sn = switchable_norm(x, w).value();
    const auto in = instance_norm_stats(x), ln = layer_norm_stats(x), bn = batch_norm_stats(x);
    for (size_t n = 0; n < 2; ++n)
        for (size_t c = 0; c < 3; ++c) {
            const double mean =
                w.mean[0] * in.mean[n * 3 + c] + w.mean[1] * ln.mean[n] + w.mean[2] * bn.mean[c];
            EXPECT_TRUE(within_rel(sn.mean[n * 3 + c], mean, 1e-14, 1e-15));
        }
    SwitchableWeights bad;
    bad.mean = {0.5, 0.5, 0.5};
    EXPECT_FALSE(switchable_norm(x, bad).ok());
}

// [SECTION] Batch-Instance Norm

TEST(BatchInstanceNorm, RhoOneIsBatchNormAndRhoZeroIsInstanceNorm) {
    const auto x = sample_tensor({3, 4, 5, 5}, 8);
    const auto affine = sample_affine(4);
    const auto bn = norm_forward(x, {NormMethod::Batch}, affine).value().y;
    const auto in = norm_forward(x, {NormMethod::Instance}, affine).value().y;
    EXPECT_EQ(batch_instance_norm(x, std::vector<double>(4, 1.0), affine).value().data, bn.data);
    EXPECT_EQ(batch_instance_norm(x, std::vector<double>(4, 0.0), affine).value().data, in.data);
    // rho outside [0, 1] is clipped.
    EXPECT_EQ(batch_instance_norm(x, std::vector<double>(4, 7.0), affine).value().data, bn.data);
    // A mix is the mix of the two normalised tensors.
    const std::vector<double> rho{0.25, 0.5, 0.75, 0.1};
    const auto mix = batch_instance_norm(x, rho, affine).value();
    const auto bn0 = norm_forward(x, {NormMethod::Batch}).value().y;
    const auto in0 = norm_forward(x, {NormMethod::Instance}).value().y;
    for (size_t i = 0; i < x.data.size(); ++i) {
        const size_t c = (i / 25) % 4;
        const double want =
            (rho[c] * bn0.data[i] + (1 - rho[c]) * in0.data[i]) * affine.gamma[c] + affine.beta[c];
        EXPECT_TRUE(within_rel(mix.data[i], want, 1e-12, 1e-12)) << i;
    }
    EXPECT_FALSE(batch_instance_norm(x, std::vector<double>(3, 0.5)).ok());
}

// [SECTION] Batch-size effect

TEST(BatchSizeEffect, BatchNormSpreadShrinksWithBatchWhileGroupNormIsBatchFree) {
    GeneratorParams gp;
    gp.sample_shift_std = 1.0; // samples differ, so the batch mean depends on who is in it
    const auto pop = generate_activations({64, 8, 8, 8}, gp, 9).value();
    BatchSizeEffectParams p;
    p.groups = 4;
    p.batch_sizes = {1, 2, 4, 8, 16, 32, 64};
    p.trials = 400;
    auto res = batch_size_effect(pop, p);
    ASSERT_TRUE(res.ok()) << res.error().message;
    const auto& pts = res.value();
    EXPECT_EQ(pts.front().bn_mean_std, 0.0);       // B = 1: the target alone
    EXPECT_EQ(pts.back().bn_mean_std_theory, 0.0); // B = N: always the whole population
    EXPECT_LT(pts.back().bn_mean_std, 1e-12);
    for (size_t i = 1; i + 1 < pts.size(); ++i) {
        EXPECT_GT(pts[i].bn_mean_std, 0.0);
        // The empirical spread agrees with the sampling-without-replacement formula (400 trials:
        // the std of a std estimate is about 1 / sqrt(800), so allow 15%).
        EXPECT_NEAR(pts[i].bn_mean_std, pts[i].bn_mean_std_theory, 0.15 * pts[i].bn_mean_std_theory)
            << "B = " << pts[i].batch_size;
    }
    EXPECT_GT(pts[2].bn_mean_std_theory, pts[4].bn_mean_std_theory);
    for (const auto& pt : pts) {
        EXPECT_EQ(pt.gn_mean_std, 0.0);
        EXPECT_EQ(pt.ln_mean_std, 0.0);
    }
}

TEST(BatchSizeEffect, SeededAndValidated) {
    const auto pop = generate_activations({16, 4, 4, 4}, {}, 10).value();
    BatchSizeEffectParams p;
    p.batch_sizes = {4, 8};
    const auto a = batch_size_effect(pop, p).value(), b = batch_size_effect(pop, p).value();
    EXPECT_EQ(a[0].bn_mean_std, b[0].bn_mean_std);
    p.batch_sizes = {17};
    EXPECT_FALSE(batch_size_effect(pop, p).ok());
    p.batch_sizes = {4};
    p.groups = 3;
    EXPECT_FALSE(batch_size_effect(pop, p).ok());
    p.groups = 1;
    p.channel = 4;
    EXPECT_FALSE(batch_size_effect(pop, p).ok());
}

TEST(BatchSizeEffect, FromPlaneMomentsGivesTheSameNumbers) {
    const auto pop = generate_activations({16, 4, 4, 4}, {}, 10).value();
    BatchSizeEffectParams p;
    p.batch_sizes = {1, 2, 4, 8, 16};
    p.groups = 2;
    const auto a = batch_size_effect(pop, p).value();
    const auto b = batch_size_effect(plane_moments(pop), pop.shape, p).value();
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].bn_mean_std, b[i].bn_mean_std) << i;
        EXPECT_EQ(a[i].bn_var_std, b[i].bn_var_std) << i;
        EXPECT_EQ(a[i].bn_mean_std_theory, b[i].bn_mean_std_theory) << i;
        EXPECT_EQ(a[i].gn_mean_std, b[i].gn_mean_std) << i;
    }
    const auto wrong = batch_size_effect(std::vector<Moments>(3), pop.shape, p);
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().message, "plane moments requires 64 (N x C), got 3");
}

// [SECTION] RMSNorm: torch.nn.RMSNorm's definition, tests/reference/gen_rms_norm.py (mpmath)

namespace {

// The fixture row's tensor, its per-channel gamma expanded to the elementwise weight over
// (C, H, W) that nn.RMSNorm holds.
struct RmsCase {
    std::string name;
    Shape4 shape;
    double eps = 0.0;
    std::vector<double> x, gamma, weight, mean_square, y;
};

std::vector<RmsCase> rms_cases() {
    const auto t = read_csv("rms_norm.csv");
    std::vector<RmsCase> out;
    for (size_t r = 0; r < t.rows.size(); ++r) {
        RmsCase c;
        c.name = t.str(r, "name");
        c.shape = {size_t(t.num(r, "n")), size_t(t.num(r, "c")), size_t(t.num(r, "h")),
                   size_t(t.num(r, "w"))};
        c.eps = t.num(r, "eps");
        c.x = t.list(r, "x");
        c.gamma = t.list(r, "gamma");
        c.mean_square = t.list(r, "mean_square");
        c.y = t.list(r, "y");
        if (!c.gamma.empty())
            for (size_t ch = 0; ch < c.shape.c; ++ch)
                for (size_t k = 0; k < c.shape.plane(); ++k)
                    c.weight.push_back(c.gamma[ch]);
        out.push_back(std::move(c));
    }
    return out;
}

} // namespace

TEST(RmsNorm, VectorFormEqualsTheDefinitionToAFewUlp) {
    const auto cases = rms_cases();
    ASSERT_EQ(cases.size(), 7u);
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        const size_t len = c.shape.sample();
        const auto ms = rms_mean_squares(c.x, len);
        ASSERT_TRUE(ms.ok()) << ms.error().message;
        expect_all_near(ms.value(), c.mean_square, 1e-15, 0.0);
        const auto y = rms_norm(c.x, len, c.weight, c.eps);
        ASSERT_TRUE(y.ok()) << y.error().message;
        expect_all_near(y.value(), c.y, 1e-15, 0.0);
    }
}

TEST(RmsNorm, TensorFormFromPlaneMomentsEqualsTheDefinition) {
    for (const auto& c : rms_cases()) {
        SCOPED_TRACE(c.name);
        Tensor4d x;
        x.shape = c.shape;
        x.data = c.x;
        const RmsStats st = rms_norm_stats(x);
        EXPECT_EQ(st.count, c.shape.sample());
        expect_all_near(st.mean_square, c.mean_square, 1e-15, 0.0);
        const auto y = rms_normalize(x, st, c.gamma, c.eps);
        ASSERT_TRUE(y.ok()) << y.error().message;
        expect_all_near(y.value().data, c.y, 1e-15, 0.0);
    }
}

TEST(RmsNorm, Float32IsTheDefinitionRoundedOnce) {
    for (const auto& c : rms_cases()) {
        SCOPED_TRACE(c.name);
        const std::vector<float> xf(c.x.begin(), c.x.end()); // float32-exact by construction
        const auto y = rms_norm(std::span<const float>(xf), c.shape.sample(), c.weight, c.eps);
        ASSERT_TRUE(y.ok());
        Tensor4 x;
        x.shape = c.shape;
        x.data = xf;
        const auto yt = rms_normalize(x, rms_norm_stats(x), c.gamma, c.eps);
        ASSERT_TRUE(yt.ok());
        for (size_t i = 0; i < c.y.size(); ++i) {
            const float ref = float(c.y[i]);
            EXPECT_LE(std::fabs(double(y.value()[i]) - c.y[i]),
                      std::fabs(double(std::nextafter(ref, INFINITY)) - double(ref)))
                << i;
            EXPECT_EQ(yt.value().data[i], y.value()[i]) << i;
        }
    }
}

TEST(RmsNorm, IsLayerNormWhenTheMeanIsZeroAndRefusesBadArguments) {
    // A zero-mean sample: mean(x^2) is LayerNorm's biased variance, so the outputs agree.
    Tensor4d x;
    x.shape = {1, 2, 1, 2};
    x.data = {1.0, -3.0, 4.0, -2.0};
    const auto rms = rms_normalize(x, rms_norm_stats(x), {}, 1e-5).value();
    const auto ln = norm_forward(x, {NormMethod::Layer}).value();
    expect_all_near(rms.data, ln.y.data, 1e-15, 0.0);

    const std::vector<double> v{1.0, 2.0, 3.0};
    EXPECT_FALSE(rms_norm(v, 2).ok());
    EXPECT_FALSE(rms_norm(v, 0).ok());
    const std::vector<double> w{1.0, 2.0};
    const auto bad_w = rms_norm(v, 3, w);
    ASSERT_FALSE(bad_w.ok());
    EXPECT_NE(bad_w.error().message.find("RMSNorm weight"), std::string::npos)
        << bad_w.error().message;
    EXPECT_FALSE(rms_norm(v, 3, {}, -1.0).ok());
    EXPECT_FALSE(rms_normalize(x, RmsStats{}, {}, 1e-5).ok());
    const std::vector<double> g3{1.0, 1.0, 1.0};
    EXPECT_FALSE(rms_normalize(x, rms_norm_stats(x), g3, 1e-5).ok());
}

// BatchNorm / LayerNorm / InstanceNorm / GroupNorm against PyTorch fixtures
// (tests/reference/gen_pytorch_norm.py), identities between the methods, edges, and the
// tensor generator.

#include "losslab/normalization.hpp"
#include "test_support.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <set>
#include <string>

using namespace losslab;
using losslab::test::read_csv;
using losslab::test::within_rel;

namespace {

constexpr double kRel = 1e-12;
// Outputs near zero are a difference of O(1) terms; below this their relative error is not
// meaningful, so the comparison is absolute there (still 1e-12 of the unit scale).
constexpr double kAbsFloor = 1e-12;

Shape4 row_shape(const test::CsvTable& t, size_t r) {
    return {size_t(t.num(r, "n")), size_t(t.num(r, "c")), size_t(t.num(r, "h")),
            size_t(t.num(r, "w"))};
}

Tensor4d row_tensor(const test::CsvTable& t, size_t r, const std::string& col = "input") {
    Tensor4d x;
    x.shape = row_shape(t, r);
    x.data = t.list(r, col);
    EXPECT_EQ(x.data.size(), x.shape.numel()) << col;
    return x;
}

NormMethod parse_method(const std::string& m) {
    if (m == "batch") return NormMethod::Batch;
    if (m == "layer") return NormMethod::Layer;
    if (m == "instance") return NormMethod::Instance;
    return NormMethod::Group;
}

double max_abs_diff(const std::vector<double>& a, const std::vector<double>& b) {
    double m = 0.0;
    for (size_t i = 0; i < a.size(); ++i)
        m = std::max(m, std::fabs(a[i] - b[i]));
    return m;
}

} // namespace

TEST(NormStatsPt, Float64MatchesPyTorchTo1e12) {
    const auto t = read_csv("pytorch_norm_stats.csv");
    for (size_t r = 0; r < t.rows.size(); ++r) {
        SCOPED_TRACE(t.str(r, "case") + "/" + t.str(r, "method"));
        const Tensor4d x = row_tensor(t, r);
        const NormConfig cfg{parse_method(t.str(r, "method")), size_t(t.num(r, "groups")),
                             t.num(r, "eps")};
        const Affine affine{t.list(r, "gamma"), t.list(r, "beta")};
        auto out = norm_forward(x, cfg, affine);
        ASSERT_TRUE(out.ok()) << out.error().message;
        const auto mean = t.list(r, "mean"), var = t.list(r, "var"), y = t.list(r, "output");
        ASSERT_EQ(out.value().stats.mean.size(), mean.size());
        for (size_t i = 0; i < mean.size(); ++i) {
            EXPECT_TRUE(within_rel(out.value().stats.mean[i], mean[i], kRel, kAbsFloor)) << i;
            EXPECT_TRUE(within_rel(out.value().stats.var[i], var[i], kRel)) << i;
        }
        ASSERT_EQ(out.value().y.data.size(), y.size());
        for (size_t i = 0; i < y.size(); ++i)
            EXPECT_TRUE(within_rel(out.value().y.data[i], y[i], kRel, kAbsFloor)) << i;
    }
}

// Inputs float32 cannot hold (1e4 + 1e-3 noise): the float64 entry points (what
// `norm-stats` uses for a float64 .npy) match PyTorch float64, and the same data rounded to
// float32 first does not (so a path that rounds would fail here).
TEST(NormStatsPt, Float64InputIsComputedInFloat64) {
    const auto t = read_csv("pytorch_norm_stats_f64.csv");
    ASSERT_GE(t.rows.size(), 6u);
    for (size_t r = 0; r < t.rows.size(); ++r) {
        SCOPED_TRACE(t.str(r, "case") + "/" + t.str(r, "method"));
        const Tensor4d x = row_tensor(t, r);
        const NormConfig cfg{parse_method(t.str(r, "method")), size_t(t.num(r, "groups")),
                             t.num(r, "eps")};
        auto s = norm_stats(x, cfg);
        ASSERT_TRUE(s.ok()) << s.error().message;
        const auto mean = t.list(r, "mean"), var = t.list(r, "var"), y = t.list(r, "output");
        ASSERT_EQ(s.value().mean.size(), mean.size());
        for (size_t i = 0; i < mean.size(); ++i) {
            // Centering 1e4-sized values costs both sides ~1e-16 * 1e4 / 1e-3 = 1e-9 relative
            // in the variance (its condition number); float32 would lose all of it.
            EXPECT_TRUE(within_rel(s.value().mean[i], mean[i], 1e-14, 1e-15)) << i;
            EXPECT_TRUE(within_rel(s.value().var[i], var[i], 1e-8)) << i;
        }
        auto out = normalize(x, s.value(), {}, cfg.eps);
        ASSERT_TRUE(out.ok());
        for (size_t i = 0; i < y.size(); ++i)
            EXPECT_TRUE(within_rel(out.value().data[i], y[i], 1e-8, 1e-8)) << i;
        if (t.str(r, "case") == "f64") {
            auto rounded = norm_stats(to_float(x), cfg);
            ASSERT_TRUE(rounded.ok());
            EXPECT_FALSE(within_rel(rounded.value().var[0], var[0], 1e-3))
                << "float32 rounding should lose the variance of 1e-3 noise on 1e4";
        }
    }
}

TEST(NormStatsPt, Float32StatsAreDoubleAccurate) {
    // Inputs are float32 values, and our statistics accumulate in double: the float path's
    // means and variances agree with PyTorch's float64 ones to 1e-12, not to float precision.
    const auto t = read_csv("pytorch_norm_stats.csv");
    for (size_t r = 0; r < t.rows.size(); ++r) {
        SCOPED_TRACE(t.str(r, "case") + "/" + t.str(r, "method"));
        const Tensor4 x = to_float(row_tensor(t, r));
        const NormConfig cfg{parse_method(t.str(r, "method")), size_t(t.num(r, "groups"))};
        auto s = norm_stats(x, cfg);
        ASSERT_TRUE(s.ok());
        const auto mean = t.list(r, "mean"), var = t.list(r, "var");
        for (size_t i = 0; i < mean.size(); ++i) {
            EXPECT_TRUE(within_rel(s.value().mean[i], mean[i], kRel, kAbsFloor)) << i;
            EXPECT_TRUE(within_rel(s.value().var[i], var[i], kRel)) << i;
        }
    }
}

TEST(NormStatsPt, Float32OutputWithinPyTorchsOwnFloat32Error) {
    const auto t = read_csv("pytorch_norm_stats.csv");
    for (size_t r = 0; r < t.rows.size(); ++r) {
        SCOPED_TRACE(t.str(r, "case") + "/" + t.str(r, "method"));
        const Tensor4 x = to_float(row_tensor(t, r));
        const NormConfig cfg{parse_method(t.str(r, "method")), size_t(t.num(r, "groups")),
                             t.num(r, "eps")};
        auto out = norm_forward(x, cfg, {t.list(r, "gamma"), t.list(r, "beta")});
        ASSERT_TRUE(out.ok());
        const auto y64 = t.list(r, "output");
        const std::vector<double> ours(out.value().y.data.begin(), out.value().y.data.end());
        const double our_err = max_abs_diff(ours, y64);
        const double torch_err = t.num(r, "max_abs_err_f32");
        EXPECT_LE(our_err, torch_err) << "ours " << our_err << " vs torch float32 " << torch_err;
    }
}

TEST(BatchNormRunningPt, TrainUpdatesRunningWithUnbiasedVarianceAndEvalUsesThem) {
    const auto t = read_csv("pytorch_norm_running.csv");
    for (size_t r = 0; r < t.rows.size(); ++r) {
        SCOPED_TRACE(t.str(r, "case") + "/" + t.str(r, "mode") + t.str(r, "step"));
        const Tensor4d x = row_tensor(t, r);
        RunningStats running{t.list(r, "running_mean_in"), t.list(r, "running_var_in")};
        BatchNormOptions o;
        o.training = t.str(r, "mode") == "train";
        o.momentum = t.num(r, "momentum");
        auto out = batch_norm(x, running, {t.list(r, "gamma"), t.list(r, "beta")}, o);
        ASSERT_TRUE(out.ok()) << out.error().message;
        const auto y = t.list(r, "output");
        for (size_t i = 0; i < y.size(); ++i)
            EXPECT_TRUE(within_rel(out.value().y.data[i], y[i], kRel, kAbsFloor)) << i;
        const auto rm = t.list(r, "running_mean_out"), rv = t.list(r, "running_var_out");
        for (size_t c = 0; c < rm.size(); ++c) {
            EXPECT_TRUE(within_rel(running.mean[c], rm[c], kRel, kAbsFloor)) << c;
            EXPECT_TRUE(within_rel(running.var[c], rv[c], kRel)) << c;
        }
    }
}

TEST(BatchNormRunningPt, FloatPathUpdatesRunningStatsInDouble) {
    const auto t = read_csv("pytorch_norm_running.csv");
    const Tensor4 x = to_float(row_tensor(t, 0));
    RunningStats running{t.list(0, "running_mean_in"), t.list(0, "running_var_in")};
    BatchNormOptions o;
    o.momentum = t.num(0, "momentum");
    ASSERT_TRUE(batch_norm(x, running, {t.list(0, "gamma"), t.list(0, "beta")}, o).ok());
    const auto rv = t.list(0, "running_var_out");
    for (size_t c = 0; c < rv.size(); ++c)
        EXPECT_TRUE(within_rel(running.var[c], rv[c], kRel));
}

TEST(BatchNormRunning, TrainingRefusesOneValuePerChannelLikePyTorch) {
    Tensor4d x(Shape4{1, 3, 1, 1}, 2.0);
    auto running = running_stats_init(3);
    auto out = batch_norm(x, running, {}, {});
    ASSERT_FALSE(out.ok());
    EXPECT_NE(out.error().message.find("more than 1 value per channel"), std::string::npos);
    EXPECT_EQ(running.mean, std::vector<double>(3, 0.0)); // untouched
    BatchNormOptions eval;
    eval.training = false;
    EXPECT_TRUE(batch_norm(x, running, {}, eval).ok());
}

TEST(BatchNormRunning, WrongRunningLengthIsAnError) {
    Tensor4d x(Shape4{2, 3, 2, 2}, 1.0);
    auto running = running_stats_init(2);
    auto out = batch_norm(x, running, {}, {});
    ASSERT_FALSE(out.ok());
    EXPECT_NE(out.error().message.find("3 means"), std::string::npos) << out.error().message;
}

// [SECTION] Identities

namespace {
Tensor4d random_tensor(Shape4 s, std::uint64_t seed, GeneratorParams p = {}) {
    p.channel_shift_std = p.channel_shift_std == 0 ? 1.5 : p.channel_shift_std;
    p.channel_log_scale_std = 0.4;
    p.sample_shift_std = 0.7;
    auto x = generate_activations(s, p, seed);
    EXPECT_TRUE(x.ok());
    return to_double(x.value());
}
} // namespace

TEST(GroupNorm, OneGroupEqualsLayerNormStatistics) {
    const auto x = random_tensor({3, 8, 5, 4}, 1);
    const auto g = group_norm_stats(x, 1).value();
    const auto l = layer_norm_stats(x);
    ASSERT_EQ(g.mean.size(), l.mean.size());
    for (size_t i = 0; i < g.mean.size(); ++i) {
        EXPECT_EQ(g.mean[i], l.mean[i]);
        EXPECT_EQ(g.var[i], l.var[i]);
    }
    EXPECT_EQ(g.count, l.count);
}

TEST(GroupNorm, GroupPerChannelEqualsInstanceNorm) {
    const auto x = random_tensor({3, 8, 5, 4}, 2);
    const auto g = group_norm_stats(x, 8).value();
    const auto in = instance_norm_stats(x);
    ASSERT_EQ(g.mean.size(), in.mean.size());
    for (size_t i = 0; i < g.mean.size(); ++i) {
        EXPECT_EQ(g.mean[i], in.mean[i]);
        EXPECT_EQ(g.var[i], in.var[i]);
    }
    const auto yg = normalize(x, g).value(), yi = normalize(x, in).value();
    EXPECT_EQ(yg.data, yi.data);
}

TEST(GroupNorm, GroupsNotDividingChannelsIsAnErrorNamingBoth) {
    const auto x = random_tensor({2, 6, 3, 3}, 3);
    auto s = group_norm_stats(x, 4);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find("6 channels"), std::string::npos) << s.error().message;
    EXPECT_NE(s.error().message.find("4 groups"), std::string::npos) << s.error().message;
    EXPECT_FALSE(group_norm_stats(x, 0).ok());
}

TEST(BatchNorm, SingleValuePerChannelHasZeroVarianceAndOutputsBeta) {
    Tensor4d x(Shape4{1, 3, 1, 1});
    x.data = {2.5, -7.0, 1e3};
    const auto s = batch_norm_stats(x);
    for (size_t c = 0; c < 3; ++c) {
        EXPECT_EQ(s.mean[c], x.data[c]);
        EXPECT_EQ(s.var[c], 0.0);
    }
    const Affine a{{2.0, 3.0, 4.0}, {0.25, -1.5, 9.0}};
    const auto y = normalize(x, s, a).value();
    for (size_t c = 0; c < 3; ++c)
        EXPECT_EQ(y.data[c], a.beta[c]);
}

TEST(NormStats, ConstantInputHasZeroVarianceAndNoNaN) {
    Tensor4 x(Shape4{2, 4, 3, 3}, 3.25f);
    for (auto m : {NormMethod::Batch, NormMethod::Layer, NormMethod::Instance}) {
        auto out = norm_forward(x, {m});
        ASSERT_TRUE(out.ok());
        for (double v : out.value().stats.var)
            EXPECT_EQ(v, 0.0);
        for (float y : out.value().y.data)
            EXPECT_EQ(y, 0.0f);
    }
}

TEST(NormStats, LargeOffsetDoesNotCancel) {
    // mean 1e6, spread 1: a one-pass sum of squares in float would lose every digit.
    GeneratorParams p;
    p.base_mean = 1e6;
    auto x = generate_activations({4, 2, 16, 16}, p, 9).value();
    const auto s = batch_norm_stats(x);
    // Exact reference: the double path on the same float values with a plain two-pass loop.
    for (size_t c = 0; c < 2; ++c) {
        double sum = 0, n = 0;
        for (size_t k = 0; k < 4; ++k)
            for (size_t i = 0; i < 256; ++i)
                sum += x.plane(k, c)[i], ++n;
        const double mean = sum / n;
        double m2 = 0;
        for (size_t k = 0; k < 4; ++k)
            for (size_t i = 0; i < 256; ++i)
                m2 += (x.plane(k, c)[i] - mean) * (x.plane(k, c)[i] - mean);
        EXPECT_TRUE(within_rel(s.var[c], m2 / n, 1e-9));
    }
}

TEST(NormStats, OutliersAtThePilotPositionsKeepFullAccuracy) {
    // The float kernel shifts by the median of three elements (first, middle, last); make all
    // three outliers so that the shift is far from the mean and the kernel must fall back to
    // its two-pass form.
    auto x = generate_activations({1, 1, 40, 40}, {}, 12).value();
    const std::size_t len = x.data.size();
    x.data[0] = x.data[len / 2] = x.data[len - 1] = 1e4f;
    std::vector<double> xd(x.data.begin(), x.data.end());
    double mean = 0;
    for (double v : xd)
        mean += v;
    mean /= double(len);
    double m2 = 0, corr = 0;
    for (double v : xd)
        m2 += (v - mean) * (v - mean), corr += v - mean;
    m2 -= corr * corr / double(len);
    const Moments m = array_moments(x.data.data(), len);
    EXPECT_TRUE(within_rel(m.mean, mean, 1e-13));
    EXPECT_TRUE(within_rel(m.m2, m2, 1e-12));
}

TEST(NormStats, FloatAndDoublePathsAgree) {
    auto xf = generate_activations({4, 8, 7, 9}, {}, 5).value();
    const auto xd = to_double(xf);
    for (auto m : {NormMethod::Batch, NormMethod::Layer, NormMethod::Instance, NormMethod::Group}) {
        const NormConfig cfg{m, 4};
        const auto sf = norm_stats(xf, cfg).value(), sd = norm_stats(xd, cfg).value();
        for (size_t i = 0; i < sf.mean.size(); ++i) {
            EXPECT_TRUE(within_rel(sf.mean[i], sd.mean[i], 1e-13, 1e-15));
            EXPECT_TRUE(within_rel(sf.var[i], sd.var[i], 1e-13));
        }
    }
}

TEST(NormStats, ThreadCountDoesNotChangeResults) {
    auto x = generate_activations({4, 16, 32, 32}, {}, 6).value();
    for (auto m : {NormMethod::Batch, NormMethod::Group}) {
        NormConfig one{m, 4, 1e-5, 1}, two{m, 4, 1e-5, 2};
        const auto a = norm_forward(x, one).value(), b = norm_forward(x, two).value();
        EXPECT_EQ(a.stats.mean, b.stats.mean);
        EXPECT_EQ(a.stats.var, b.stats.var);
        EXPECT_EQ(a.y.data, b.y.data);
    }
}

TEST(NormForward, FusedPathEqualsStatsThenNormalizeBitForBit) {
    GeneratorParams gp;
    gp.channel_shift_std = 2.0;
    gp.outlier_fraction = 0.01;
    const auto x = generate_activations({3, 8, 9, 11}, gp, 13).value();
    Affine a;
    for (int c = 0; c < 8; ++c)
        a.gamma.push_back(0.5 + c), a.beta.push_back(-c);
    for (auto m : {NormMethod::Batch, NormMethod::Layer, NormMethod::Instance, NormMethod::Group}) {
        const NormConfig cfg{m, 4};
        const auto fused = norm_forward(x, cfg, a).value();
        const auto stats = norm_stats(x, cfg).value();
        const auto y = normalize(x, stats, a).value();
        EXPECT_EQ(fused.stats.mean, stats.mean) << norm_method_name(m);
        EXPECT_EQ(fused.stats.var, stats.var) << norm_method_name(m);
        EXPECT_EQ(fused.stats.count, stats.count) << norm_method_name(m);
        EXPECT_EQ(fused.y.data, y.data) << norm_method_name(m);
    }
}

TEST(NormStats, MergedMomentsEqualDirectMoments) {
    std::vector<double> v;
    Xoshiro256 rng(11);
    for (int i = 0; i < 1001; ++i)
        v.push_back(5.0 + rng.normal());
    const Moments all = array_moments(v.data(), v.size());
    const Moments merged =
        merge_moments(array_moments(v.data(), 300), array_moments(v.data() + 300, 701));
    EXPECT_TRUE(within_rel(merged.mean, all.mean, 1e-14));
    EXPECT_TRUE(within_rel(merged.m2, all.m2, 1e-13));
    EXPECT_EQ(merge_moments(Moments{}, all).mean, all.mean);
}

TEST(Normalize, MismatchedAffineIsAnError) {
    Tensor4d x(Shape4{2, 3, 2, 2}, 1.0);
    const auto s = batch_norm_stats(x);
    auto y = normalize(x, s, Affine{{1.0, 2.0}, {}});
    ASSERT_FALSE(y.ok());
    EXPECT_NE(y.error().message.find("gamma"), std::string::npos);
    Tensor4d other(Shape4{2, 3, 2, 3}, 1.0);
    EXPECT_FALSE(normalize(other, s).ok());
}

// [SECTION] Sharing (Group Norm paper, Figure 2)

TEST(StatsSharing, BlocksMatchGroupNormFigure2) {
    const Shape4 s{4, 6, 3, 3};
    EXPECT_EQ(stats_sharing(NormMethod::Batch, s, 2, 3).value(), (StatsSharing{0, 4, 3, 4}));
    EXPECT_EQ(stats_sharing(NormMethod::Layer, s, 2, 3).value(), (StatsSharing{2, 3, 0, 6}));
    EXPECT_EQ(stats_sharing(NormMethod::Instance, s, 2, 3).value(), (StatsSharing{2, 3, 3, 4}));
    EXPECT_EQ(stats_sharing(NormMethod::Group, s, 2, 3, 3).value(), (StatsSharing{2, 3, 2, 4}));
    EXPECT_FALSE(stats_sharing(NormMethod::Group, s, 2, 3, 4).ok());
    EXPECT_FALSE(stats_sharing(NormMethod::Batch, s, 4, 0).ok());
    EXPECT_EQ(stats_sharing(NormMethod::Group, s, 2, 3, 1, 2, 3).value(),
              (StatsSharing{2, 3, 2, 4}));
    EXPECT_FALSE(stats_sharing(NormMethod::Batch, s, 0, 0, 3, 0).ok());
}

TEST(StatsSharing, AgreesWithStatIndex) {
    // Two planes share a statistic exactly when one is in the other's sharing block.
    const Shape4 s{3, 6, 2, 2};
    Tensor4d x(s, 0.0);
    for (auto m : {NormMethod::Batch, NormMethod::Layer, NormMethod::Instance, NormMethod::Group}) {
        const auto st = norm_stats(x, {m, 2}).value();
        for (size_t n = 0; n < s.n; ++n)
            for (size_t c = 0; c < s.c; ++c) {
                const auto block = stats_sharing(m, s, n, c, 2).value();
                for (size_t n2 = 0; n2 < s.n; ++n2)
                    for (size_t c2 = 0; c2 < s.c; ++c2)
                        EXPECT_EQ(block.contains(n2, c2),
                                  st.stat_index(n, c) == st.stat_index(n2, c2));
            }
    }
}

// [SECTION] Tensor and generator

TEST(Tensor4, IndexIsNchw) {
    Tensor4 x(Shape4{2, 3, 4, 5});
    EXPECT_EQ(x.index(1, 2, 3, 4), x.data.size() - 1);
    EXPECT_EQ(x.index(0, 1, 0, 0), 20u);
    EXPECT_EQ(x.plane(1, 0) - x.data.data(), 60);
}

TEST(Tensor4, SizeCheckNamesSizeAndLimit) {
    EXPECT_TRUE(check_tensor_size({32, 256, 56, 56}).ok());
    auto st = check_tensor_size({32, 256, 56, 56}, 4, 1000000);
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.error().message.find("102760448 bytes"), std::string::npos) << st.error().message;
    EXPECT_NE(st.error().message.find("1000000"), std::string::npos);
    // Extents whose product overflows size_t whatever its width (64 bits on the desktop, 32 in
    // WebAssembly).
    const std::size_t huge = std::numeric_limits<std::size_t>::max() / 2 + 1;
    const auto overflow = check_tensor_size({huge, huge, 1, 1});
    ASSERT_FALSE(overflow.ok());
    EXPECT_NE(overflow.error().message.find("an overflowing size"), std::string::npos)
        << overflow.error().message;
    EXPECT_FALSE(generate_activations({4096, 4096, 64, 64}, {}, 1).ok());
}

TEST(Xoshiro256, MatchesReferenceStream) {
    // splitmix64 from state 0: published first output 0xe220a8397b1dcdaf.
    SplitMix64 sm{0};
    EXPECT_EQ(sm.next(), 0xe220a8397b1dcdafULL);
    Xoshiro256 a(42), b(42), c(43);
    for (int i = 0; i < 100; ++i)
        EXPECT_EQ(a.next(), b.next());
    EXPECT_NE(Xoshiro256(42).next(), c.next());
}

TEST(Xoshiro256, NormalHasUnitMomentsAndBelowIsInRange) {
    Xoshiro256 rng(7);
    std::vector<double> v(200000);
    for (auto& z : v)
        z = rng.normal();
    const auto m = array_moments(v.data(), v.size());
    EXPECT_NEAR(m.mean, 0.0, 0.01);
    EXPECT_NEAR(m.biased_var(), 1.0, 0.01);
    std::set<std::uint64_t> seen;
    for (int i = 0; i < 1000; ++i) {
        const auto k = rng.below(7);
        EXPECT_LT(k, 7u);
        seen.insert(k);
    }
    EXPECT_EQ(seen.size(), 7u);
}

TEST(GenerateActivations, SeedDeterminesTensor) {
    GeneratorParams p;
    p.outlier_fraction = 0.01;
    const auto a = generate_activations({2, 3, 8, 8}, p, 17).value();
    const auto b = generate_activations({2, 3, 8, 8}, p, 17).value();
    const auto c = generate_activations({2, 3, 8, 8}, p, 18).value();
    EXPECT_EQ(a.data, b.data);
    EXPECT_NE(a.data, c.data);
}

TEST(GenerateActivations, ChannelShiftAndScaleShowInBatchStats) {
    GeneratorParams p;
    p.channel_shift_std = 3.0;
    p.channel_log_scale_std = 0.5;
    const auto x = generate_activations({16, 8, 16, 16}, p, 3).value();
    const auto s = batch_norm_stats(x);
    const auto spread = array_moments(s.mean.data(), s.mean.size());
    EXPECT_GT(spread.biased_var(), 0.5); // channel means differ
    const auto y = normalize(x, s).value();
    const auto ys = batch_norm_stats(y);
    for (size_t c = 0; c < 8; ++c) {
        EXPECT_NEAR(ys.mean[c], 0.0, 1e-5);
        EXPECT_NEAR(ys.var[c], 1.0, 1e-3);
    }
}

TEST(GenerateActivations, OutliersHaveTheRequestedFractionAndMagnitude) {
    GeneratorParams p;
    p.outlier_fraction = 0.05;
    p.outlier_magnitude = 50.0;
    const auto x = generate_activations({4, 4, 32, 32}, p, 21).value();
    size_t outliers = 0;
    for (float v : x.data)
        if (std::fabs(v) == 50.0f) ++outliers;
    const double frac = double(outliers) / double(x.data.size());
    EXPECT_NEAR(frac, 0.05, 0.01);
    p.outlier_fraction = 1.5;
    EXPECT_FALSE(generate_activations({1, 1, 2, 2}, p, 1).ok());
}

// The normalization lab's cache: the tensor rebuilt from kept draws when a spread slider moves
// is, bit for bit, the core's generate_activations for the same seed (the old path), for the
// input tensor and for the batch-size population; stages keyed by typed keys recompute only
// when their inputs change.

#include "model/labs/lab_normalization.hpp"
#include "losslab/norm_variants.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace losslab;
using namespace losslab::model;

namespace {

GeneratorParams spreads(double cs, double cl, double ss, double sl) {
    GeneratorParams g;
    g.channel_shift_std = cs;
    g.channel_log_scale_std = cl;
    g.sample_shift_std = ss;
    g.sample_log_scale_std = sl;
    return g;
}

} // namespace

TEST(GeneratorDraws, AffineRebuildEqualsTheGeneratorBitForBit) {
    for (const Shape4 shape : {Shape4{8, 32, 16, 16}, Shape4{3, 5, 7, 1}, Shape4{1, 1, 1, 1}}) {
        for (const std::uint64_t seed : {1ull, 42ull}) {
            GeneratorDraws draws;
            ASSERT_TRUE(draws.draw(shape, seed));
            // One set of draws, many spreads: each equals a fresh generation.
            for (const auto& g : {spreads(1.5, 0.5, 0.5, 0.25), spreads(0, 0, 0, 0),
                                  spreads(5, 2, 5, 2), spreads(0.37, 1.91, 0.0, 0.6)}) {
                Tensor4 rebuilt;
                draws.build(g, rebuilt);
                const auto ref = generate_activations(shape, g, seed);
                ASSERT_TRUE(ref.ok());
                EXPECT_EQ(rebuilt.shape, shape);
                EXPECT_EQ(rebuilt.data, ref.value().data)
                    << "shape " << shape.n << "x" << shape.c << "x" << shape.h << "x" << shape.w
                    << " seed " << seed << " channel shift " << g.channel_shift_std;
            }
        }
    }
}

TEST(GeneratorDraws, RefusesATensorOverTheSizeLimit) {
    GeneratorDraws draws;
    const auto st = draws.draw(Shape4{1u << 20, 1u << 10, 64, 64}, 1);
    ASSERT_FALSE(st);
    EXPECT_FALSE(st.error().message.empty());
}

TEST(NormalizationLabCache, SweepingASpreadGivesTheGeneratedTensorAtEveryStep) {
    NormalizationLabState s;
    NormalizationLab lab;
    for (double shift : {0.0, 0.8, 2.5, 5.0}) {
        s.channel_shift = shift;
        s.sample_scale = shift / 5.0;
        lab.update(s);
        const auto ref =
            generate_activations(normalization_shape(s), normalization_generator_params(s), 1);
        ASSERT_TRUE(ref.ok());
        EXPECT_EQ(lab.input().data, ref.value().data) << "channel shift " << shift;
    }
}

TEST(NormalizationLabCache, SmallBatchPopulationIsThe64SampleGeneratedTensor) {
    NormalizationLabState s; // N = 8 < 16: a 64-sample population is generated
    NormalizationLab lab;
    for (double shift : {1.5, 3.0}) {
        s.channel_shift = shift;
        lab.update(s);
        const Tensor4& pop = lab.population();
        Shape4 sh = normalization_shape(s);
        sh.n = 64;
        const auto ref = generate_activations(sh, normalization_generator_params(s), 1);
        ASSERT_TRUE(ref.ok());
        ASSERT_EQ(pop.shape, sh);
        // Only what the batch-size tab reads is generated: channel 0 of every sample and
        // every channel of sample 0, bit for bit the generator's; the other planes are zero.
        const Tensor4& r = ref.value();
        std::size_t generated = 0;
        for (std::size_t n = 0; n < sh.n; ++n)
            for (std::size_t c = 0; c < sh.c; ++c) {
                const std::vector<float> got(pop.plane(n, c), pop.plane(n, c) + sh.plane());
                const std::vector<float> want(r.plane(n, c), r.plane(n, c) + sh.plane());
                if (n == 0 || c == 0) {
                    EXPECT_EQ(got, want) << "plane " << n << ", " << c << ", shift " << shift;
                    ++generated;
                } else {
                    EXPECT_EQ(got, std::vector<float>(sh.plane(), 0.0f)) << n << ", " << c;
                }
            }
        EXPECT_EQ(generated, sh.n + sh.c - 1);
        // What the tab shows equals the core on the whole generated tensor.
        BatchSizeEffectParams p;
        p.groups = lab.groups();
        p.seed = std::uint64_t(s.seed);
        p.batch_sizes = {1, 2, 4, 8, 16, 32, 64};
        const auto whole = batch_size_effect(r, p);
        ASSERT_TRUE(whole.ok());
        const auto& pts = lab.batch_size_points();
        ASSERT_EQ(pts.size(), whole.value().size());
        for (std::size_t i = 0; i < pts.size(); ++i) {
            EXPECT_EQ(pts[i].batch_size, whole.value()[i].batch_size);
            EXPECT_EQ(pts[i].bn_mean_std, whole.value()[i].bn_mean_std) << i;
            EXPECT_EQ(pts[i].bn_var_std, whole.value()[i].bn_var_std) << i;
            EXPECT_EQ(pts[i].bn_mean_std_theory, whole.value()[i].bn_mean_std_theory) << i;
            EXPECT_EQ(pts[i].gn_mean_std, whole.value()[i].gn_mean_std) << i;
            EXPECT_EQ(pts[i].ln_mean_std, whole.value()[i].ln_mean_std) << i;
        }
        EXPECT_EQ(lab.population_batch_stats().mean[0], batch_norm_stats(r).mean[0]);
        // Asked again without a change: the same object, not a new generation.
        EXPECT_EQ(&lab.population(), &pop);
        EXPECT_EQ(lab.population().data.data(), pop.data.data());
    }
    s.n = 16; // >= 16: the input itself
    lab.update(s);
    EXPECT_EQ(&lab.population(), &lab.input());
}

TEST(NormalizationLabCache, StagesRecomputeWhenTheirInputsChange) {
    NormalizationLabState s;
    s.method = 3; // GroupNorm
    NormalizationLab lab;
    lab.update(s);
    const auto y_before = lab.output().data;
    s.groups = 4; // an input of the output stage
    lab.update(s);
    const auto y_after = lab.output().data;
    EXPECT_NE(y_before, y_after);
    s.momentum = 0.5; // not an input of the output stage: same values
    lab.update(s);
    EXPECT_EQ(lab.output().data, y_after);
    s.seed = 2; // a new tensor: every stage recomputes
    lab.update(s);
    EXPECT_NE(lab.output().data, y_after);
}

TEST(StageKey, IsStaleOnlyWhenTheKeyChanges) {
    struct K {
        int a;
        double b;
        bool operator==(const K&) const = default;
    };
    StageKey<K> key;
    EXPECT_TRUE(key.stale({1, 2.0}));
    EXPECT_FALSE(key.stale({1, 2.0}));
    EXPECT_TRUE(key.stale({1, 2.5}));
    key.reset();
    EXPECT_TRUE(key.stale({1, 2.5}));
}

TEST(HistogramCounts, MatchesTheOneValueAtATimeBinningAndSkipsNonFinite) {
    std::vector<float> data;
    std::uint64_t r = 12345;
    for (int i = 0; i < 20000; ++i) {
        r = r * 6364136223846793005ull + 1442695040888963407ull;
        data.push_back(float(double(r >> 11) * 0x1p-53 * 7.0 - 3.0));
    }
    data.push_back(std::numeric_limits<float>::quiet_NaN());
    data.push_back(std::numeric_limits<float>::infinity());
    data.push_back(-std::numeric_limits<float>::infinity());
    data.push_back(-3.0f); // on the low edge
    const auto [lo, hi] = finite_range(data, {});
    EXPECT_EQ(lo, double(*std::min_element(data.begin() + 20003, data.end())));
    for (const int bins : {1, 7, 80}) {
        const double width = (hi - lo) / bins;
        std::vector<double> ref(std::size_t(bins), 0.0);
        for (float v : data)
            if (std::isfinite(v))
                ref[std::size_t(std::clamp(int((double(v) - lo) / width), 0, bins - 1))] += 1.0;
        EXPECT_EQ(histogram_counts(data, lo, hi, bins), ref) << bins << " bins";
    }
    EXPECT_EQ(histogram_counts(data, lo, hi, 80).size(), 80u);
    double total = 0.0;
    for (double c : histogram_counts(data, lo, hi, 80))
        total += c;
    EXPECT_EQ(total, 20001.0); // the three non-finite values are dropped
}

TEST(HistogramCounts, RangeOfNothingFiniteIsTheUnitInterval) {
    const std::vector<float> nan{std::numeric_limits<float>::quiet_NaN()};
    EXPECT_EQ(finite_range(nan, {}), (std::pair<double, double>{-1.0, 1.0}));
    EXPECT_EQ(finite_range({2.0f}, {}), (std::pair<double, double>{1.0, 3.0}));
}

TEST(HistogramCounts, ValuesOnAndNextToBinEdgesLandWhereTheDivisionPutsThem) {
    // The vectorised binning multiplies in float and redoes values near an edge exactly:
    // every float next to each edge must land in the bin the double division gives.
    const double lo = -2.5, hi = 5.5;
    const int bins = 80;
    const double width = (hi - lo) / bins;
    std::vector<float> data;
    for (int k = 0; k <= bins; ++k) {
        float e = float(lo + k * width);
        for (int step = 0; step < 3; ++step) e = std::nextafter(e, -INFINITY);
        for (int step = 0; step < 7; ++step) {
            data.push_back(e);
            e = std::nextafter(e, INFINITY);
        }
    }
    data.push_back(-100.0f); // below the range: the first bin
    data.push_back(1e30f);   // above: the last
    std::vector<double> ref(std::size_t(bins), 0.0);
    for (float v : data)
        ref[std::size_t(std::clamp(int(std::clamp((double(v) - lo) / width, 0.0, double(bins - 1))),
                                   0, bins - 1))] += 1.0;
    EXPECT_EQ(histogram_counts(data, lo, hi, bins), ref);
}

// The batched (span) losses on every instruction-set path this CPU has (scalar, AVX2,
// AVX-512): within 4 ulp of the 50-digit mpmath references of tests/reference/
// mpmath_accuracy.csv, within 4 ulp of the scalar functions on random points (logits up to
// +-700, hard and soft targets, several gammas and alphas), and Sum / Mean equal to reduce()
// of the None values bit for bit. Each test prints its worst ulp distance.
#include "../../core/src/simd_kernels.hpp"
#include "losslab/activations.hpp"
#include "losslab/binary_losses.hpp"
#include "losslab/focal_loss.hpp"
#include "losslab/multiclass_losses.hpp"
#include "test_support.hpp"

#include <cmath>
#include <cstdint>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

using losslab::Reduction;
using losslab::simd::Level;
using losslab::test::ulp_distance;

namespace {

constexpr std::uint64_t kMaxUlp = 4;

const char* level_name(Level l) {
    switch (l) {
    case Level::Scalar:
        return "scalar";
    case Level::Avx2:
        return "avx2";
    case Level::Avx512:
        return "avx512";
    }
    return "?";
}

const losslab::test::CsvTable& fixture() {
    static const losslab::test::CsvTable t = losslab::test::read_csv("mpmath_accuracy.csv");
    return t;
}

struct Worst {
    std::uint64_t ulp = 0;
    std::string at;
    std::size_t points = 0;
    void add(double got, double ref, const std::string& where) {
        const std::uint64_t d = ulp_distance(got, ref);
        ++points;
        if (d > ulp || at.empty()) {
            if (d >= ulp) at = where;
            ulp = std::max(ulp, d);
        }
    }
    void print(const std::string& what) const {
        std::cout << "[ulp] batched " << what << " (" << level_name(losslab::simd::kernels().level)
                  << "): worst " << ulp << " ulp at " << at << ", " << points << " points\n";
    }
};

std::string args_of(std::initializer_list<double> xs) {
    std::string s;
    for (double x : xs) {
        if (!s.empty()) s += ";";
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", x);
        s += buf;
    }
    return s;
}

class BatchedAccuracy : public ::testing::TestWithParam<Level> {
protected:
    void SetUp() override {
        if (int(GetParam()) > int(losslab::simd::detected_level()))
            GTEST_SKIP() << level_name(GetParam()) << " is not supported by this CPU";
        losslab::simd::force_level(GetParam());
        ASSERT_EQ(losslab::simd::kernels().level, GetParam());
    }
    void TearDown() override { losslab::simd::force_level(losslab::simd::detected_level()); }
};

// Random logits: a spread around 0, the whole [-700, 700] range, and tiny magnitudes.
std::vector<double> random_logits(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0.0, 4.0);
    std::uniform_real_distribution<double> wide(-700.0, 700.0), expo(-30.0, 2.0);
    std::vector<double> z(n);
    for (std::size_t i = 0; i < n; ++i) {
        switch (i % 3) {
        case 0:
            z[i] = normal(rng);
            break;
        case 1:
            z[i] = wide(rng);
            break;
        default:
            z[i] = (rng() & 1 ? 1.0 : -1.0) * std::pow(10.0, expo(rng));
            break;
        }
    }
    return z;
}

// Hard targets with a sprinkling of soft ones (which must take their own path per lane).
std::vector<double> random_targets(std::size_t n, std::uint64_t seed, bool soft) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::vector<double> y(n);
    for (auto& v : y)
        v = soft && u(rng) < 0.2 ? u(rng) : (u(rng) < 0.5 ? 0.0 : 1.0);
    return y;
}

// w ((1-y) softplus(z) + pw y softplus(-z)) in long double (64-bit significand): a reference
// about 2^-11 ulp from the exact value for the random-point tests.
double bce_long_double(double z, double y, double w, double pw) {
    const long double a = std::fabs((long double)z);
    const long double l = std::log1p(std::exp(-a));
    const long double sp_pos = z >= 0 ? a + l : l, sp_neg = z >= 0 ? l : a + l;
    return double((long double)w * ((1.0L - y) * sp_pos + (long double)pw * y * sp_neg));
}

TEST_P(BatchedAccuracy, BceWithLogitsWithinFourUlpOfMpmath) {
    const auto& t = fixture();
    // Group the fixture rows by pos_weight, one batched call per group.
    std::map<double, std::tuple<std::vector<double>, std::vector<double>, std::vector<double>>> g;
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        if (t.str(i, "func") != "bce_with_logits") continue;
        const auto a = t.list(i, "args");
        auto& [z, y, ref] = g[a[2]];
        z.push_back(a[0]);
        y.push_back(a[1]);
        ref.push_back(t.num(i, "ref"));
    }
    Worst w;
    for (const auto& [pw, rows] : g) {
        const auto& [z, y, ref] = rows;
        const double pws[1] = {pw};
        const auto out = losslab::bce_with_logits(z, y, Reduction::None, {{}, pws});
        ASSERT_EQ(out.values.size(), z.size());
        for (std::size_t i = 0; i < z.size(); ++i)
            w.add(out.values[i], ref[i], args_of({z[i], y[i], pw}));
    }
    w.print("bce_with_logits vs mpmath");
    EXPECT_GT(w.points, 3000u);
    EXPECT_LE(w.ulp, kMaxUlp);
}

TEST_P(BatchedAccuracy, FocalLossLogitWithinFourUlpOfMpmath) {
    const auto& t = fixture();
    std::map<std::pair<double, double>,
             std::tuple<std::vector<double>, std::vector<double>, std::vector<double>>>
        g;
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        if (t.str(i, "func") != "focal_loss_logit") continue;
        const auto a = t.list(i, "args");
        auto& [z, y, ref] = g[{a[2], a[3]}];
        z.push_back(a[0]);
        y.push_back(a[1]);
        ref.push_back(t.num(i, "ref"));
    }
    Worst w;
    for (const auto& [params, rows] : g) {
        const auto& [z, y, ref] = rows;
        const auto out =
            losslab::focal_loss_logit(z, y, {params.first, params.second}, Reduction::None);
        for (std::size_t i = 0; i < z.size(); ++i)
            w.add(out.values[i], ref[i], args_of({z[i], y[i], params.first, params.second}));
    }
    w.print("focal_loss_logit vs mpmath");
    EXPECT_GT(w.points, 3000u);
    EXPECT_LE(w.ulp, kMaxUlp);
}

TEST_P(BatchedAccuracy, CrossEntropyWithinFourUlpOfMpmath) {
    const auto& t = fixture();
    // Rows hold K logits then the target; one batched call per K.
    std::map<std::size_t, std::tuple<std::vector<double>, std::vector<std::int64_t>,
                                     std::vector<double>, std::vector<std::string>>>
        g;
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        if (t.str(i, "func") != "cross_entropy_logits") continue;
        const auto a = t.list(i, "args");
        auto& [logits, target, ref, where] = g[a.size() - 1];
        logits.insert(logits.end(), a.begin(), a.end() - 1);
        target.push_back(std::int64_t(a.back()));
        ref.push_back(t.num(i, "ref"));
        where.push_back(t.str(i, "args"));
    }
    Worst w;
    for (const auto& [k, rows] : g) {
        const auto& [logits, target, ref, where] = rows;
        losslab::CrossEntropyOptions o;
        o.reduction = Reduction::None;
        const auto out = losslab::cross_entropy(logits, k, target, o);
        ASSERT_TRUE(out);
        for (std::size_t i = 0; i < ref.size(); ++i)
            w.add(out.value().values[i], ref[i], where[i]);
    }
    w.print("cross_entropy vs mpmath");
    EXPECT_GT(w.points, 100u);
    EXPECT_LE(w.ulp, kMaxUlp);
}

TEST_P(BatchedAccuracy, BceWithLogitsAgreesWithScalarOnRandomPoints) {
    constexpr std::size_t n = 100'003;
    const auto z = random_logits(n, 11);
    const auto y = random_targets(n, 12, true);
    std::vector<double> wv(n), pwv(n);
    std::mt19937_64 rng(13);
    std::uniform_real_distribution<double> u(0.0, 3.0);
    for (auto& v : wv)
        v = u(rng);
    for (auto& v : pwv)
        v = u(rng);
    const double one_w[1] = {0.7};
    Worst w, truth;
    // No weights, per-element weight and pos_weight, broadcast weight.
    const auto plain = losslab::bce_with_logits(z, y, Reduction::None);
    const auto weighted = losslab::bce_with_logits(z, y, Reduction::None, {wv, pwv});
    const auto broadcast = losslab::bce_with_logits(z, y, Reduction::None, {one_w, {}});
    for (std::size_t i = 0; i < n; ++i) {
        w.add(plain.values[i], losslab::bce_with_logits(z[i], y[i]), args_of({z[i], y[i]}));
        w.add(weighted.values[i], losslab::bce_with_logits(z[i], y[i], {wv[i], pwv[i]}),
              args_of({z[i], y[i], wv[i], pwv[i]}));
        w.add(broadcast.values[i], losslab::bce_with_logits(z[i], y[i], {0.7, 1.0}),
              args_of({z[i], y[i], 0.7}));
    }
    for (std::size_t i = 0; i < n; ++i)
        truth.add(weighted.values[i], bce_long_double(z[i], y[i], wv[i], pwv[i]),
                  args_of({z[i], y[i], wv[i], pwv[i]}));
    w.print("bce_with_logits vs scalar");
    truth.print("bce_with_logits vs long double");
    EXPECT_LE(w.ulp, kMaxUlp);
    EXPECT_LE(truth.ulp, kMaxUlp);
}

TEST_P(BatchedAccuracy, FocalLossLogitAgreesWithScalarOnRandomPoints) {
    constexpr std::size_t n = 60'001;
    const auto z = random_logits(n, 21);
    const auto y = random_targets(n, 22, true);
    Worst w;
    for (double gamma : {0.0, 0.5, 1.0, 2.0, 3.7, 5.0})
        for (double alpha : {0.25, -1.0, 0.6}) {
            const auto out = losslab::focal_loss_logit(z, y, {alpha, gamma}, Reduction::None);
            for (std::size_t i = 0; i < n; ++i)
                w.add(out.values[i], losslab::focal_loss_logit(z[i], y[i], {alpha, gamma}),
                      args_of({z[i], y[i], alpha, gamma}));
        }
    w.print("focal_loss_logit vs scalar");
    EXPECT_LE(w.ulp, kMaxUlp);
}

TEST_P(BatchedAccuracy, CrossEntropyAgreesWithScalarLogSoftmaxOnRandomRows) {
    for (std::size_t k : {2u, 3u, 10u, 37u}) {
        const std::size_t n = 20'000 / k * k;
        auto logits = random_logits(n, 31 + k);
        for (std::size_t i = 0; i < n; i += 5)
            logits[i] *= 1e-3; // also near-ties
        std::vector<std::int64_t> target(n / k);
        std::mt19937_64 rng(41);
        for (auto& v : target)
            v = std::int64_t(rng() % k);
        losslab::CrossEntropyOptions o;
        o.reduction = Reduction::None;
        const auto out = losslab::cross_entropy(logits, k, target, o);
        ASSERT_TRUE(out);
        Worst w;
        for (std::size_t r = 0; r < n / k; ++r) {
            const std::span<const double> row(logits.data() + r * k, k);
            const double ref = -losslab::log_softmax(row)[std::size_t(target[r])];
            w.add(out.value().values[r], ref,
                  "row " + std::to_string(r) + " of K=" + std::to_string(k));
        }
        w.print("cross_entropy K=" + std::to_string(k) + " vs scalar log_softmax");
        EXPECT_LE(w.ulp, kMaxUlp);
    }
}

// Sum and Mean add the None values exactly as reduce() does, at sizes around the block size.
TEST_P(BatchedAccuracy, SumAndMeanEqualReduceOfNoneValuesBitForBit) {
    for (std::size_t n : {0u, 1u, 5u, 63u, 64u, 65u, 1000u, 4099u}) {
        const auto z = random_logits(n, 51 + n);
        const auto y = random_targets(n, 52 + n, true);
        const auto bce = losslab::bce_with_logits(z, y, Reduction::None);
        const auto focal = losslab::focal_loss_logit(z, y, {0.25, 2.0}, Reduction::None);
        for (Reduction r : {Reduction::Sum, Reduction::Mean}) {
            const double b = losslab::bce_with_logits(z, y, r).values.at(0);
            const double f = losslab::focal_loss_logit(z, y, {0.25, 2.0}, r).values.at(0);
            const double b_ref = losslab::reduce(bce.values, r).values.at(0);
            const double f_ref = losslab::reduce(focal.values, r).values.at(0);
            if (n == 0 && r == Reduction::Mean) {
                EXPECT_TRUE(std::isnan(b) && std::isnan(f));
                continue;
            }
            EXPECT_EQ(b, b_ref) << "n = " << n;
            EXPECT_EQ(f, f_ref) << "n = " << n;
            // and the pairwise sum is within a few ulp of a long double sum
            long double s = 0.0L;
            for (double v : bce.values)
                s += v;
            if (r == Reduction::Mean) s /= (long double)n;
            EXPECT_LE(ulp_distance(b, double(s)), 8u) << "n = " << n;
        }
    }
}

TEST_P(BatchedAccuracy, InfiniteAndNanLogitsGiveTheScalarLimits) {
    const double inf = std::numeric_limits<double>::infinity();
    const std::vector<double> z{inf, -inf, inf, -inf, std::nan(""), 0.0, 800.0, -800.0};
    const std::vector<double> y{1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0};
    const auto bce = losslab::bce_with_logits(z, y, Reduction::None);
    const auto focal = losslab::focal_loss_logit(z, y, {0.25, 2.0}, Reduction::None);
    const auto focal_g = losslab::focal_loss_logit(z, y, {0.25, 3.7}, Reduction::None);
    for (std::size_t i = 0; i < z.size(); ++i) {
        const double sb = losslab::bce_with_logits(z[i], y[i]);
        const double sf = losslab::focal_loss_logit(z[i], y[i], {0.25, 2.0});
        const double sg = losslab::focal_loss_logit(z[i], y[i], {0.25, 3.7});
        if (std::isnan(sb)) {
            EXPECT_TRUE(std::isnan(bce.values[i]));
            EXPECT_TRUE(std::isnan(focal.values[i]));
            EXPECT_TRUE(std::isnan(focal_g.values[i]));
            continue;
        }
        EXPECT_LE(ulp_distance(bce.values[i], sb), kMaxUlp) << "z = " << z[i];
        EXPECT_LE(ulp_distance(focal.values[i], sf), kMaxUlp) << "z = " << z[i];
        EXPECT_LE(ulp_distance(focal_g.values[i], sg), kMaxUlp) << "z = " << z[i];
    }
}

TEST_P(BatchedAccuracy, InfiniteAndNanLogitsGiveTheScalarGradientLimits) {
    const double inf = std::numeric_limits<double>::infinity();
    const std::vector<double> z{inf, -inf, inf, -inf, std::nan(""), 0.0, 800.0, -800.0};
    const std::vector<double> y{1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0};
    std::vector<double> gb(z.size()), gf(z.size());
    for (double gamma : {0.0, 2.0, 3.7}) {
        losslab::bce_with_logits_grad(z, y, gb, Reduction::None);
        losslab::focal_loss_logit_grad(z, y, gf, {0.25, gamma}, Reduction::None);
        for (std::size_t i = 0; i < z.size(); ++i) {
            const double sb = losslab::bce_with_logits_grad(z[i], y[i]);
            const double sf = losslab::focal_loss_logit_grad(z[i], y[i], {0.25, gamma});
            EXPECT_EQ(std::isnan(gb[i]), std::isnan(sb)) << "z = " << z[i];
            EXPECT_EQ(std::isnan(gf[i]), std::isnan(sf)) << "z = " << z[i] << " gamma " << gamma;
            if (!std::isnan(sb)) {
                EXPECT_LE(ulp_distance(gb[i], sb), kMaxUlp) << "z = " << z[i];
            }
            if (!std::isnan(sf)) {
                EXPECT_LE(ulp_distance(gf[i], sf), kMaxUlp) << "z = " << z[i] << " gamma " << gamma;
            }
        }
    }
}

// Hard targets: within 4 ulp of the scalar gradient (a product of positive factors). Soft
// targets: the two terms cancel near the root, so the check is against the size of the terms.
TEST_P(BatchedAccuracy, BceWithLogitsGradAgreesWithScalar) {
    constexpr std::size_t n = 50'001;
    const auto z = random_logits(n, 71);
    const auto y = random_targets(n, 72, true);
    std::vector<double> pwv(n);
    std::mt19937_64 rng(73);
    std::uniform_real_distribution<double> u(0.0, 3.0);
    for (auto& v : pwv)
        v = u(rng);
    const double w1[1] = {1.5};
    std::vector<double> out(n);
    Worst hard;
    for (Reduction r : {Reduction::None, Reduction::Sum, Reduction::Mean}) {
        losslab::bce_with_logits_grad(z, y, out, r, {w1, pwv});
        const double scale = r == Reduction::Mean ? 1.0 / double(n) : 1.0;
        for (std::size_t i = 0; i < n; ++i) {
            const double ref = scale * losslab::bce_with_logits_grad(z[i], y[i], {1.5, pwv[i]});
            if (y[i] == 0.0 || y[i] == 1.0) {
                hard.add(out[i], ref, args_of({z[i], y[i], pwv[i]}));
                continue;
            }
            const double s = 1.0 / (1.0 + std::exp(-z[i]));
            const double size = scale * 1.5 * ((1.0 - y[i]) * s + pwv[i] * y[i] * (1.0 - s));
            EXPECT_LE(std::fabs(out[i] - ref), 8e-16 * size) << args_of({z[i], y[i]});
        }
    }
    hard.print("bce_with_logits_grad (hard y) vs scalar");
    EXPECT_LE(hard.ulp, kMaxUlp);
}

// Hard targets: the vector gradient within 4 ulp of the long double scalar one, every
// reduction; soft targets take the scalar path and must equal it exactly.
TEST_P(BatchedAccuracy, FocalLossLogitGradAgreesWithScalar) {
    constexpr std::size_t n = 30'001;
    const auto z = random_logits(n, 81);
    const auto y = random_targets(n, 82, true);
    std::vector<double> out(n);
    Worst hard;
    for (double gamma : {0.0, 0.5, 1.0, 2.0, 3.7})
        for (double alpha : {0.25, -1.0})
            for (Reduction r : {Reduction::None, Reduction::Mean}) {
                losslab::focal_loss_logit_grad(z, y, out, {alpha, gamma}, r);
                const double scale = r == Reduction::Mean ? 1.0 / double(n) : 1.0;
                for (std::size_t i = 0; i < n; ++i) {
                    const double ref =
                        scale * losslab::focal_loss_logit_grad(z[i], y[i], {alpha, gamma});
                    if (y[i] == 0.0 || y[i] == 1.0)
                        hard.add(out[i], ref, args_of({z[i], y[i], alpha, gamma}));
                    else
                        EXPECT_EQ(out[i], ref) << args_of({z[i], y[i], alpha, gamma});
                }
            }
    hard.print("focal_loss_logit_grad (hard y) vs scalar");
    EXPECT_LE(hard.ulp, kMaxUlp);
}

TEST_P(BatchedAccuracy, FocalLossLogitGradHardTargetsWithinFourUlpOfMpmath) {
    const auto& t = fixture();
    Worst w;
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        if (t.str(i, "func") != "focal_loss_logit_grad") continue;
        const auto a = t.list(i, "args");
        if (a[1] != 0.0 && a[1] != 1.0) continue;
        const double z[1] = {a[0]}, y[1] = {a[1]};
        double g[1];
        losslab::focal_loss_logit_grad(z, y, g, {a[2], a[3]}, Reduction::None);
        w.add(g[0], t.num(i, "ref"), t.str(i, "args"));
    }
    w.print("focal_loss_logit_grad (hard y) vs mpmath");
    EXPECT_GT(w.points, 3000u);
    EXPECT_LE(w.ulp, kMaxUlp);
}

// Class weights, ignore_index and rows with infinite or NaN logits, every reduction, against
// the definition sum_i w[y_i] (-log_softmax(row i)[y_i]) (/ sum_i w[y_i] for Mean).
TEST_P(BatchedAccuracy, CrossEntropyWeightsIgnoreAndNonFiniteRowsMatchTheDefinition) {
    constexpr std::size_t k = 5, n = 3001;
    auto logits = random_logits(n * k, 61);
    const double inf = std::numeric_limits<double>::infinity();
    logits[7 * k + 1] = inf;
    logits[8 * k + 2] = -inf;
    logits[9 * k + 3] = std::nan("");
    for (std::size_t c = 0; c < k; ++c)
        logits[10 * k + c] = -inf;
    std::vector<std::int64_t> target(n);
    for (std::size_t i = 0; i < n; ++i)
        target[i] = i % 7 == 3 ? -100 : std::int64_t(i * 31 % k);
    target[8] = 0; // a finite class beside a -inf one: finite loss
    const std::vector<double> weight{0.5, 2.0, 1.0, 3.0, 0.25};
    std::vector<double> ref(n, 0.0), wy(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        if (target[i] == -100) continue;
        const auto c = std::size_t(target[i]);
        const std::span<const double> row(logits.data() + i * k, k);
        wy[i] = weight[c];
        ref[i] = -weight[c] * losslab::log_softmax(row)[c];
    }
    for (Reduction r : {Reduction::None, Reduction::Sum, Reduction::Mean}) {
        losslab::CrossEntropyOptions o;
        o.weight = weight;
        o.reduction = r;
        const auto out = losslab::cross_entropy(logits, k, target, o);
        ASSERT_TRUE(out);
        const auto& v = out.value().values;
        if (r == Reduction::None) {
            ASSERT_EQ(v.size(), n);
            for (std::size_t i = 0; i < n; ++i) {
                if (std::isnan(ref[i])) {
                    EXPECT_TRUE(std::isnan(v[i])) << "row " << i;
                    continue;
                }
                EXPECT_LE(ulp_distance(v[i], ref[i]), kMaxUlp) << "row " << i;
            }
            EXPECT_TRUE(std::isnan(v[7]) || std::isinf(v[7]) || v[7] >= 0.0);
            continue;
        }
        // Drop the non-finite rows for the sums: compare on the finite rest.
        std::vector<std::int64_t> t2 = target;
        for (std::size_t i : {7u, 9u, 10u})
            t2[i] = -100;
        std::vector<double> ref2 = ref, wy2 = wy;
        for (std::size_t i : {7u, 9u, 10u})
            ref2[i] = wy2[i] = 0.0;
        const double got = losslab::cross_entropy(logits, k, t2, o).value().values.at(0);
        double want = losslab::pairwise_sum(ref2);
        if (r == Reduction::Mean) want /= losslab::pairwise_sum(wy2);
        EXPECT_LE(ulp_distance(got, want), 8u) << losslab::reduction_name(r);
    }
}

INSTANTIATE_TEST_SUITE_P(EveryPath, BatchedAccuracy,
                         ::testing::Values(Level::Scalar, Level::Avx2, Level::Avx512),
                         [](const auto& info) { return std::string(level_name(info.param)); });

} // namespace

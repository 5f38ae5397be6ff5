// Throughput of the batched loss API over 1e6 points (float64, one thread): BCE with logits,
// focal loss from logits (gamma 2, and 3.7 for the general-gamma path) and cross-entropy
// (N = 1e5 rows of K = 10 logits), with the mean reduction. Compare with
// bench/time_pytorch_losses.py (same sizes and dtype) run at the same moment, CPU time against
// CPU time: on a loaded machine wall time mostly measures the other processes. The context
// line `losslab_simd` names the kernel set in use (avx512, avx2 or scalar).
#include "losslab/binary_losses.hpp"
#include "losslab/curve_derivatives.hpp"
#include "losslab/focal_loss.hpp"
#include "losslab/information.hpp"
#include "losslab/multiclass_losses.hpp"

#include "../core/src/simd_kernels.hpp"

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace {

constexpr std::size_t kPoints = 1'000'000;
constexpr std::size_t kClasses = 10;

struct Data {
    std::vector<double> z, y;
    std::vector<std::int64_t> labels;
    Data() : z(kPoints), y(kPoints), labels(kPoints / kClasses) {
        std::mt19937_64 rng(7);
        std::normal_distribution<double> normal(0.0, 3.0);
        std::bernoulli_distribution coin(0.5);
        std::uniform_int_distribution<std::int64_t> cls(0, kClasses - 1);
        for (auto& v : z) v = normal(rng);
        for (auto& v : y) v = coin(rng) ? 1.0 : 0.0;
        for (auto& v : labels) v = cls(rng);
    }
};

const Data& data() {
    static const Data d;
    return d;
}

// Items per second and CPU seconds per element (shown as e.g. `per_element=3.6n`, ns).
void per_element(benchmark::State& state) {
    state.SetItemsProcessed(state.iterations() * int64_t(kPoints));
    state.counters["per_element"] =
        benchmark::Counter(double(kPoints), benchmark::Counter::kIsIterationInvariantRate |
                                                benchmark::Counter::kInvert);
}

void BM_BceWithLogitsMean(benchmark::State& state) {
    const Data& d = data();
    for (auto _ : state)
        benchmark::DoNotOptimize(losslab::bce_with_logits(d.z, d.y, losslab::Reduction::Mean));
    per_element(state);
}

void BM_FocalLogitMean(benchmark::State& state) {
    const Data& d = data();
    for (auto _ : state)
        benchmark::DoNotOptimize(
            losslab::focal_loss_logit(d.z, d.y, {0.25, 2.0}, losslab::Reduction::Mean));
    per_element(state);
}

// Label-smoothed targets (0.05 / 0.95): the soft-target lanes of the focal kernel.
void BM_FocalLogitSmoothedMean(benchmark::State& state) {
    const Data& d = data();
    static const std::vector<double> ys = [&] {
        std::vector<double> v(d.y);
        for (double& t : v) t = t == 1.0 ? 0.95 : 0.05;
        return v;
    }();
    for (auto _ : state)
        benchmark::DoNotOptimize(
            losslab::focal_loss_logit(d.z, ys, {0.25, 2.0}, losslab::Reduction::Mean));
    per_element(state);
}

void BM_FocalLogitGamma37Mean(benchmark::State& state) {
    const Data& d = data();
    for (auto _ : state)
        benchmark::DoNotOptimize(
            losslab::focal_loss_logit(d.z, d.y, {0.25, 3.7}, losslab::Reduction::Mean));
    per_element(state);
}

void BM_CrossEntropyMean(benchmark::State& state) {
    const Data& d = data();
    for (auto _ : state)
        benchmark::DoNotOptimize(losslab::cross_entropy(d.z, kClasses, d.labels));
    per_element(state);
}

// The batched gradient with soft targets 0.05 / 0.95 (the near-root rescue pass).
void BM_BceWithLogitsGradSoft(benchmark::State& state) {
    const Data& d = data();
    static const std::vector<double> ys = [&] {
        std::vector<double> v(d.y);
        for (double& t : v) t = t == 1.0 ? 0.95 : 0.05;
        return v;
    }();
    std::vector<double> g(kPoints);
    for (auto _ : state) {
        losslab::bce_with_logits_grad(d.z, ys, g, losslab::Reduction::Mean);
        benchmark::DoNotOptimize(g.data());
    }
    per_element(state);
}

// The scalar curve functions `losslab curve` and the plots call, one point at a time over
// p = sigmoid(z) (value + derivative): focal from p with a soft target, and the binary KL.
const std::vector<double>& probs() {
    static const std::vector<double> p = [] {
        std::vector<double> v(data().z);
        for (double& x : v) x = 1.0 / (1.0 + std::exp(-x));
        return v;
    }();
    return p;
}

void BM_CurveFocalProbSoft(benchmark::State& state) {
    const losslab::FocalParams fp{.alpha = 0.25, .gamma = 2.0};
    for (auto _ : state) {
        double s = 0.0;
        for (double p : probs())
            s += losslab::focal_loss_prob(p, 0.3, fp) + losslab::focal_loss_prob_grad(p, 0.3, fp);
        benchmark::DoNotOptimize(s);
    }
    per_element(state);
}

void BM_CurveKlBinary(benchmark::State& state) {
    for (auto _ : state) {
        double s = 0.0;
        for (double q : probs()) s += losslab::binary_kl(0.3, q) + losslab::binary_kl_grad(0.3, q);
        benchmark::DoNotOptimize(s);
    }
    per_element(state);
}

// Names the kernel set in the benchmark's context header.
const bool kContext = [] {
    const char* names[] = {"scalar", "avx2", "avx512"};
    benchmark::AddCustomContext("losslab_simd", names[int(losslab::simd::kernels().level)]);
    return true;
}();

} // namespace

BENCHMARK(BM_BceWithLogitsMean)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FocalLogitMean)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FocalLogitSmoothedMean)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FocalLogitGamma37Mean)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CrossEntropyMean)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BceWithLogitsGradSoft)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CurveFocalProbSoft)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CurveKlBinary)->Unit(benchmark::kMillisecond);

// Normalization statistics and output on an 8x64x56x56 float tensor (a ResNet stage-1
// activation at batch 8), the size the README's speed claim is about. Compare with
// bench/time_pytorch_norm.py, which times PyTorch's CPU kernels on the same shape.
// Arguments: threads (0 = automatic).

#include "losslab/normalization.hpp"

#include <benchmark/benchmark.h>

namespace {

using namespace losslab;

const Tensor4& input() {
    static const Tensor4 x = [] {
        GeneratorParams p;
        p.channel_shift_std = 1.0;
        p.channel_log_scale_std = 0.3;
        return generate_activations({8, 64, 56, 56}, p, 1).value();
    }();
    return x;
}

Affine affine_for(std::size_t c) {
    Affine a;
    for (std::size_t i = 0; i < c; ++i) {
        a.gamma.push_back(1.0 + 0.01 * double(i));
        a.beta.push_back(0.1 * double(i));
    }
    return a;
}

void run_forward(benchmark::State& state, NormMethod m, std::size_t groups) {
    const Tensor4& x = input();
    const Affine a = affine_for(x.shape.c);
    const NormConfig cfg{m, groups, 1e-5, unsigned(state.range(0))};
    Tensor4 y(x.shape);
    NormStats s;
    for (auto _ : state) {
        auto st = norm_forward_into(x, cfg, a, y, s);
        benchmark::DoNotOptimize(y.data.data());
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(std::int64_t(state.iterations()) * std::int64_t(x.data.size()) * 8);
}

// Statistics plus output into a preallocated tensor (the app's per-frame path).
void BM_BatchNormForward(benchmark::State& s) {
    run_forward(s, NormMethod::Batch, 1);
}
void BM_GroupNormForward(benchmark::State& s) {
    run_forward(s, NormMethod::Group, 32);
}
void BM_LayerNormForward(benchmark::State& s) {
    run_forward(s, NormMethod::Layer, 1);
}
void BM_InstanceNormForward(benchmark::State& s) {
    run_forward(s, NormMethod::Instance, 1);
}

// Statistics only.
void BM_PlaneMoments(benchmark::State& state) {
    const Tensor4& x = input();
    for (auto _ : state) {
        auto m = plane_moments(x, unsigned(state.range(0)));
        benchmark::DoNotOptimize(m.data());
    }
}

// Allocating API (a fresh output tensor each call, as PyTorch's functional calls do).
void BM_GroupNormAllocating(benchmark::State& state) {
    const Tensor4& x = input();
    const Affine a = affine_for(x.shape.c);
    const NormConfig cfg{NormMethod::Group, 32, 1e-5, unsigned(state.range(0))};
    for (auto _ : state) {
        auto out = norm_forward(x, cfg, a);
        benchmark::DoNotOptimize(out.value().y.data.data());
    }
}

// BatchNorm in training mode with the running-statistics update.
void BM_BatchNormTraining(benchmark::State& state) {
    const Tensor4& x = input();
    const Affine a = affine_for(x.shape.c);
    auto running = running_stats_init(x.shape.c);
    BatchNormOptions o;
    o.threads = unsigned(state.range(0));
    for (auto _ : state) {
        auto out = batch_norm(x, running, a, o);
        benchmark::DoNotOptimize(out.value().y.data.data());
    }
}

#define LOSSLAB_THREADS ->Arg(1)->Arg(2)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime()
BENCHMARK(BM_BatchNormForward) LOSSLAB_THREADS;
BENCHMARK(BM_GroupNormForward) LOSSLAB_THREADS;
BENCHMARK(BM_LayerNormForward) LOSSLAB_THREADS;
BENCHMARK(BM_InstanceNormForward) LOSSLAB_THREADS;
BENCHMARK(BM_PlaneMoments) LOSSLAB_THREADS;
BENCHMARK(BM_GroupNormAllocating) LOSSLAB_THREADS;
BENCHMARK(BM_BatchNormTraining) LOSSLAB_THREADS;

} // namespace

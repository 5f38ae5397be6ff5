#pragma once
// The PyTorch losses lab's catalogue and pipelines views, GUI-free:
//  - catalogue-<criterion> (the criterion's `losslab loss` name with '_' as '-', e.g.
//    catalogue-smooth-l1-loss): the loss and its gradient against the criterion's natural
//    variable (residual, margin, distance, cosine, logit, probability), with the options as
//    the lab's parameters. Every plotted value comes from evaluate_criterion (the code of
//    `losslab loss`) on a batch with one row per plotted point, reduction 'none'.
//  - catalogue-ctc-loss: the CTC alignment lattice of a short word: the forward variables as a
//    heatmap, the most probable path over it, the loss and what zero_infinity does.
//  - pipeline-cross-entropy and pipeline-bce: LogSoftmax + NLLLoss and Sigmoid + BCELoss
//    against the fused criteria, in float32 as PyTorch computes them and in float64, next to
//    LossLab's exact value: where the unfused version loses its digits.

#include "model/tensors/criteria.hpp"
#include "model/labs/state_pytorch.hpp"
#include "plot/figure.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace losslab::model {

// "catalogue-" + the criterion's name with '_' turned into '-' ("smooth_l1_loss" ->
// "catalogue-smooth-l1-loss").
std::string catalogue_figure_name(std::string_view criterion);

// The catalogue figure of `criterion` (one of params::kCatalogueCriteria) for the state's
// options; an unknown name gives a figure that says so.
plot::Figure catalogue_figure(const PytorchLabState& state, std::string_view criterion);

// The CTC lattice's tensors: log_probs (T, 1, C) from the state's seed, sharpness and T (C = 5:
// blank, a, c, o, t), targets (1, S), input and target lengths, blank 0, zero_infinity, and
// `reduction`. `losslab loss ctc_loss` on these tensors gives the lattice's loss.
CriterionCall ctc_lattice_call(const PytorchLabState& state, std::string_view reduction);

// What the lattice figure shows, computed from ctc_lattice_call's tensors.
struct CtcLattice {
    // T frames, S' = 2S + 1 states (blank, l1, blank, ..., lS, blank).
    std::size_t frames = 0, states = 0;
    // T x S' log forward variables, row-major by frame (-inf: unreachable).
    std::vector<double> log_alpha;
    // The state of the most probable alignment at each frame; empty when none exists.
    std::vector<std::size_t> best_path;
    // The names of the S' states ("blank", "c", "blank", "a", ...).
    std::vector<std::string> state_names;
    // -log p(target | input) from the forward variables (inf when no alignment exists).
    double neg_log_likelihood = 0.0;
    // `losslab loss ctc_loss` with reduction 'sum' and 'mean' (zero_infinity applied).
    double loss_sum = 0.0, loss_mean = 0.0;
    // The fewest frames the target needs (its length plus its adjacent repeats).
    std::size_t min_frames = 0;
};

// The lattice of the state (the error is evaluate_criterion's, which should not happen).
Result<CtcLattice> ctc_lattice(const PytorchLabState& state);

// The loss of z = (m, 0) with target class 0 through each route of the CrossEntropyLoss
// pipeline figure: LogSoftmax + NLLLoss fused (as F.cross_entropy) and unfused
// (log(softmax(z))[0]), each in float32 and float64 as PyTorch's CPU kernels round them.
struct PipelinePoint {
    double exact = 0.0;   // LossLab (evaluate_criterion, float64, every digit)
    double fused32 = 0.0; // F.cross_entropy / F.binary_cross_entropy_with_logits in float32
    double naive32 = 0.0; // the unfused pipeline in float32
    double naive64 = 0.0; // the unfused pipeline in float64
};

// The CrossEntropyLoss pipeline at logit margin m.
PipelinePoint pipeline_cross_entropy_at(double m);

// The BCEWithLogitsLoss pipeline at logit z with target y (0 or 1): sigmoid then
// binary_cross_entropy (log clamped at -100) unfused.
PipelinePoint pipeline_bce_at(double z, double y);

// Loss against the logit margin m, on a log axis: LogSoftmax + NLLLoss = CrossEntropyLoss
// exact, fused in float32, and log(softmax(z)) unfused in float32 and float64.
plot::Figure pipeline_cross_entropy_figure(const PytorchLabState& state);

// Loss against the logit z for target state.pipeline_y: BCEWithLogitsLoss exact and fused in
// float32, Sigmoid + BCELoss unfused in float32 (the 16.6 and 100 plateaus) and float64.
plot::Figure pipeline_bce_figure(const PytorchLabState& state);

} // namespace losslab::model

#pragma once
// Multiclass losses over a batch of N rows of K logits (row-major in one span): cross-entropy
// with class-index targets (class weights, ignore_index, label smoothing, reductions exactly as
// PyTorch 1.13's F.cross_entropy), with probability targets, NLL from log-probabilities, the
// gradient softmax - target, and multi-label BCE (one sigmoid per class).
//
// Weighted mean (PyTorch's definition): sum_i w[y_i] l_i / sum_i w[y_i] over non-ignored rows;
// NaN when every row is ignored. Label smoothing eps with index targets (PyTorch 1.13):
//   l_i = (1-eps) w[y_i] (-log q_{i,y_i}) + (eps/K) sum_k w_k (-log q_{i,k}),
// and for Mean both parts are divided by the same sum_i w[y_i].

#include "losslab/reduction.hpp"
#include "losslab/result.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace losslab {

// Options of F.cross_entropy / F.nll_loss.
struct CrossEntropyOptions {
    // Per-class weight (size K); default empty (all 1).
    std::span<const double> weight = {};
    // Target value whose rows contribute nothing (index targets only); default -100.
    std::int64_t ignore_index = -100;
    // none / sum / mean; default Mean.
    Reduction reduction = Reduction::Mean;
    // Label smoothing eps in [0, 1]; default 0 (off). Not accepted by nll_loss.
    double label_smoothing = 0.0;
};

// F.cross_entropy(logits.view(N, K), targets, weight, ignore_index, reduction,
// label_smoothing). logits.size() = N K, targets.size() = N, each target in [0, K) or
// ignore_index. Errors (Result): K = 0, size mismatches, a target out of range, a weight
// span not of size K, eps outside [0, 1]. Per-row -log q_y uses an accurate log-softmax.
Result<ReducedLoss> cross_entropy(std::span<const double> logits, std::size_t num_classes,
                                  std::span<const std::int64_t> targets,
                                  const CrossEntropyOptions& options = {});

// F.cross_entropy with probability targets (target rows of size K, any non-negative values):
// l_i = -sum_k w_k t'_{ik} log q_{ik}, t' = (1-eps) t + eps/K. Mean divides by N (PyTorch
// 1.13 does not normalise by the weights here). ignore_index is not used.
Result<ReducedLoss> cross_entropy_soft(std::span<const double> logits, std::size_t num_classes,
                                       std::span<const double> target_probs,
                                       const CrossEntropyOptions& options = {});

// F.nll_loss(log_probs.view(N, K), targets, weight, ignore_index, reduction): l_i =
// -w[y_i] log_probs[i, y_i], weighted mean as above. label_smoothing must be 0.
Result<ReducedLoss> nll_loss(std::span<const double> log_probs, std::size_t num_classes,
                             std::span<const std::int64_t> targets,
                             const CrossEntropyOptions& options = {});

// Gradient of the reduced cross_entropy w.r.t. the logits (N K values, row-major):
// (1-eps) w_y (q - onehot_y) + (eps/K) (W q - w), W = sum_k w_k; with no weights this is
// softmax - smoothed target. Mean divides by sum_i w[y_i]; None gives the gradient of each
// row's own loss (as Sum); ignored rows get 0.
Result<std::vector<double>> cross_entropy_grad(std::span<const double> logits,
                                               std::size_t num_classes,
                                               std::span<const std::int64_t> targets,
                                               const CrossEntropyOptions& options = {});

// Gradient of cross_entropy_soft w.r.t. the logits: q_k sum_j w_j t'_j - w_k t'_k per row
// (= q - t' without weights); Mean divides by N.
Result<std::vector<double>> cross_entropy_soft_grad(std::span<const double> logits,
                                                    std::size_t num_classes,
                                                    std::span<const double> target_probs,
                                                    const CrossEntropyOptions& options = {});

// Options of multi-label BCE (BCEWithLogitsLoss on an N x K tensor).
struct MultiLabelOptions {
    // Per-class weight (size K, broadcast over rows); default empty (all 1).
    std::span<const double> weight = {};
    // Per-class pos_weight (size K); default empty (all 1).
    std::span<const double> pos_weight = {};
    // none / sum / mean over all N K elements; default Mean.
    Reduction reduction = Reduction::Mean;
};

// BCEWithLogitsLoss(weight, pos_weight)(logits.view(N, K), targets.view(N, K)): one
// independent sigmoid per class, accurate at any logit (see bce_with_logits). None returns the
// N K per-element losses.
Result<ReducedLoss> multilabel_bce_with_logits(std::span<const double> logits,
                                               std::size_t num_classes,
                                               std::span<const double> targets,
                                               const MultiLabelOptions& options = {});

} // namespace losslab

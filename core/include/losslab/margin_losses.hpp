#pragma once
// Margin and embedding losses of PyTorch 1.13 (torch.nn.functional): hinge embedding, soft
// margin, margin ranking, cosine embedding, triplet margin and multi-label margin, in double
// precision. Row-wise inputs are N x D row-major spans (example-major).
//
// Per-element / per-row functions never throw; the `_batch` functions validate and return an
// Error for: empty input, mismatched sizes, triplet p <= 0 (PyTorch accepts it; LossLab
// refuses it, as p <= 0 is not a norm), eps < 0, and multi-label targets outside [-1, C).
// PyTorch refuses no margin value for these losses, so neither does LossLab: a negative
// margin is legal and computes what PyTorch computes.

#include "losslab/reduction.hpp"
#include "losslab/result.hpp"

#include <cstddef>
#include <span>

namespace losslab {

// Parameters of hinge_embedding_loss (torch.nn.HingeEmbeddingLoss).
struct HingeEmbeddingParams {
    // Default 1.0: distance below which a dissimilar pair (target -1) is penalised.
    double margin = 1.0;
};

// Parameters of margin_ranking_loss (torch.nn.MarginRankingLoss).
struct MarginRankingParams {
    // Default 0.0: required lead of the preferred input.
    double margin = 0.0;
};

// Parameters of cosine_embedding_loss (torch.nn.CosineEmbeddingLoss).
struct CosineEmbeddingParams {
    // Default 0.0: cosine above which a dissimilar pair is penalised (meaningful in [-1, 1]).
    double margin = 0.0;
};

// Parameters of triplet_margin_loss (torch.nn.TripletMarginLoss).
struct TripletMarginParams {
    // Default 1.0: required gap between the negative and the positive distance.
    double margin = 1.0;
    // Default 2.0: the norm degree of pairwise_distance; +inf is the max norm. Must be > 0.
    double p = 2.0;
    // Default 1e-6: added to every coordinate difference before the norm (as torch). >= 0.
    double eps = 1e-6;
    // Default false: true uses min(d(a, n), d(p, n)) as the negative distance
    // (Balntas et al., "Learning local feature descriptors with triplets", BMVC 2016).
    bool swap = false;
};

// Hinge embedding loss of distance `input` and label `target` (1 similar, -1 dissimilar):
// input for target 1, max(0, margin - input) for target -1. Any other target adds both terms
// (PyTorch's where(target != 1, ...) + where(target != -1, ...)). F.hinge_embedding_loss.
double hinge_embedding_loss(double input, double target, HingeEmbeddingParams params = {});
// d/d input of hinge_embedding_loss: 1 for target 1; -1 for target -1 where input <= margin
// (torch's clamp_min passes the gradient at the boundary), else 0.
double hinge_embedding_loss_grad(double input, double target, HingeEmbeddingParams params = {});

// log(1 + exp(-target input)), the logistic loss of a +-1 label, computed as softplus so it
// is finite and accurate for every finite input (PyTorch's log1p(exp(.)) overflows to inf past
// -target input ~ 709; elsewhere the two agree). F.soft_margin_loss.
double soft_margin_loss(double input, double target);
// d/d input of soft_margin_loss: -target sigmoid(-target input).
double soft_margin_loss_grad(double input, double target);

// max(0, -target (input1 - input2) + margin): target 1 wants input1 ahead by the margin,
// -1 wants input2 ahead. F.margin_ranking_loss.
double margin_ranking_loss(double input1, double input2, double target,
                           MarginRankingParams params = {});

// Cosine embedding loss of one pair of rows (same length D >= 1): with
// cos = <x1, x2> / sqrt((|x1|^2 + e)(|x2|^2 + e)) with e = float(1e-12) (PyTorch's EPSILON,
// a float constant, inside the norms; a zero row gives cos 0), 1 - cos for target 1, max(0, cos - margin) for target -1,
// 0 for any other target. F.cosine_embedding_loss.
double cosine_embedding_loss(std::span<const double> x1, std::span<const double> x2,
                             double target, CosineEmbeddingParams params = {});

// cosine_embedding_loss as a function of the pair's cosine c in [-1, 1] (the curve
// `losslab curve cosine-embedding` draws): 1 - c for target 1, max(0, c - margin) for target
// -1, 0 for any other target; each a single rounding of the exact value.
double cosine_embedding_loss_of_cos(double cos, double target, CosineEmbeddingParams params = {});

// d/d cos of cosine_embedding_loss_of_cos: -1 for target 1; 1 for target -1 where
// cos - margin >= 0 (torch's clamp_min passes the gradient at the boundary), else 0.
double cosine_embedding_loss_of_cos_grad(double cos, double target,
                                         CosineEmbeddingParams params = {});

// multilabel_margin_loss of a row of C scores with one target whose score leads the C - 1
// others (all equal) by m: (C - 1) max(0, 1 - m) / C, faithfully rounded (`losslab curve
// multilabel-margin`). NaN for C < 2.
double multilabel_margin_loss_of_margin(double m, double num_classes);

// d/d m of multilabel_margin_loss_of_margin: -(C - 1)/C where 1 - m > 0 (torch's strict
// inequality), else 0.
double multilabel_margin_loss_of_margin_grad(double m, double num_classes);

// ||x1 - x2 + eps||_p: PyTorch's pairwise_distance (eps is added to each difference, not to
// the norm). p > 0; p = +inf gives the max norm. Rows of equal length. F.pairwise_distance.
double pairwise_distance(std::span<const double> x1, std::span<const double> x2,
                         double p = 2.0, double eps = 1e-6);

// max(0, margin + d(anchor, positive) - d(anchor, negative)) with d = pairwise_distance(p,
// eps); with swap, d(anchor, negative) is replaced by min(d(a, n), d(positive, negative)).
// NaN for p <= 0. F.triplet_margin_loss.
double triplet_margin_loss(std::span<const double> anchor, std::span<const double> positive,
                           std::span<const double> negative, TripletMarginParams params = {});

// Multi-class multi-label hinge loss of one row of C scores. `target` has C entries: the
// target class indices, terminated by the first -1 (entries after it are ignored), as
// PyTorch's format. Loss = sum over targets j and non-targets i of
// max(0, 1 - (input[j] - input[i])), divided by C. Out-of-range indices are skipped here (the
// batched function refuses them). F.multilabel_margin_loss.
double multilabel_margin_loss(std::span<const double> input, std::span<const int> target);

// Batched hinge embedding loss over equal-length spans. F.hinge_embedding_loss.
Result<ReducedLoss> hinge_embedding_loss_batch(std::span<const double> input,
                                               std::span<const double> target,
                                               HingeEmbeddingParams params = {},
                                               Reduction reduction = Reduction::Mean);
// Batched soft margin loss (mean is over all elements). F.soft_margin_loss.
Result<ReducedLoss> soft_margin_loss_batch(std::span<const double> input,
                                           std::span<const double> target,
                                           Reduction reduction = Reduction::Mean);
// Batched margin ranking loss over three equal-length spans. F.margin_ranking_loss.
Result<ReducedLoss> margin_ranking_loss_batch(std::span<const double> input1,
                                              std::span<const double> input2,
                                              std::span<const double> target,
                                              MarginRankingParams params = {},
                                              Reduction reduction = Reduction::Mean);
// Batched cosine embedding loss: x1, x2 are N x dim, target has N entries.
// F.cosine_embedding_loss.
Result<ReducedLoss> cosine_embedding_loss_batch(std::span<const double> x1,
                                                std::span<const double> x2,
                                                std::span<const double> target, std::size_t dim,
                                                CosineEmbeddingParams params = {},
                                                Reduction reduction = Reduction::Mean);
// Batched triplet margin loss: anchor, positive, negative are N x dim. Refuses p <= 0 (or
// NaN) and eps < 0. F.triplet_margin_loss.
Result<ReducedLoss> triplet_margin_loss_batch(std::span<const double> anchor,
                                              std::span<const double> positive,
                                              std::span<const double> negative,
                                              std::size_t dim, TripletMarginParams params = {},
                                              Reduction reduction = Reduction::Mean);
// Batched multi-label margin loss: input and target are N x num_classes; mean is over the N
// rows. Refuses a target index outside [-1, C) before a row's terminating -1.
// F.multilabel_margin_loss.
Result<ReducedLoss> multilabel_margin_loss_batch(std::span<const double> input,
                                                 std::span<const int> target,
                                                 std::size_t num_classes,
                                                 Reduction reduction = Reduction::Mean);

// Checks triplet parameters the way triplet_margin_loss_batch does: p > 0, eps >= 0.
Status validate(const TripletMarginParams& params);

} // namespace losslab

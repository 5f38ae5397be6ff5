#pragma once
// Gradients of PyTorch 1.13 criteria that the loss headers do not already give, each equal to
// what torch's autograd returns for the input the criterion names first: NLL, KL divergence,
// margin ranking, cosine embedding, pairwise distance / triplet margin, multi-label margin and
// CTC (forward-backward). Row-wise functions write one row's gradient into `out`; the caller
// scales for the reduction.

#include "losslab/ctc_loss.hpp"
#include "losslab/margin_losses.hpp"
#include "losslab/multiclass_losses.hpp"
#include "losslab/result.hpp"

#include <span>
#include <vector>

namespace losslab {

// d/d log_probs of F.nll_loss (N x K row-major): -w[y_i] / scale at (i, y_i), 0 elsewhere and
// on ignored rows; Mean divides by sum_i w[y_i]. Same checks as nll_loss.
Result<std::vector<double>> nll_loss_grad(std::span<const double> log_probs,
                                          std::size_t num_classes,
                                          std::span<const std::int64_t> targets,
                                          const CrossEntropyOptions& options = {});

// d/d input of one element of F.kl_div: -target, or -exp(target) when log_target.
double kl_div_grad(double input, double target, bool log_target);

// d/d input1 of F.margin_ranking_loss: -target where -target (input1 - input2) + margin >= 0
// (torch's clamp_min passes the gradient at the boundary), else 0.
double margin_ranking_loss_grad(double input1, double input2, double target,
                                MarginRankingParams params = {});

// d/d x1 of F.cosine_embedding_loss for one row pair into `out` (size of x1): -dcos for target
// 1, dcos where cos >= margin for target -1, 0 otherwise; dcos = x2/|.| - cos x1 / (|x1|^2 + e).
void cosine_embedding_loss_grad(std::span<const double> x1, std::span<const double> x2,
                                double target, CosineEmbeddingParams params, std::span<double> out);

// d/d x1 of F.pairwise_distance(x1, x2, p, eps) for one row into `out`, as torch's norm
// backward: sign(d) |d|^(p-1) / norm^(p-1) with d = x1 - x2 + eps (0 at norm 0); for p = inf
// the sign on the entries of largest |d|, shared equally.
void pairwise_distance_grad(std::span<const double> x1, std::span<const double> x2, double p,
                            double eps, std::span<double> out);

// d/d anchor of F.triplet_margin_loss for one triplet into `out`: d d(a, p)/da - d d(a, n)/da
// where margin + d(a, p) - d_neg >= 0 (d_neg = min(d(a, n), d(p, n)) with swap; the swapped
// distance does not depend on the anchor), else 0.
void triplet_margin_loss_grad(std::span<const double> anchor, std::span<const double> positive,
                              std::span<const double> negative, TripletMarginParams params,
                              std::span<double> out);

// d/d input of F.multilabel_margin_loss for one row of C scores into `out`: for each listed
// target j and non-target i with 1 - input[j] + input[i] > 0, -1/C at j and +1/C at i.
void multilabel_margin_loss_grad(std::span<const double> input, std::span<const int> target,
                                 std::span<double> out);

// Gradient of F.ctc_loss with respect to log_probs (T x N x C), by the forward-backward
// recursion (Graves et al. 2006, eq. 16), in PyTorch's convention: exp(lp) - occupancy, so
// that it equals the true derivative after a log_softmax (torch's ctc_loss backward). Scaled
// for the reduction (Mean: 1 / (N max(target length, 1)); None: as Sum); 0 for frames past a
// sequence's input length and for sequences zeroed by zero_infinity; NaN for an impossible
// alignment without zero_infinity (as torch). Same checks as ctc_loss.
Result<std::vector<double>> ctc_loss_grad(const CtcBatch& batch, CtcParams params = {});

} // namespace losslab

#pragma once
// Information quantities of discrete distributions (natural log, nats): entropy, cross-entropy
// and KL divergence of spans, their binary (Bernoulli) versions as functions of scalars for a
// curve against q, and F.kl_div with PyTorch's semantics. Convention 0 log 0 = 0.

#include "losslab/reduction.hpp"

#include <span>

namespace losslab {

// H(p) = -sum_i p_i log p_i. p_i >= 0 (not renormalised); terms with p_i = 0 are 0.
double entropy(std::span<const double> p);

// H(p, q) = -sum_i p_i log q_i; +inf where q_i = 0 < p_i; terms with p_i = 0 are 0. Equal
// sizes (asserted). Cover & Thomas eq. 2.x; H(p, q) = H(p) + KL(p || q).
double cross_entropy(std::span<const double> p, std::span<const double> q);

// KL(p || q) = sum_i p_i log(p_i / q_i), each log ratio computed directly (log1p of the
// relative difference when p_i ~ q_i), never as H(p, q) - H(p). +inf where q_i = 0 < p_i.
double kl_divergence(std::span<const double> p, std::span<const double> q);

// Binary entropy H(p) = -p log p - (1-p) log(1-p), p in [0, 1]; 0 at both ends.
double binary_entropy(double p);

// Binary cross-entropy H(p, q) = -p log q - (1-p) log(1-q): the Bernoulli cross-entropy as a
// function of q for fixed p (exactly bce_prob_exact(q, p)). +inf at q in {0, 1} when the
// opposite mass is positive.
double binary_cross_entropy(double p, double q);

// Binary KL(p || q) = p log(p/q) + (1-p) log((1-p)/(1-q)), >= 0, zero at q = p; computed
// directly so binary_cross_entropy = binary_entropy + binary_kl to rounding.
double binary_kl(double p, double q);

// F.kl_div's `reduction`: none, sum, mean (over all elements), batchmean (sum / rows).
enum class KlReduction { None, Sum, Mean, BatchMean };

// F.kl_div(input, target, reduction, log_target) with input = log q (log-probabilities):
// pointwise target (log target - input), or exp(target) (target - input) when log_target.
// A zero target gives 0 (NaN if input is -inf, as PyTorch). `rows` is the batch size used by
// BatchMean (asserted >= 1 and dividing the size). Mean of an empty input is NaN.
ReducedLoss kl_div(std::span<const double> input, std::span<const double> target,
                   KlReduction reduction = KlReduction::BatchMean, std::size_t rows = 1,
                   bool log_target = false);

} // namespace losslab

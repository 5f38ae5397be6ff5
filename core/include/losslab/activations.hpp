#pragma once
// Scalar activations and their logarithms, stable at every finite input: the sigmoid family
// (sigmoid, log-sigmoid, softplus, logit, odds) and the softmax family over a span (logsumexp,
// softmax and log-softmax with a temperature). NaN inputs propagate to NaN outputs.

#include <cmath>
#include <span>
#include <vector>

namespace losslab {

// 1 / (1 + e^-z), the logistic function. Any z; tails computed from e^-|z| so sigmoid(-800)
// is the correctly scaled 0 (underflow only where the value itself underflows), sigmoid(z) = 1
// for z > ~37. PyTorch: torch.sigmoid.
double sigmoid(double z);

// 1 - sigmoid(z) = sigmoid(-z), computed without the subtraction. PyTorch: torch.sigmoid(-z).
double sigmoid_complement(double z);

// sigmoid(z) and sigmoid(-z) (`pos`, `neg`) from a single e^-|z|; both are accurate to about
// one ulp, neither is formed as 1 minus the other. NaN in, NaN out.
struct SigmoidPair {
    // sigmoid(z); no default (always computed).
    double pos;
    // sigmoid(-z) = 1 - sigmoid(z); no default.
    double neg;
};
inline SigmoidPair sigmoid_pair(double z) {
    const double e = std::exp(-std::fabs(z));
    const double d = 1.0 + e;
    const double big = 1.0 / d, small = e / d;
    return z >= 0.0 ? SigmoidPair{big, small} : SigmoidPair{small, big};
}

// softplus(z) and softplus(-z) (`pos`, `neg`) from one exp and one log1p:
// softplus(|z|) = |z| + log1p(e^-|z|), softplus(-|z|) = log1p(e^-|z|). Both >= 0.
struct SoftplusPair {
    // softplus(z); no default.
    double pos;
    // softplus(-z) = softplus(z) - z; no default.
    double neg;
};
inline SoftplusPair softplus_pair(double z) {
    const double a = std::fabs(z);
    const double l = std::log1p(std::exp(-a));
    const double big = a + l;
    return z >= 0.0 ? SoftplusPair{big, l} : SoftplusPair{l, big};
}

// log(sigmoid(z)) = -softplus(-z). Any z; log_sigmoid(-800) = -800 (to rounding), log_sigmoid(z)
// ~ -e^-z for large z. PyTorch: F.logsigmoid.
double log_sigmoid(double z);

// log(1 + e^x), exact form with no threshold (PyTorch's F.softplus returns x itself for
// x > 20 by default; we keep the log1p(e^-x) tail). softplus(x) >= 0, ~e^x for x -> -inf.
double softplus(double x);

// log(p / (1 - p)), the inverse of sigmoid. p in [0, 1]: -inf at 0, +inf at 1, NaN outside.
// Accurate near p = 1/2 (no cancellation). PyTorch: torch.logit (eps=None).
double logit(double p);

// p / (1 - p), the odds of probability p. p in [0, 1]: +inf at p = 1, NaN outside.
double odds(double p);

// log-odds of p; the same function as logit, named for the app's logit -> odds table.
double log_odds(double p);

// log(sum_i e^{x_i}) with max-shift and log1p, so no overflow for any finite x. Empty span:
// -inf (log of an empty sum). Any +inf gives +inf, all -inf gives -inf. PyTorch: torch.logsumexp.
double logsumexp(std::span<const double> x);

// softmax(x / temperature): e^{x_i/T} / sum_j e^{x_j/T}. temperature > 0 (default 1); the
// largest entry is computed as 1/(1+s) so near-one-hot outputs keep their digits. Empty in,
// empty out. PyTorch: torch.softmax(x / T, dim=-1).
std::vector<double> softmax(std::span<const double> x, double temperature = 1.0);

// log(softmax(x / temperature)), computed as (z_i - max) - log1p(sum of the others) so the
// entry of the largest logit is accurate even when it is ~-1e-300. PyTorch: F.log_softmax.
std::vector<double> log_softmax(std::span<const double> x, double temperature = 1.0);

// In-place variants writing into `out` (same size as x): no allocation, for inner loops.
void softmax_into(std::span<const double> x, std::span<double> out, double temperature = 1.0);
// Writes log_softmax(x / temperature) into `out` (same size as x).
void log_softmax_into(std::span<const double> x, std::span<double> out,
                      double temperature = 1.0);

} // namespace losslab

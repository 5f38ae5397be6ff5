#include "losslab/multiclass_losses.hpp"
#include "losslab/number_text.hpp"

#include "losslab/activations.hpp"
#include "losslab/binary_losses.hpp"
#include "simd_kernels.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace losslab {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Shortest round-trip spelling of a number, for error messages.
constexpr auto num = shortest_number_text; // error-message numbers

// Common shape checks; returns an empty message when the shapes are valid.
Status check_shapes(std::size_t logits, std::size_t k, std::size_t targets_per_row,
                    std::size_t targets, std::size_t weight, double eps) {
    if (k == 0) return make_error("`num_classes`", "at least 1", "0");
    if (logits % k != 0)
        return make_error("`logits`", "a multiple of num_classes = " + num(double(k)) +
                                          " values", num(double(logits)));
    const std::size_t n = logits / k;
    if (targets != n * targets_per_row)
        return make_error("`targets`", num(double(n * targets_per_row)) + " values",
                          num(double(targets)));
    if (weight != 0 && weight != k)
        return make_error("`weight`", "num_classes = " + num(double(k)) + " values or none",
                          num(double(weight)));
    if (!(eps >= 0.0 && eps <= 1.0))
        return make_error("`label_smoothing`", "0 <= eps <= 1", num(eps));
    return Ok{};
}

Status check_targets(std::span<const std::int64_t> targets, std::size_t k,
                     std::int64_t ignore_index) {
    for (std::int64_t t : targets)
        if (t != ignore_index && (t < 0 || t >= std::int64_t(k)))
            return make_error("`target`",
                              "0 <= target < " + num(double(k)) + " or ignore_index " +
                                  num(double(ignore_index)),
                              num(double(t)));
    return Ok{};
}

// The checks every class-index entry point makes: logits shaped N x K, options consistent
// with K, and every target a class or ignore_index.
Status check_index_inputs(std::span<const double> logits, std::size_t k,
                          std::span<const std::int64_t> targets, const CrossEntropyOptions& o) {
    if (auto st = check_shapes(logits.size(), k, 1, targets.size(), o.weight.size(),
                               o.label_smoothing);
        !st)
        return st;
    return check_targets(targets, k, o.ignore_index);
}

inline double class_weight(std::span<const double> w, std::size_t k) {
    return w.empty() ? 1.0 : w[k];
}

// Per-row pieces of index-target cross-entropy: the weighted NLL term w_y (-log q_y), the
// smoothing term sum_k w_k (-log q_k), and the row's weight w_y (0 for ignored rows).
struct RowTerms {
    std::vector<double> nll, smooth, wy;
};

// log_softmax_into is given each row; `nll_only` skips the smoothing sum when eps = 0.
template <class RowLogProbs>
RowTerms row_terms(std::size_t n, std::size_t k, std::span<const std::int64_t> targets,
                   const CrossEntropyOptions& o, bool want_smooth, RowLogProbs&& row_logp) {
    RowTerms t{std::vector<double>(n), std::vector<double>(want_smooth ? n : 0),
               std::vector<double>(n)};
    std::vector<double> buf(k);
    for (std::size_t i = 0; i < n; ++i) {
        const std::int64_t y = targets[i];
        if (y == o.ignore_index) continue; // zeros already
        const std::span<const double> lp = row_logp(i, std::span<double>(buf));
        const double w = class_weight(o.weight, std::size_t(y));
        t.wy[i] = w;
        t.nll[i] = -w * lp[std::size_t(y)];
        if (want_smooth) {
            double s = 0.0;
            for (std::size_t c = 0; c < k; ++c) s -= class_weight(o.weight, c) * lp[c];
            t.smooth[i] = s;
        }
    }
    return t;
}

// Writes w[y_i] (-log q_{i,y_i}) for rows [begin, begin + count) into out (0 for ignored rows)
// through the log_softmax_at kernel, 256 rows at a time (ignored rows get target 0 for the
// kernel). Rows with an infinite or NaN max are redone by log_softmax_into, which defines
// their limits.
void weighted_nll_rows(std::span<const double> logits, std::size_t k,
                       std::span<const std::int64_t> targets, const CrossEntropyOptions& o,
                       std::size_t begin, std::size_t count, double* out) {
    const simd::Kernels& kern = simd::kernels();
    constexpr std::size_t kRows = 256;
    long long y[kRows];
    double lp[kRows];
    unsigned char bad[kRows];
    for (std::size_t r0 = begin; r0 < begin + count; r0 += kRows) {
        const std::size_t rows = std::min(kRows, begin + count - r0);
        for (std::size_t r = 0; r < rows; ++r)
            y[r] = targets[r0 + r] == o.ignore_index ? 0 : targets[r0 + r];
        kern.log_softmax_at(logits.data() + r0 * k, k, y, rows, lp, bad);
        for (std::size_t r = 0; r < rows; ++r) {
            const std::size_t i = r0 + r;
            if (targets[i] == o.ignore_index) {
                out[i - begin] = 0.0;
                continue;
            }
            const std::size_t c = std::size_t(targets[i]);
            if (bad[r]) lp[r] = log_softmax(logits.subspan(i * k, k))[c];
            out[i - begin] = -class_weight(o.weight, c) * lp[r];
        }
    }
}

// Index-target cross-entropy without smoothing: the same sums as combine() over row_terms
// (pairwise over the weighted NLLs, divided by the pairwise sum of w[y_i] for Mean), but Sum
// and Mean never store the per-row values.
ReducedLoss cross_entropy_unsmoothed(std::span<const double> logits, std::size_t k,
                                     std::span<const std::int64_t> targets,
                                     const CrossEntropyOptions& o) {
    const std::size_t n = targets.size();
    return simd::reduce_blocks(n, o.reduction == Reduction::None ? Reduction::None : Reduction::Sum,
                               [&](std::size_t b, std::size_t c, double* out) {
                                   weighted_nll_rows(logits, k, targets, o, b, c, out);
                               });
}

// Combines the row terms as PyTorch 1.13 does: (1-eps) nll + smooth (eps/K), with Mean
// dividing both sums by sum_i w[y_i].
ReducedLoss combine(const RowTerms& t, std::size_t k, double eps, Reduction r) {
    const bool smooth = !t.smooth.empty();
    const double f = smooth ? eps / double(k) : 0.0;
    if (r == Reduction::None) {
        ReducedLoss out{t.nll};
        if (smooth)
            for (std::size_t i = 0; i < out.values.size(); ++i)
                out.values[i] = (1.0 - eps) * t.nll[i] + t.smooth[i] * f;
        return out;
    }
    double nll = pairwise_sum(t.nll);
    double sm = smooth ? pairwise_sum(t.smooth) : 0.0;
    if (r == Reduction::Mean) {
        const double wsum = pairwise_sum(t.wy);
        nll /= wsum;
        sm /= wsum;
    }
    if (!smooth) return {{nll}};
    return {{(1.0 - eps) * nll + sm * f}};
}

} // namespace

Result<ReducedLoss> cross_entropy(std::span<const double> logits, std::size_t num_classes,
                                  std::span<const std::int64_t> targets,
                                  const CrossEntropyOptions& o) {
    const std::size_t k = num_classes;
    if (auto st = check_index_inputs(logits, k, targets, o); !st) return st.error();
    const std::size_t n = logits.size() / k;
    const bool smooth = o.label_smoothing > 0.0;
    if (!smooth) {
        ReducedLoss out = cross_entropy_unsmoothed(logits, k, targets, o);
        if (o.reduction != Reduction::Mean) return out;
        auto wy = [&](std::size_t i) {
            return targets[i] == o.ignore_index ? 0.0
                                                : class_weight(o.weight, std::size_t(targets[i]));
        };
        out.values[0] /= pairwise_sum_map(0, n, wy);
        return out;
    }
    const RowTerms t = row_terms(n, k, targets, o, smooth, [&](std::size_t i, std::span<double> b) {
        log_softmax_into(logits.subspan(i * k, k), b);
        return std::span<const double>(b);
    });
    return combine(t, k, o.label_smoothing, o.reduction);
}

Result<ReducedLoss> nll_loss(std::span<const double> log_probs, std::size_t num_classes,
                             std::span<const std::int64_t> targets,
                             const CrossEntropyOptions& o) {
    const std::size_t k = num_classes;
    if (auto st = check_shapes(log_probs.size(), k, 1, targets.size(), o.weight.size(), 0.0);
        !st)
        return st.error();
    if (o.label_smoothing != 0.0)
        return make_error("`label_smoothing` of nll_loss", "0 (use cross_entropy)",
                          num(o.label_smoothing));
    if (auto st = check_targets(targets, k, o.ignore_index); !st) return st.error();
    const std::size_t n = log_probs.size() / k;
    const RowTerms t = row_terms(n, k, targets, o, false, [&](std::size_t i, std::span<double>) {
        return log_probs.subspan(i * k, k);
    });
    return combine(t, k, 0.0, o.reduction);
}

Result<ReducedLoss> cross_entropy_soft(std::span<const double> logits, std::size_t num_classes,
                                       std::span<const double> target_probs,
                                       const CrossEntropyOptions& o) {
    const std::size_t k = num_classes;
    if (auto st = check_shapes(logits.size(), k, k, target_probs.size(), o.weight.size(),
                               o.label_smoothing);
        !st)
        return st.error();
    const std::size_t n = logits.size() / k;
    const double eps = o.label_smoothing, f = eps / double(k);
    std::vector<double> buf(k), rows(n);
    for (std::size_t i = 0; i < n; ++i) {
        log_softmax_into(logits.subspan(i * k, k), buf);
        double s = 0.0;
        for (std::size_t c = 0; c < k; ++c) {
            double t = target_probs[i * k + c];
            if (eps > 0.0) t = t * (1.0 - eps) + f;
            // 0 * -inf (a target of 0 on a class of probability 0) is NaN in PyTorch too.
            s -= class_weight(o.weight, c) * t * buf[c];
        }
        rows[i] = s;
    }
    return reduce(rows, o.reduction);
}

Result<std::vector<double>> cross_entropy_grad(std::span<const double> logits,
                                               std::size_t num_classes,
                                               std::span<const std::int64_t> targets,
                                               const CrossEntropyOptions& o) {
    const std::size_t k = num_classes;
    if (auto st = check_index_inputs(logits, k, targets, o); !st) return st.error();
    const std::size_t n = logits.size() / k;
    const double eps = o.label_smoothing, f = eps / double(k);
    double wall = 0.0;
    for (std::size_t c = 0; c < k; ++c) wall += class_weight(o.weight, c);
    double scale = 1.0;
    if (o.reduction == Reduction::Mean) {
        double wsum = 0.0;
        for (std::size_t i = 0; i < n; ++i)
            if (targets[i] != o.ignore_index) wsum += class_weight(o.weight, std::size_t(targets[i]));
        scale = 1.0 / wsum;
    }
    std::vector<double> g(logits.size(), 0.0), q(k);
    for (std::size_t i = 0; i < n; ++i) {
        const std::int64_t y = targets[i];
        if (y == o.ignore_index) continue;
        softmax_into(logits.subspan(i * k, k), q);
        const double wy = class_weight(o.weight, std::size_t(y));
        for (std::size_t c = 0; c < k; ++c) {
            const double hard = (1.0 - eps) * wy * (q[c] - (c == std::size_t(y) ? 1.0 : 0.0));
            const double soft = eps > 0.0 ? f * (wall * q[c] - class_weight(o.weight, c)) : 0.0;
            g[i * k + c] = scale * (hard + soft);
        }
    }
    return g;
}

Result<std::vector<double>> cross_entropy_soft_grad(std::span<const double> logits,
                                                    std::size_t num_classes,
                                                    std::span<const double> target_probs,
                                                    const CrossEntropyOptions& o) {
    const std::size_t k = num_classes;
    if (auto st = check_shapes(logits.size(), k, k, target_probs.size(), o.weight.size(),
                               o.label_smoothing);
        !st)
        return st.error();
    const std::size_t n = logits.size() / k;
    const double eps = o.label_smoothing, f = eps / double(k);
    const double scale = o.reduction == Reduction::Mean ? 1.0 / double(n) : 1.0;
    std::vector<double> g(logits.size()), q(k), wt(k);
    for (std::size_t i = 0; i < n; ++i) {
        softmax_into(logits.subspan(i * k, k), q);
        double total = 0.0;
        for (std::size_t c = 0; c < k; ++c) {
            double t = target_probs[i * k + c];
            if (eps > 0.0) t = t * (1.0 - eps) + f;
            wt[c] = class_weight(o.weight, c) * t;
            total += wt[c];
        }
        for (std::size_t c = 0; c < k; ++c) g[i * k + c] = scale * (q[c] * total - wt[c]);
    }
    return g;
}

Result<ReducedLoss> multilabel_bce_with_logits(std::span<const double> logits,
                                               std::size_t num_classes,
                                               std::span<const double> targets,
                                               const MultiLabelOptions& o) {
    const std::size_t k = num_classes;
    if (auto st = check_shapes(logits.size(), k, k, targets.size(), o.weight.size(), 0.0); !st)
        return st.error();
    if (!o.pos_weight.empty() && o.pos_weight.size() != k)
        return make_error("`pos_weight`", "num_classes = " + num(double(k)) + " values or none",
                          num(double(o.pos_weight.size())));
    return reduce_map(logits.size(), o.reduction, [&](std::size_t i) {
        const std::size_t c = i % k;
        const BceParams p{class_weight(o.weight, c),
                          o.pos_weight.empty() ? 1.0 : o.pos_weight[c]};
        return bce_with_logits(logits[i], targets[i], p);
    });
}

} // namespace losslab

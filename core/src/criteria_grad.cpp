#include "losslab/criteria_grad.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace losslab {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// PyTorch's EPSILON in cosine_embedding_loss (a float constant), as margin_losses.cpp uses.
constexpr double kCosineEps = double(1e-12f);

double sign(double x) {
    return x > 0.0 ? 1.0 : (x < 0.0 ? -1.0 : 0.0);
}

// log(e^a + e^b + e^c); all -inf gives -inf.
double log_add_exp3(double a, double b, double c) {
    const double m = std::max({a, b, c});
    if (m == -kInf) return -kInf;
    return m + std::log(std::exp(a - m) + std::exp(b - m) + std::exp(c - m));
}

// One sequence's gradient rows (frame t at lp + t * stride, written at g + t * stride).
void ctc_sequence_grad(const double* lp, double* g, std::size_t length, std::size_t classes,
                       std::size_t stride, std::span<const int> target, int blank, double nll,
                       double scale) {
    const std::size_t s_len = target.size(), states = 2 * s_len + 1;
    auto label = [&](std::size_t s) { return std::size_t(s % 2 == 0 ? blank : target[s / 2]); };
    std::vector<double> alpha(length * states, -kInf), beta(length * states, -kInf);
    alpha[0] = lp[label(0)];
    if (s_len > 0) alpha[1] = lp[label(1)];
    for (std::size_t t = 1; t < length; ++t) {
        const double* a = &alpha[(t - 1) * states];
        for (std::size_t s = 0; s < states; ++s) {
            const double a2 = s >= 1 ? a[s - 1] : -kInf;
            const double a3 = (s >= 2 && s % 2 == 1 && label(s) != label(s - 2)) ? a[s - 2] : -kInf;
            alpha[t * states + s] = log_add_exp3(a[s], a2, a3) + lp[t * stride + label(s)];
        }
    }
    const std::size_t last = length - 1;
    beta[last * states + states - 1] = lp[last * stride + label(states - 1)];
    if (s_len > 0) beta[last * states + states - 2] = lp[last * stride + label(states - 2)];
    for (std::size_t t = last; t-- > 0;) {
        const double* b = &beta[(t + 1) * states];
        for (std::size_t s = 0; s < states; ++s) {
            const double b2 = s + 1 < states ? b[s + 1] : -kInf;
            const double b3 =
                (s + 2 < states && s % 2 == 1 && label(s) != label(s + 2)) ? b[s + 2] : -kInf;
            beta[t * states + s] = log_add_exp3(b[s], b2, b3) + lp[t * stride + label(s)];
        }
    }
    std::vector<double> lcab(classes);
    for (std::size_t t = 0; t < length; ++t) {
        std::fill(lcab.begin(), lcab.end(), -kInf);
        for (std::size_t s = 0; s < states; ++s)
            lcab[label(s)] =
                log_add_exp(lcab[label(s)], alpha[t * states + s] + beta[t * states + s]);
        for (std::size_t c = 0; c < classes; ++c) {
            const double x = lp[t * stride + c];
            g[t * stride + c] = scale * (std::exp(x) - std::exp(lcab[c] + nll - x));
        }
    }
}

} // namespace

Result<std::vector<double>> nll_loss_grad(std::span<const double> log_probs,
                                          std::size_t num_classes,
                                          std::span<const std::int64_t> targets,
                                          const CrossEntropyOptions& o) {
    CrossEntropyOptions plain = o;
    plain.reduction = Reduction::Sum;
    if (auto checked = nll_loss(log_probs, num_classes, targets, plain); !checked)
        return checked.error();
    const std::size_t k = num_classes, n = targets.size();
    auto w = [&](std::int64_t y) { return o.weight.empty() ? 1.0 : o.weight[std::size_t(y)]; };
    double scale = 1.0;
    if (o.reduction == Reduction::Mean) {
        double wsum = 0.0;
        for (std::int64_t y : targets)
            if (y != o.ignore_index) wsum += w(y);
        scale = 1.0 / wsum;
    }
    std::vector<double> g(log_probs.size(), 0.0);
    for (std::size_t i = 0; i < n; ++i)
        if (targets[i] != o.ignore_index)
            g[i * k + std::size_t(targets[i])] = -w(targets[i]) * scale;
    return g;
}

double kl_div_grad(double input, double target, bool log_target) {
    (void)input;
    return log_target ? -std::exp(target) : -target;
}

double margin_ranking_loss_grad(double input1, double input2, double target,
                                MarginRankingParams params) {
    return -target * (input1 - input2) + params.margin >= 0.0 ? -target : 0.0;
}

void cosine_embedding_loss_grad(std::span<const double> x1, std::span<const double> x2,
                                double target, CosineEmbeddingParams params,
                                std::span<double> out) {
    double dot = 0.0, m1 = 0.0, m2 = 0.0;
    for (std::size_t i = 0; i < x1.size(); ++i) {
        dot += x1[i] * x2[i];
        m1 += x1[i] * x1[i];
        m2 += x2[i] * x2[i];
    }
    m1 += kCosineEps;
    m2 += kCosineEps;
    const double denom = std::sqrt(m1 * m2), cos = dot / denom;
    double factor = 0.0;
    if (target == 1.0)
        factor = -1.0;
    else if (target == -1.0 && cos - params.margin >= 0.0)
        factor = 1.0;
    for (std::size_t i = 0; i < x1.size(); ++i)
        out[i] = factor == 0.0 ? 0.0 : factor * (x2[i] / denom - cos * x1[i] / m1);
}

void pairwise_distance_grad(std::span<const double> x1, std::span<const double> x2, double p,
                            double eps, std::span<double> out) {
    const std::size_t n = x1.size();
    std::vector<double> d(n);
    for (std::size_t i = 0; i < n; ++i)
        d[i] = x1[i] - x2[i] + eps;
    const double norm = pairwise_distance(x1, x2, p, eps);
    if (std::isinf(p)) {
        std::size_t ties = 0;
        for (double v : d)
            ties += std::fabs(v) == norm ? 1 : 0;
        for (std::size_t i = 0; i < n; ++i)
            out[i] = std::fabs(d[i]) == norm ? sign(d[i]) / double(ties) : 0.0;
        return;
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (norm == 0.0)
            out[i] = 0.0;
        else if (p == 1.0)
            out[i] = sign(d[i]);
        else if (p == 2.0)
            out[i] = d[i] / norm;
        else
            out[i] = sign(d[i]) * std::pow(std::fabs(d[i]) / norm, p - 1.0);
    }
}

void triplet_margin_loss_grad(std::span<const double> anchor, std::span<const double> positive,
                              std::span<const double> negative, TripletMarginParams params,
                              std::span<double> out) {
    const double d_pos = pairwise_distance(anchor, positive, params.p, params.eps);
    const double d_an = pairwise_distance(anchor, negative, params.p, params.eps);
    double d_neg = d_an;
    // torch.min of two tensors: the gradient goes to the smaller, split in half on a tie.
    double neg_share = 1.0;
    if (params.swap) {
        const double d_pn = pairwise_distance(positive, negative, params.p, params.eps);
        if (d_pn < d_an)
            neg_share = 0.0;
        else if (d_pn == d_an)
            neg_share = 0.5;
        d_neg = std::min(d_an, d_pn);
    }
    std::fill(out.begin(), out.end(), 0.0);
    if (!(params.margin + d_pos - d_neg >= 0.0)) return;
    std::vector<double> gp(anchor.size()), gn(anchor.size());
    pairwise_distance_grad(anchor, positive, params.p, params.eps, gp);
    pairwise_distance_grad(anchor, negative, params.p, params.eps, gn);
    for (std::size_t i = 0; i < anchor.size(); ++i)
        out[i] = gp[i] - neg_share * gn[i];
}

void multilabel_margin_loss_grad(std::span<const double> input, std::span<const int> target,
                                 std::span<double> out) {
    const std::size_t c = input.size();
    std::fill(out.begin(), out.end(), 0.0);
    std::vector<char> is_target(c, 0);
    std::size_t n_targets = 0;
    for (; n_targets < target.size() && target[n_targets] >= 0; ++n_targets)
        if (std::size_t(target[n_targets]) < c) is_target[std::size_t(target[n_targets])] = 1;
    const double step = 1.0 / double(c);
    for (std::size_t j = 0; j < n_targets; ++j) {
        const auto t = std::size_t(target[j]);
        if (t >= c) continue;
        for (std::size_t i = 0; i < c; ++i) {
            if (is_target[i] || !(1.0 - input[t] + input[i] > 0.0)) continue;
            out[t] -= step;
            out[i] += step;
        }
    }
}

Result<std::vector<double>> ctc_loss_grad(const CtcBatch& b, CtcParams params) {
    CtcParams each = params;
    each.reduction = Reduction::None;
    each.zero_infinity = false;
    auto losses = ctc_loss(b, each); // validates, and gives each sequence's -log p
    if (!losses) return losses.error();
    const std::size_t n = b.batch_size, c = b.num_classes;
    std::vector<double> g(b.log_probs.size(), 0.0);
    const std::size_t row = b.layout == CtcTargetLayout::Padded ? b.targets.size() / n : 0;
    for (std::size_t i = 0, offset = 0; i < n; ++i) {
        const std::size_t len = std::size_t(b.target_lengths[i]);
        const std::size_t start = b.layout == CtcTargetLayout::Concatenated ? offset : i * row;
        offset += len;
        const std::size_t frames = std::size_t(b.input_lengths[i]);
        const double nll = losses.value().values[i];
        if (frames == 0 || (params.zero_infinity && nll == kInf)) continue;
        double scale = 1.0;
        if (params.reduction == Reduction::Mean)
            scale = 1.0 / (double(n) * double(std::max<std::size_t>(len, 1)));
        ctc_sequence_grad(b.log_probs.data() + i * c, g.data() + i * c, frames, c, n * c,
                          b.targets.subspan(start, len), params.blank, nll, scale);
    }
    return g;
}

} // namespace losslab

#include "losslab/ctc_loss.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace losslab {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// log(e^a + e^b + e^c) shifted by the largest term; all -inf gives -inf.
double log_add_exp3(double a, double b, double c) {
    const double m = std::max({a, b, c});
    if (m == -kInf) return -kInf;
    return m + std::log(std::exp(a - m) + std::exp(b - m) + std::exp(c - m));
}

} // namespace

double log_add_exp(double a, double b) {
    if (std::isnan(a) || std::isnan(b)) return a + b;
    if (a == -kInf) return b;
    if (b == -kInf) return a;
    if (a == kInf || b == kInf) return kInf;
    const double m = std::max(a, b);
    return m + std::log1p(std::exp(-std::fabs(a - b)));
}

double ctc_neg_log_likelihood(std::span<const double> log_probs, std::size_t input_length,
                              std::size_t num_classes, std::size_t time_stride,
                              std::span<const int> target, int blank) {
    (void)num_classes;
    const std::size_t s_len = target.size();
    if (input_length == 0) return s_len == 0 ? 0.0 : kInf;
    // Extended label sequence l' = (blank, l1, blank, l2, ..., lS, blank): 2S + 1 states;
    // state s is the blank for even s and target[(s - 1) / 2] for odd s.
    const std::size_t states = 2 * s_len + 1;
    auto label = [&](std::size_t s) { return s % 2 == 0 ? blank : target[s / 2]; };
    std::vector<double> alpha(states, -kInf), next(states, -kInf);
    alpha[0] = log_probs[std::size_t(blank)];
    if (s_len > 0) alpha[1] = log_probs[std::size_t(target[0])];
    for (std::size_t t = 1; t < input_length; ++t) {
        const double* lp = log_probs.data() + t * time_stride;
        // States that cannot reach the end in the frames left stay -inf on their own; we do
        // not prune, to keep the recursion identical to the textbook (and torch's).
        for (std::size_t s = 0; s < states; ++s) {
            const double a1 = alpha[s];
            const double a2 = s >= 1 ? alpha[s - 1] : -kInf;
            // Skipping the blank between two labels is allowed only when they differ.
            const double a3 = (s >= 2 && s % 2 == 1 && label(s) != label(s - 2)) ? alpha[s - 2]
                                                                                  : -kInf;
            next[s] = log_add_exp3(a1, a2, a3) + lp[std::size_t(label(s))];
        }
        std::swap(alpha, next);
    }
    const double end = s_len > 0 ? log_add_exp(alpha[states - 1], alpha[states - 2])
                                 : alpha[states - 1];
    return -end;
}

std::vector<double> ctc_forward_variables(std::span<const double> log_probs,
                                          std::size_t input_length, std::size_t time_stride,
                                          std::span<const int> target, int blank) {
    const std::size_t s_len = target.size(), states = 2 * s_len + 1;
    if (input_length == 0) return {};
    auto label = [&](std::size_t s) { return s % 2 == 0 ? blank : target[s / 2]; };
    std::vector<double> alpha(input_length * states, -kInf);
    alpha[0] = log_probs[std::size_t(blank)];
    if (s_len > 0) alpha[1] = log_probs[std::size_t(target[0])];
    for (std::size_t t = 1; t < input_length; ++t) {
        const double* lp = log_probs.data() + t * time_stride;
        const double* prev = alpha.data() + (t - 1) * states;
        double* row = alpha.data() + t * states;
        for (std::size_t s = 0; s < states; ++s) {
            const double a2 = s >= 1 ? prev[s - 1] : -kInf;
            const double a3 =
                (s >= 2 && s % 2 == 1 && label(s) != label(s - 2)) ? prev[s - 2] : -kInf;
            row[s] = log_add_exp3(prev[s], a2, a3) + lp[std::size_t(label(s))];
        }
    }
    return alpha;
}

std::vector<std::size_t> ctc_best_path(std::span<const double> log_probs, std::size_t input_length,
                                       std::size_t time_stride, std::span<const int> target,
                                       int blank) {
    const std::size_t s_len = target.size(), states = 2 * s_len + 1;
    if (input_length == 0) return {};
    auto label = [&](std::size_t s) { return s % 2 == 0 ? blank : target[s / 2]; };
    std::vector<double> best(input_length * states, -kInf);
    std::vector<std::size_t> from(input_length * states, 0);
    best[0] = log_probs[std::size_t(blank)];
    if (s_len > 0) best[1] = log_probs[std::size_t(target[0])];
    for (std::size_t t = 1; t < input_length; ++t) {
        const double* lp = log_probs.data() + t * time_stride;
        for (std::size_t s = 0; s < states; ++s) {
            const std::size_t here = t * states + s, before = (t - 1) * states;
            double b = best[before + s];
            std::size_t arg = s;
            if (s >= 1 && best[before + s - 1] > b) b = best[before + s - 1], arg = s - 1;
            if (s >= 2 && s % 2 == 1 && label(s) != label(s - 2) && best[before + s - 2] > b)
                b = best[before + s - 2], arg = s - 2;
            best[here] = b + lp[std::size_t(label(s))];
            from[here] = arg;
        }
    }
    const std::size_t last = (input_length - 1) * states;
    std::size_t s = states - 1;
    if (s_len > 0 && best[last + states - 2] > best[last + s]) s = states - 2;
    if (best[last + s] == -kInf) return {};
    std::vector<std::size_t> path(input_length);
    for (std::size_t t = input_length; t-- > 0;) {
        path[t] = s;
        if (t > 0) s = from[t * states + s];
    }
    return path;
}

Result<ReducedLoss> ctc_loss(const CtcBatch& b, CtcParams params) {
    const std::size_t t_max = b.max_time, n = b.batch_size, c = b.num_classes;
    if (t_max == 0 || n == 0 || c == 0)
        return make_error("ctc_loss log_probs", "T, N and C all >= 1",
                          "T = " + std::to_string(t_max) + ", N = " + std::to_string(n) +
                              ", C = " + std::to_string(c));
    if (b.log_probs.size() != t_max * n * c)
        return make_error("ctc_loss log_probs", std::to_string(t_max * n * c) + " values (T x N x C)",
                          std::to_string(b.log_probs.size()));
    if (params.blank < 0 || std::size_t(params.blank) >= c)
        return make_error("ctc_loss blank", "a class index in [0, " + std::to_string(c) + ")",
                          std::to_string(params.blank));
    if (b.input_lengths.size() != n)
        return make_error("ctc_loss input_lengths", std::to_string(n) + " entries (one per sequence)",
                          std::to_string(b.input_lengths.size()));
    if (b.target_lengths.size() != n)
        return make_error("ctc_loss target_lengths",
                          std::to_string(n) + " entries (one per sequence)",
                          std::to_string(b.target_lengths.size()));
    std::size_t total = 0, max_len = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (b.input_lengths[i] < 0 || std::size_t(b.input_lengths[i]) > t_max)
            return make_error("ctc_loss input_lengths", "values in [0, T = " + std::to_string(t_max) + "]",
                              std::to_string(b.input_lengths[i]));
        if (b.target_lengths[i] < 0)
            return make_error("ctc_loss target_lengths", "values >= 0",
                              std::to_string(b.target_lengths[i]));
        total += std::size_t(b.target_lengths[i]);
        max_len = std::max(max_len, std::size_t(b.target_lengths[i]));
    }
    std::size_t row = 0; // padded row length S
    if (b.layout == CtcTargetLayout::Concatenated) {
        if (b.targets.size() != total)
            return make_error("ctc_loss targets", "sum(target_lengths) = " + std::to_string(total) +
                                                      " labels (concatenated)",
                              std::to_string(b.targets.size()));
    } else {
        row = b.targets.size() / n;
        if (b.targets.size() % n != 0 || row < max_len)
            return make_error("ctc_loss targets",
                              "N x S labels with S >= max(target_lengths) = " +
                                  std::to_string(max_len) + " (padded)",
                              std::to_string(b.targets.size()));
    }
    std::vector<std::span<const int>> seqs(n);
    for (std::size_t i = 0, offset = 0; i < n; ++i) {
        const std::size_t len = std::size_t(b.target_lengths[i]);
        const std::size_t start = b.layout == CtcTargetLayout::Concatenated ? offset : i * row;
        seqs[i] = b.targets.subspan(start, len);
        offset += len;
        for (int l : seqs[i])
            if (l < 0 || std::size_t(l) >= c || l == params.blank)
                return make_error("ctc_loss targets",
                                  "labels in [0, " + std::to_string(c) + ") other than the blank " +
                                      std::to_string(params.blank),
                                  std::to_string(l));
    }
    std::vector<double> losses(n);
    for (std::size_t i = 0; i < n; ++i) {
        double loss = ctc_neg_log_likelihood(b.log_probs.subspan(i * c),
                                             std::size_t(b.input_lengths[i]), c, n * c, seqs[i],
                                             params.blank);
        if (params.zero_infinity && loss == kInf) loss = 0.0;
        if (params.reduction == Reduction::Mean)
            loss /= double(std::max(b.target_lengths[i], 1));
        losses[i] = loss;
    }
    return reduce(losses, params.reduction);
}

} // namespace losslab

#include "losslab/smoothing_calibration.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace losslab {

namespace {

// softmax(z) into q (shifted by the maximum).
void softmax_row(const double* z, std::size_t k, double* q) {
    const double m = *std::max_element(z, z + k);
    double sum = 0.0;
    for (std::size_t c = 0; c < k; ++c) {
        q[c] = std::exp(z[c] - m);
        sum += q[c];
    }
    for (std::size_t c = 0; c < k; ++c)
        q[c] /= sum;
}

// The bin of confidence `v` among M bins (b/M, (b+1)/M] with the edges exactly b/M, 0 in bin 0.
std::size_t bin_of(double v, int bins) {
    const int m = bins;
    int b = std::clamp(int(std::ceil(v * m)) - 1, 0, m - 1);
    while (b > 0 && v <= double(b) / m)
        --b;
    while (b < m - 1 && v > double(b + 1) / m)
        ++b;
    return std::size_t(b);
}

std::string num(double v) {
    return std::to_string(v);
}

} // namespace

Result<SmoothedFitResult> fit_towards_smoothed_targets(std::span<const double> log_p_true,
                                                       std::size_t k, std::span<const int> labels,
                                                       const SmoothedFitParams& p) {
    if (k < 2) return make_error("smoothed fit classes", ">= 2", std::to_string(k));
    const std::size_t n = labels.size();
    if (n == 0 || log_p_true.size() != n * k)
        return make_error("smoothed fit log probabilities",
                          "N x K = " + std::to_string(n) + " x " + std::to_string(k) + " values",
                          std::to_string(log_p_true.size()));
    for (std::size_t i = 0; i < n; ++i)
        if (labels[i] < 0 || std::size_t(labels[i]) >= k)
            return make_error("smoothed fit label " + std::to_string(i),
                              "a class in [0, " + std::to_string(k) + ")",
                              std::to_string(labels[i]));
    for (double v : log_p_true)
        if (!std::isfinite(v))
            return make_error("smoothed fit log probabilities", "finite values", num(v));
    if (!(p.eps >= 0.0 && p.eps < 1.0))
        return make_error("smoothing eps", "0 <= eps < 1", num(p.eps));
    if (p.steps < 0) return make_error("smoothed fit steps", ">= 0", std::to_string(p.steps));
    if (!(p.learning_rate > 0.0) || !std::isfinite(p.learning_rate))
        return make_error("smoothed fit learning rate", "a finite value > 0", num(p.learning_rate));
    if (p.num_bins < 1) return make_error("reliability bins", ">= 1", std::to_string(p.num_bins));

    SmoothedFitResult r;
    r.logits.assign(log_p_true.begin(), log_p_true.end());
    r.confidence.resize(n);
    r.expected_correct.resize(n);
    std::vector<double> q(k), t(k), pt(k);
    const double off = p.eps / double(k);
    double kl_sum = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        double* z = r.logits.data() + i * k;
        const std::size_t y = std::size_t(labels[i]);
        for (std::size_t c = 0; c < k; ++c)
            t[c] = (c == y ? 1.0 - p.eps : 0.0) + off;
        for (int s = 0; s < p.steps; ++s) {
            softmax_row(z, k, q.data());
            for (std::size_t c = 0; c < k; ++c)
                z[c] -= p.learning_rate * (q[c] - t[c]);
        }
        softmax_row(z, k, q.data());
        const std::size_t top = std::size_t(std::max_element(q.begin(), q.end()) - q.begin());
        r.confidence[i] = q[top];
        for (std::size_t c = 0; c < k; ++c)
            pt[c] = std::exp(log_p_true[i * k + c]);
        r.expected_correct[i] = pt[top];
        // KL over the wrong classes, both renormalised: sum p~ (log p~ - log q~).
        double ps = 0.0, qs = 0.0;
        for (std::size_t c = 0; c < k; ++c)
            if (c != y) {
                ps += pt[c];
                qs += q[c];
            }
        double kl = 0.0;
        for (std::size_t c = 0; c < k; ++c)
            if (c != y && pt[c] > 0.0)
                kl += pt[c] / ps * (std::log(pt[c] / ps) - std::log(q[c] / qs));
        kl_sum += kl;
    }
    r.wrong_class_kl = kl_sum / double(n);

    r.bins.resize(std::size_t(p.num_bins));
    std::vector<double> acc_sum(r.bins.size(), 0.0), conf_sum(r.bins.size(), 0.0);
    double total_acc = 0.0, total_conf = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t b = bin_of(r.confidence[i], p.num_bins);
        ++r.bins[b].count;
        acc_sum[b] += r.expected_correct[i];
        conf_sum[b] += r.confidence[i];
        total_acc += r.expected_correct[i];
        total_conf += r.confidence[i];
    }
    for (std::size_t b = 0; b < r.bins.size(); ++b) {
        auto& bin = r.bins[b];
        bin.lower = double(b) / p.num_bins;
        bin.upper = double(b + 1) / p.num_bins;
        if (bin.count == 0) continue;
        bin.accuracy = acc_sum[b] / double(bin.count);
        bin.mean_confidence = conf_sum[b] / double(bin.count);
        r.ece += double(bin.count) / double(n) * std::abs(bin.accuracy - bin.mean_confidence);
    }
    r.accuracy = total_acc / double(n);
    r.mean_confidence = total_conf / double(n);
    return r;
}

} // namespace losslab

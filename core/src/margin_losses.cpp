#include "losslab/margin_losses.hpp"
#include "losslab/number_text.hpp"

#include "wide_math.hpp"

#include "losslab/activations.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace losslab {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// PyTorch's EPSILON in cosine_embedding_loss, added to each squared norm. It is a C++
// `float` constant there, so its value is the float nearest 1e-12, 9.9999999600419720e-13.
constexpr double kCosineEps = double(1e-12f);

constexpr auto num = shortest_number_text; // error-message numbers

Status check_sizes(const std::string& what, std::size_t expected, std::size_t got,
                   const std::string& of) {
    if (got != expected)
        return make_error(what, std::to_string(expected) + " values (" + of + ")",
                          std::to_string(got));
    return Ok{};
}

Status check_nonempty(const std::string& what, std::size_t n) {
    if (n == 0) return make_error(what, "at least one element", "0 elements");
    return Ok{};
}

Status check_dim(const std::string& what, std::size_t dim, std::size_t total) {
    if (dim == 0) return make_error(what + " dim", ">= 1", "0");
    if (total % dim != 0)
        return make_error(what + " input", "a multiple of dim = " + std::to_string(dim) + " values",
                          std::to_string(total));
    return Ok{};
}

} // namespace

Status validate(const TripletMarginParams& p) {
    if (!(p.p > 0.0)) return make_error("triplet_margin_loss p", "> 0", num(p.p));
    if (!(p.eps >= 0.0)) return make_error("triplet_margin_loss eps", ">= 0", num(p.eps));
    return Ok{};
}

double hinge_embedding_loss(double input, double target, HingeEmbeddingParams p) {
    double loss = 0.0;
    if (target != 1.0) loss += std::max(p.margin - input, 0.0);
    if (target != -1.0) loss += input;
    return loss;
}

double hinge_embedding_loss_grad(double input, double target, HingeEmbeddingParams p) {
    double g = 0.0;
    if (target != 1.0 && p.margin - input >= 0.0) g -= 1.0;
    if (target != -1.0) g += 1.0;
    return g;
}

double soft_margin_loss(double input, double target) {
    // softplus(m), m = -target * input, in long double: log1p(e^-|m|) stays exact until the
    // final rounding also where it is a double subnormal (m < -745).
    using wide::Wide;
    const Wide m = -Wide(target) * Wide(input);
    const Wide l = std::log1p(std::exp(-std::fabs(m)));
    return double(m > 0.0L ? m + l : l);
}

double soft_margin_loss_grad(double input, double target) {
    using wide::Wide;
    const Wide m = -Wide(target) * Wide(input);
    const Wide e = std::exp(-std::fabs(m));
    const Wide sig = m >= 0.0L ? 1.0L / (1.0L + e) : e / (1.0L + e); // sigmoid(m)
    return double(-Wide(target) * sig);
}

double margin_ranking_loss(double input1, double input2, double target, MarginRankingParams p) {
    return std::max(-target * (input1 - input2) + p.margin, 0.0);
}

double cosine_embedding_loss_of_cos(double cos, double target, CosineEmbeddingParams params) {
    if (std::isnan(cos) || std::isnan(target)) return cos + target;
    if (target == 1.0) return 1.0 - cos;
    if (target == -1.0) return std::max(0.0, cos - params.margin);
    return 0.0;
}

double cosine_embedding_loss_of_cos_grad(double cos, double target, CosineEmbeddingParams params) {
    if (std::isnan(cos) || std::isnan(target)) return cos + target;
    if (target == 1.0) return -1.0;
    if (target == -1.0) return cos - params.margin >= 0.0 ? 1.0 : 0.0;
    return 0.0;
}

double multilabel_margin_loss_of_margin(double m, double num_classes) {
    using wide::Wide;
    if (!(num_classes >= 2.0) || std::isnan(m)) return std::numeric_limits<double>::quiet_NaN();
    // 1 - m, (C - 1) and / C in 64-bit precision, one rounding to double at the end: within
    // half an ulp plus 2^-11 of one (1 - m of very different magnitudes rounds once in Wide).
    const Wide hinge = std::max(Wide(0), Wide(1) - Wide(m));
    return double(hinge * (Wide(num_classes) - 1) / Wide(num_classes));
}

double multilabel_margin_loss_of_margin_grad(double m, double num_classes) {
    using wide::Wide;
    if (!(num_classes >= 2.0) || std::isnan(m)) return std::numeric_limits<double>::quiet_NaN();
    return 1.0 - m > 0.0 ? double(-(Wide(num_classes) - 1) / Wide(num_classes)) : 0.0;
}

double cosine_embedding_loss(std::span<const double> x1, std::span<const double> x2,
                             double target, CosineEmbeddingParams p) {
    double dot = 0.0, n1 = 0.0, n2 = 0.0;
    for (std::size_t i = 0; i < x1.size() && i < x2.size(); ++i) {
        dot += x1[i] * x2[i];
        n1 += x1[i] * x1[i];
        n2 += x2[i] * x2[i];
    }
    const double cos = dot / std::sqrt((n1 + kCosineEps) * (n2 + kCosineEps));
    if (target == 1.0) return 1.0 - cos;
    if (target == -1.0) return std::max(cos - p.margin, 0.0);
    return 0.0;
}

double pairwise_distance(std::span<const double> x1, std::span<const double> x2, double p,
                         double eps) {
    if (!(p > 0.0)) return kNaN;
    const std::size_t n = std::min(x1.size(), x2.size());
    if (std::isinf(p)) {
        double m = 0.0;
        for (std::size_t i = 0; i < n; ++i) m = std::max(m, std::fabs(x1[i] - x2[i] + eps));
        return m;
    }
    double s = 0.0;
    if (p == 1.0) {
        for (std::size_t i = 0; i < n; ++i) s += std::fabs(x1[i] - x2[i] + eps);
        return s;
    }
    if (p == 2.0) {
        for (std::size_t i = 0; i < n; ++i) {
            const double d = x1[i] - x2[i] + eps;
            s += d * d;
        }
        return std::sqrt(s);
    }
    for (std::size_t i = 0; i < n; ++i) s += std::pow(std::fabs(x1[i] - x2[i] + eps), p);
    return std::pow(s, 1.0 / p);
}

double triplet_margin_loss(std::span<const double> anchor, std::span<const double> positive,
                           std::span<const double> negative, TripletMarginParams p) {
    if (!(p.p > 0.0)) return kNaN;
    const double d_pos = pairwise_distance(anchor, positive, p.p, p.eps);
    double d_neg = pairwise_distance(anchor, negative, p.p, p.eps);
    if (p.swap) d_neg = std::min(d_neg, pairwise_distance(positive, negative, p.p, p.eps));
    return std::max(p.margin + d_pos - d_neg, 0.0);
}

double multilabel_margin_loss(std::span<const double> input, std::span<const int> target) {
    const std::size_t c = input.size();
    std::vector<char> is_target(c, 0);
    std::size_t n_targets = 0;
    for (; n_targets < target.size() && target[n_targets] >= 0; ++n_targets)
        if (std::size_t(target[n_targets]) < c) is_target[std::size_t(target[n_targets])] = 1;
    double sum = 0.0;
    for (std::size_t j = 0; j < n_targets; ++j) {
        const auto t = std::size_t(target[j]);
        if (t >= c) continue;
        // Each listed target counts once per listing, as in torch's loop.
        for (std::size_t i = 0; i < c; ++i) {
            if (is_target[i]) continue;
            const double z = 1.0 - input[t] + input[i];
            if (z > 0.0) sum += z;
        }
    }
    return c == 0 ? 0.0 : sum / double(c);
}

Result<ReducedLoss> hinge_embedding_loss_batch(std::span<const double> input,
                                               std::span<const double> target,
                                               HingeEmbeddingParams params, Reduction reduction) {
    if (auto s = check_nonempty("hinge_embedding_loss input", input.size()); !s) return s.error();
    if (auto s = check_sizes("hinge_embedding_loss target", input.size(), target.size(),
                             "one per input");
        !s)
        return s.error();
    std::vector<double> per(input.size());
    for (std::size_t i = 0; i < per.size(); ++i)
        per[i] = hinge_embedding_loss(input[i], target[i], params);
    return reduce(per, reduction);
}

Result<ReducedLoss> soft_margin_loss_batch(std::span<const double> input,
                                           std::span<const double> target, Reduction reduction) {
    if (auto s = check_nonempty("soft_margin_loss input", input.size()); !s) return s.error();
    if (auto s = check_sizes("soft_margin_loss target", input.size(), target.size(),
                             "one per input");
        !s)
        return s.error();
    std::vector<double> per(input.size());
    for (std::size_t i = 0; i < per.size(); ++i) per[i] = soft_margin_loss(input[i], target[i]);
    return reduce(per, reduction);
}

Result<ReducedLoss> margin_ranking_loss_batch(std::span<const double> input1,
                                              std::span<const double> input2,
                                              std::span<const double> target,
                                              MarginRankingParams params, Reduction reduction) {
    if (auto s = check_nonempty("margin_ranking_loss input1", input1.size()); !s)
        return s.error();
    if (auto s = check_sizes("margin_ranking_loss input2", input1.size(), input2.size(),
                             "one per input1");
        !s)
        return s.error();
    if (auto s = check_sizes("margin_ranking_loss target", input1.size(), target.size(),
                             "one per input1");
        !s)
        return s.error();
    std::vector<double> per(input1.size());
    for (std::size_t i = 0; i < per.size(); ++i)
        per[i] = margin_ranking_loss(input1[i], input2[i], target[i], params);
    return reduce(per, reduction);
}

Result<ReducedLoss> cosine_embedding_loss_batch(std::span<const double> x1,
                                                std::span<const double> x2,
                                                std::span<const double> target, std::size_t dim,
                                                CosineEmbeddingParams params,
                                                Reduction reduction) {
    const std::string w = "cosine_embedding_loss";
    if (auto s = check_nonempty(w + " input1", x1.size()); !s) return s.error();
    if (auto s = check_dim(w, dim, x1.size()); !s) return s.error();
    const std::size_t n = x1.size() / dim;
    if (auto s = check_sizes(w + " input2", x1.size(), x2.size(), "the size of input1"); !s)
        return s.error();
    if (auto s = check_sizes(w + " target", n, target.size(), "one per row"); !s)
        return s.error();
    std::vector<double> per(n);
    for (std::size_t i = 0; i < n; ++i)
        per[i] = cosine_embedding_loss(x1.subspan(i * dim, dim), x2.subspan(i * dim, dim),
                                       target[i], params);
    return reduce(per, reduction);
}

Result<ReducedLoss> triplet_margin_loss_batch(std::span<const double> anchor,
                                              std::span<const double> positive,
                                              std::span<const double> negative, std::size_t dim,
                                              TripletMarginParams params, Reduction reduction) {
    const std::string w = "triplet_margin_loss";
    if (auto s = validate(params); !s) return s.error();
    if (auto s = check_nonempty(w + " anchor", anchor.size()); !s) return s.error();
    if (auto s = check_dim(w, dim, anchor.size()); !s) return s.error();
    if (auto s = check_sizes(w + " positive", anchor.size(), positive.size(), "the size of anchor");
        !s)
        return s.error();
    if (auto s = check_sizes(w + " negative", anchor.size(), negative.size(), "the size of anchor");
        !s)
        return s.error();
    const std::size_t n = anchor.size() / dim;
    std::vector<double> per(n);
    for (std::size_t i = 0; i < n; ++i)
        per[i] = triplet_margin_loss(anchor.subspan(i * dim, dim), positive.subspan(i * dim, dim),
                                     negative.subspan(i * dim, dim), params);
    return reduce(per, reduction);
}

Result<ReducedLoss> multilabel_margin_loss_batch(std::span<const double> input,
                                                 std::span<const int> target,
                                                 std::size_t num_classes, Reduction reduction) {
    const std::string w = "multilabel_margin_loss";
    if (auto s = check_nonempty(w + " input", input.size()); !s) return s.error();
    if (auto s = check_dim(w, num_classes, input.size()); !s) return s.error();
    if (auto s = check_sizes(w + " target", input.size(), target.size(), "the size of input"); !s)
        return s.error();
    const std::size_t n = input.size() / num_classes;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < num_classes; ++j) {
            const int t = target[i * num_classes + j];
            if (t == -1) break;
            if (t < -1 || std::size_t(t) >= num_classes)
                return make_error(w + " target",
                                  "class indices in [-1, " + std::to_string(num_classes) + ")",
                                  std::to_string(t));
        }
    std::vector<double> per(n);
    for (std::size_t i = 0; i < n; ++i)
        per[i] = multilabel_margin_loss(input.subspan(i * num_classes, num_classes),
                                        target.subspan(i * num_classes, num_classes));
    return reduce(per, reduction);
}

} // namespace losslab

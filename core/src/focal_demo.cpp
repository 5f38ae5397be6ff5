#include "losslab/focal_demo.hpp"

#include "losslab/activations.hpp"
#include "losslab/assert.hpp"
#include "losslab/binary_losses.hpp"
#include "losslab/focal_loss.hpp"

#include <cmath>

namespace losslab {

double focal_modulating_factor(double p_t, double gamma) {
    // For p_t >= 1/2 the subtraction is exact (Sterbenz), so the factor keeps its digits where
    // it is tiny, which is where the log-axis plot looks.
    return std::pow(1.0 - p_t, gamma);
}

double focal_to_ce_ratio(double p_t, double gamma, double alpha_t) {
    const double weight = alpha_t < 0.0 ? 1.0 : alpha_t;
    return weight * focal_modulating_factor(p_t, gamma);
}

GroupShares group_loss_shares(std::span<const ExampleGroup> groups, double gamma, double alpha) {
    GroupShares out;
    out.totals.reserve(groups.size());
    double sum = 0.0;
    for (const auto& g : groups) {
        const double alpha_t = alpha < 0.0 ? -1.0 : (g.positive ? alpha : 1.0 - alpha);
        // 0 examples contribute 0 even where one example's loss is infinite.
        const double total = g.count == 0.0 ? 0.0 : g.count * focal_loss_pt(g.p_t, gamma, alpha_t);
        out.totals.push_back(total);
        sum += total;
    }
    const bool defined = sum > 0.0 && std::isfinite(sum);
    out.shares.reserve(groups.size());
    for (double t : out.totals) out.shares.push_back(defined ? t / sum : std::nan(""));
    return out;
}

LossSlope bce_with_logits_of_probability(double z, double y) {
    const SigmoidPair s = sigmoid_pair(z);
    // Chain rule through the misplaced sigmoid: d sigmoid / dz = sigmoid(z) sigmoid(-z).
    return {bce_with_logits(s.pos, y), bce_with_logits_grad(s.pos, y) * s.pos * s.neg};
}

namespace {
std::vector<double> margin_logits(double m, int num_classes) {
    LOSSLAB_ASSERT(num_classes >= 2, "cross-entropy margin needs K >= 2");
    std::vector<double> z(static_cast<size_t>(num_classes), 0.0);
    z[0] = m;
    return z;
}
} // namespace

double cross_entropy_margin(double m, int num_classes) {
    const auto z = margin_logits(m, num_classes);
    return -log_softmax(z)[0];
}

double cross_entropy_softmax_twice_margin(double m, int num_classes) {
    const auto z = margin_logits(m, num_classes);
    return -log_softmax(softmax(z))[0];
}

double multilabel_softmax_probability(double m, int num_classes, int positives) {
    LOSSLAB_ASSERT(positives >= 1 && positives <= num_classes,
                   "multi-label softmax needs 1 <= positives <= K");
    std::vector<double> z(static_cast<size_t>(num_classes), -m);
    for (int i = 0; i < positives; ++i) z[static_cast<size_t>(i)] = m;
    return softmax(z)[0];
}

} // namespace losslab

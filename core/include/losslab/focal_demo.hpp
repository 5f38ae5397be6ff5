#pragma once
// The quantities behind the focal-loss lab's explanations: the modulating factor and the
// focal/CE weight ratio (Lin et al. 2017, eq. 4-5), the share of the total loss that each
// group of examples carries in an imbalanced set (the paper's motivation, sec. 3), and four
// classic mistakes measured against the correct computation: probabilities passed where
// BCEWithLogits expects logits, softmax applied twice before cross-entropy, and softmax used
// for a multi-label target instead of one sigmoid per class.

#include <span>
#include <vector>

namespace losslab {

// (1 - p_t)^gamma, the focal modulating factor. p_t in [0, 1], gamma >= 0; gamma = 0 gives 1
// everywhere (0^0 = 1 at p_t = 1, as std::pow). 1 - p_t is exact for p_t in [0.5, 1].
double focal_modulating_factor(double p_t, double gamma);

// FL / CE = alpha_t (1 - p_t)^gamma: how much focal loss weighs an example relative to
// cross-entropy. alpha_t < 0 means no alpha weighting (factor 1, torchvision's alpha = -1).
// Finite at p_t = 1 (the limit of the ratio) although both losses are 0 there.
double focal_to_ce_ratio(double p_t, double gamma, double alpha_t = -1.0);

// A group of identical examples in the imbalance demo: `count` examples, each giving
// probability `p_t` to its true class, of the positive (foreground) or negative class.
struct ExampleGroup {
    // Number of examples (>= 0; a real number so that averages can be fed). Default 1.
    double count = 1.0;
    // Probability of the true class, in [0, 1]. Default 0.5.
    double p_t = 0.5;
    // True for positives (weighted by alpha), false for negatives (1 - alpha). Default false.
    bool positive = false;
};

// Each group's summed loss and its share of the whole.
struct GroupShares {
    // count * focal_loss_pt(p_t, gamma, alpha_t) per group, in input order.
    std::vector<double> totals;
    // totals / sum(totals) per group, in [0, 1]; NaN when the sum is 0 or infinite (the
    // share is undefined then).
    std::vector<double> shares;
};

// The summed focal loss of each group and its share of the total, with alpha_t = alpha for
// positives and 1 - alpha for negatives; alpha < 0 disables the weighting. gamma = 0 with
// alpha < 0 is plain cross-entropy, gamma = 0 with alpha in [0, 1] alpha-balanced CE.
GroupShares group_loss_shares(std::span<const ExampleGroup> groups, double gamma, double alpha);

// A loss value and its derivative with respect to the logit (or logit margin).
struct LossSlope {
    // No default (always computed).
    double value;
    // d value / dz; no default.
    double slope;
};

// BCEWithLogits applied to sigmoid(z) instead of z: the mistake of feeding probabilities
// where logits are expected. value = bce_with_logits(sigmoid(z), y) lies between
// softplus(-1) = 0.313 and log 2 for y = 1, and its slope (chain rule through the extra
// sigmoid) is sigmoid'(z) times the normal slope, so it vanishes at large |z| even when the
// prediction is confidently wrong.
LossSlope bce_with_logits_of_probability(double z, double y);

// Cross-entropy of class 0 for K logits (m, 0, ..., 0): -log softmax(z)_0 = log(1 + (K-1)
// e^-m) via log-softmax. K >= 2; m is the margin of the true class over the others.
// PyTorch: F.cross_entropy(z, 0).
double cross_entropy_margin(double m, int num_classes);

// The same when softmax is applied twice (F.cross_entropy(softmax(z), 0)): the inputs of
// the outer softmax lie in [0, 1], so the loss can never fall below
// log(e + K - 1) - 1 (1.46 for K = 10) however large the margin.
double cross_entropy_softmax_twice_margin(double m, int num_classes);

// The probability softmax gives each of `positives` true labels in a multi-label target
// when the true labels have logit +m and the other K - positives labels -m. Softmax makes
// the labels compete for one unit of mass, so this never exceeds 1 / positives; one
// sigmoid per class (the correct model) gives sigmoid(m) -> 1. 1 <= positives <= K.
double multilabel_softmax_probability(double m, int num_classes, int positives);

} // namespace losslab

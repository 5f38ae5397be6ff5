#pragma once
// Figures of the "Information" lab: two discrete distributions p and q over K outcomes (edited
// by sliders or by dragging bar heights, the other outcomes rescaled so each sums to 1), their
// entropies, cross-entropies and KL divergences in both directions; the binary case as curves
// against q; and MSE as the cross-entropy with a Gaussian (Goodfellow et al., Deep Learning,
// sec. 5.5: the Gaussian NLL is 0.5·r²/σ² plus a constant).

#include "model/params/param_registry.hpp"
#include "model/labs/figure_catalogue.hpp"
#include "plot/figure.hpp"
#include "model/labs/state_information.hpp"

#include <vector>

namespace losslab::model {

// The first `k` entries of `values` scaled to sum to 1 (uniform when they sum to 0).
std::vector<double> normalized_distribution(const ClassValues& values, int k);

// Rescales the first `k` entries so they sum to 1; true when anything changed by more than
// rounding. Keeps a distribution edited through --set or a session consistent.
bool normalize_distribution(ClassValues& values, int k);

// After entry `edited` was set (clamped to [0, 1]), rescales the other first-k entries in
// proportion so the distribution sums to 1 (evenly when they were all 0).
void rebalance_distribution(ClassValues& values, int k, int edited);

// The information quantities of p and q (nats).
struct InformationSummary {
    double entropy_p = 0.0;
    double entropy_q = 0.0;
    // H(p, q) and H(q, p).
    double cross_pq = 0.0;
    double cross_qp = 0.0;
    // KL(p ‖ q) and KL(q ‖ p).
    double kl_pq = 0.0;
    double kl_qp = 0.0;
};

// The quantities of the lab's normalised p and q (all from the core).
InformationSummary information_summary(const InformationLabState& state);

// p and q as grouped bars (p left, q right of each outcome), labelled with their values.
plot::Figure information_distributions_figure(const InformationLabState& state);

// H(p) + KL(p ‖ q) stacked beside H(p, q), and H(q) + KL(q ‖ p) beside H(q, p).
plot::Figure information_quantities_figure(const InformationLabState& state);

// Binary H(p, q), KL(p ‖ q) against q for the fixed p, with the floor H(p) and the minimum at
// q = p.
plot::Figure information_binary_figure(const InformationLabState& state);

// The Gaussian NLL of a residual r for the lab's σ (PyTorch's gaussian_nll_loss, full) beside
// 0.5·MSE/σ² + const: the same curve.
plot::Figure information_gaussian_figure(const InformationLabState& state);

// The lab's parameters, in panel order (its row of the lab table, model/labs/labs.cpp).
std::span<const ParamBinding> information_lab_params();

// The lab's exportable figures, in panel order.
std::span<const FigureInfo> information_lab_figures();

} // namespace losslab::model

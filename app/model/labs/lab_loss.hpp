#pragma once
// Figures of the "Loss vs probability" lab: the losses of one example against the
// probability of its true class (or its logit), their gradients with respect to the logit,
// and the readout of every curve at a marker.

#include "model/params/param_registry.hpp"
#include "model/labs/figure_catalogue.hpp"
#include "model/labs/curve_catalogue.hpp"
#include "plot/figure.hpp"
#include "model/labs/state_loss.hpp"

#include <string>
#include <vector>

namespace losslab::model {

// One curve of the lab, bound to the lab's parameters: as a function of p_t and of the logit
// z (a native logit form from the catalogue where one exists, else L(σ(z)) by the chain rule).
struct LossCurve {
    // Legend text with the formula and parameters, and a short name for tables.
    std::string name;
    std::string short_name;
    plot::Rgba color;
    plot::LineStyle style = plot::LineStyle::Solid;
    // x = p_t -> (L, dL/dp_t).
    CurveFn of_p;
    // x = z -> (L, dL/dz).
    CurveFn of_z;
    // The series id, the suffix of the curve's "loss.show_<id>" toggle ("ce", "focal").
    std::string id;
    // Whether its toggle is on.
    bool shown = true;
    // For drawing against z: L and dL/dz for many z at once through the core's batched
    // kernels (within 2 ulp of of_z), each computing only what is drawn; empty when the
    // curve has no batched kernel (of_z is sampled instead).
    CurveBatchFn z_values = {};
    CurveBatchFn z_gradients = {};
};

// The curves of the lab in legend order: the shown ones, or every one (`include_hidden`,
// `shown` telling which are on).
std::vector<LossCurve> loss_curves(const LossLabState& state, bool include_hidden = false);

// The loss curves against p_t (0..1, loss 0..5) or z (-10..10, loss 0..10), with the marker
// and the smoothed CE's minimum (p = 1 − ε + ε/K: the entropy floor) marked. Each curve's
// series id is its toggle's (LossCurve::id); with `include_hidden` the curves whose toggle is
// off are there too, not visible (the window's legend lists them, a click shows them).
plot::Figure loss_vs_probability_figure(const LossLabState& state, bool include_hidden = false);

// dL/dz of the same curves (p − y for CE against the focal gradient), against the same x.
// `include_hidden` as above.
plot::Figure loss_gradient_figure(const LossLabState& state, bool include_hidden = false);

// One row of the marker readout.
struct LossReadout {
    // The curve's short name ("focal").
    std::string name;
    plot::Rgba color;
    // L and dL/dz at the marker.
    double value = 0.0;
    double dloss_dz = 0.0;
};

// Every visible curve's value and logit gradient at the marker.
std::vector<LossReadout> loss_readout(const LossLabState& state);

// The marker's position on the current x axis (p_t, or its logit).
double loss_marker_x(const LossLabState& state);

// The marker p_t for a position on the current x axis, clamped to the marker's range.
double loss_marker_from_x(const LossLabState& state, double x);

// The lab's parameters, in panel order (its row of the lab table, model/labs/labs.cpp).
std::span<const ParamBinding> loss_lab_params();

// The lab's exportable figures, in panel order.
std::span<const FigureInfo> loss_lab_figures();

} // namespace losslab::model

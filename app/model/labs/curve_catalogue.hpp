#pragma once
// The curve catalogue: every one-variable loss curve LossLab draws, with its x variable, its
// domain and its parameters, and an evaluator that returns the value and the derivative from
// the core. `losslab curve` prints these numbers and the labs build their plotted series from
// the same evaluators, so a hover readout equals the command-line output bit for bit.

#include "losslab/result.hpp"
#include "model/params/param_spec.hpp"

#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace losslab::model {

// One curve: a loss as a function of one variable x, with the other inputs as parameters.
struct CurveInfo {
    // The name used by `losslab curve NAME`: "focal-logits". No default.
    std::string_view name;
    // The x variable's symbol: "p", "z", "r", "q", "x". No default.
    std::string_view x_var;
    // What x is, in words: "p, the probability of the true class".
    std::string_view x_help;
    // Smallest allowed x (inclusive); -infinity when unbounded.
    double x_min = 0.0;
    // Largest allowed x (inclusive); +infinity when unbounded.
    double x_max = 1.0;
    // The curve's parameters, in listing order; each key is a flag ("pos_weight" ->
    // "--pos-weight", see curve_flag()).
    std::vector<const ParamSpec*> params;
    // One line: the formula and its PyTorch counterpart.
    std::string_view help;
    // A rule that narrows the x domain by a parameter, stated next to the range in --list:
    // "x >= 0 with log-input false". Default none.
    std::string_view x_rule = {};
};

// A point of a curve: the loss and its derivative with respect to x.
struct CurvePoint {
    double value = 0.0;
    double derivative = 0.0;
};

// A curve with its parameters bound: x -> (value, d value / dx). x must lie in the curve's
// domain [x_min, x_max] (check with check_curve_x); cheap to copy, thread-safe to call.
using CurveFn = std::function<CurvePoint(double x)>;

// Parameter values by ParamSpec key ("gamma", "pos_weight", "K"); Choice and Toggle values
// are their numeric value (choice index, 0/1).
using CurveParams = std::map<std::string, double>;

// Every curve, in listing order.
std::span<const CurveInfo> curve_catalogue();

// The curve called `name`, or nullptr.
const CurveInfo* find_curve(std::string_view name);

// The command-line flag of a parameter key: "--" + key with '_' turned into '-'
// ("pos_weight" -> "--pos-weight", "K" -> "--K"). The one place that spells this rule.
std::string curve_flag(std::string_view key);

// The spec of `curve`'s parameter `key`, or nullptr when the curve has no such parameter.
const ParamSpec* find_curve_param(const CurveInfo& curve, std::string_view key);

// Binds `params` to the curve: missing keys take the spec's default, each given value is
// validated (the error names the flag and its allowed range), unknown keys are refused with
// the list of the curve's accepted flags.
Result<CurveFn> make_curve(const CurveInfo& curve, const CurveParams& params);

// The same, by curve name; an unknown name is refused with the list of curves.
Result<CurveFn> make_curve(std::string_view name, const CurveParams& params);

// A curve evaluated for a whole batch of x at once: y[i] = value (or derivative) at x[i].
using CurveBatchFn = std::function<void(std::span<const double> x, std::span<double> y)>;

// For drawing: the curve's value (or, with `derivative`, its derivative) through the core's
// batched SIMD kernels, which are within 2 ulp of the scalar path (a pixel needs far less),
// for the curves that have such kernels (bce-logits, focal-logits); empty for the others and
// for parameters make_curve would refuse. `losslab curve`, readouts and CSV files keep the
// faithfully rounded CurveFn.
CurveBatchFn make_curve_batch(std::string_view name, const CurveParams& params, bool derivative);

// Checks that x is finite and lies in the curve's domain [x_min, x_max]; the error names the
// curve's x variable and its range.
Status check_curve_x(const CurveInfo& curve, double x);

// The same with the curve's parameters, for domains that depend on them (poisson-nll with
// log_input off takes a rate x >= 0). Missing parameters take their defaults.
Status check_curve_x(const CurveInfo& curve, const CurveParams& params, double x);

// The parameters with defaults filled in (what make_curve used), for printing.
CurveParams resolved_curve_params(const CurveInfo& curve, const CurveParams& params);

// One `losslab curve --list` line: "name  x=p in [0, 1]  params: gamma [0, 10] default 2, ...";
// whole-number parameters say "whole number", and cross-parameter rules (ParamSpec::rule,
// CurveInfo::x_rule) follow the range they narrow.
std::string curve_list_line(const CurveInfo& curve);

} // namespace losslab::model

#pragma once
// The "PyTorch losses" lab: a criterion of model/tensors/criteria.hpp (the code behind `losslab loss`)
// applied to a small editable batch. Per-example losses, the reduction spelled out as
// arithmetic, the gradient with respect to the logits, presets for the notes' six PyTorch
// examples and the softmax-for-multi-label pitfall, and a runnable PyTorch snippet.

#include "model/params/param_registry.hpp"
#include "model/labs/figure_catalogue.hpp"
#include "model/tensors/criteria.hpp"
#include "model/labs/state_pytorch.hpp"
#include "plot/figure.hpp"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace losslab::model {

// Whether the lab's targets are class indices (cross_entropy with "class index", nll_loss).
bool pytorch_class_index_targets(const PytorchLabState& state);

// Whether the rows are laid out as the pixels of one image (1, K, N) (cross_entropy, nll_loss).
bool pytorch_pixel_rows(const PytorchLabState& state);

// The full keys ("pytorch.beta") of the options the batch criterion takes, in panel order.
std::vector<std::string_view> pytorch_option_keys(const PytorchLabState& state);

// The full keys of the options of catalogue criterion `criterion`, in panel order.
std::vector<std::string_view> catalogue_option_keys(std::string_view criterion);

// Resizes the batch vectors to rows x classes, keeping each (row, class) value that still
// fits; new logits and targets are 0, new weights 1, new class indices 0.
void conform_batch(PytorchLabState& state);

// The criterion call the lab makes (float64 tensors, int64 class indices), with `reduction`
// ("none", "mean" or "sum") in place of the state's.
CriterionCall pytorch_call(const PytorchLabState& state, std::string_view reduction);

// Everything the lab shows, computed by evaluate_criterion.
struct PytorchBatchResult {
    // Per-element losses (reduction none), flattened; for BCE rows x classes, else rows.
    std::vector<double> elements;
    // One loss per row: the element itself, or the row's sum over K for BCE.
    std::vector<double> per_row;
    // Whether each row is ignored (its class index equals ignore_index).
    std::vector<bool> ignored;
    // The sum of the elements and the mean's denominator (Σ w[yᵢ] over rows not ignored, N
    // for probability targets, N·K for BCE).
    double sum = 0.0;
    double denominator = 0.0;
    // The value with the state's reduction (for none: the sum of the elements).
    double value = 0.0;
    // d value / d logits (none: of the sum), rows x classes; for nll_loss and
    // binary_cross_entropy chained through log_softmax / sigmoid.
    std::vector<double> grad;
    // d value / d (the criterion's first tensor) in its layout: what `losslab loss --grad`
    // writes (log-probabilities for nll_loss, probabilities for binary_cross_entropy).
    std::vector<double> input_grad;
};

// Evaluates the lab's criterion on its batch; the error is evaluate_criterion's.
Result<PytorchBatchResult> evaluate_pytorch_batch(const PytorchLabState& state);

// The reduction as one line of arithmetic: "mean = 4.1 / 3 = 1.37 (Σ w[yᵢ] over 3 rows ...)".
std::string pytorch_reduction_text(const PytorchLabState& state, const PytorchBatchResult& r);

// A runnable Python script (torch, float64) that builds the same tensors, calls the same
// criterion and prints "loss" and "grad" lines with every digit.
std::string pytorch_snippet(const PytorchLabState& state);

// One preset: a name for the button and what it teaches.
struct PytorchPreset {
    std::string_view key;
    std::string_view title;
    std::string_view note;
};

// The presets: the notes' six examples (binary, pos_weight, multiclass, label smoothing,
// per-pixel with ignore_index, multi-label) and the softmax-for-multi-label pitfall.
std::span<const PytorchPreset> pytorch_presets();

// The state of preset `key` (defaults for any unknown key).
PytorchLabState pytorch_preset(std::string_view key);

// Per-example losses as bars on a categorical axis ("example 0" ...); ignored rows grey.
plot::Figure pytorch_losses_figure(const PytorchLabState& state);

// d loss / d logits as a grid of markers (x = class, y = example), labelled with the values.
plot::Figure pytorch_gradient_figure(const PytorchLabState& state);

// The chain of the notes' table for one logit: z (−∞, ∞) → odds e^z (0, ∞) → p = σ(z) =
// odds / (1 + odds) (0, 1) → log p (−∞, 0) → NLL −log p (0, ∞), as five curves against z with
// one marker on each at the batch's first logit (drag logit z0 of row 0 to move it).
plot::Figure logit_odds_chain_figure(const PytorchLabState& state);

// The lab's parameters, in panel order (its row of the lab table, model/labs/labs.cpp).
std::span<const ParamBinding> pytorch_lab_params();

// The lab's exportable figures, in panel order.
std::span<const FigureInfo> pytorch_lab_figures();

} // namespace losslab::model

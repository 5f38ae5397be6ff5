#pragma once
// The state of the "PyTorch losses" lab: a small batch (logits, targets, class weights) and
// the options of the criterion applied to it. The knobs are declared below, once each; the
// batch itself is data (edited in the panel, set by the presets of model/labs/lab_pytorch.hpp).

#include "model/params/params.hpp"

#include <array>
#include <string_view>
#include <vector>

namespace losslab::model {

namespace params {

inline constexpr std::array<std::string_view, 2> kPytorchCriterionChoices{
    "cross_entropy", "binary_cross_entropy_with_logits"};

// Which torch.nn.functional criterion is applied to the batch.
inline constexpr ParamSpec kPytorchCriterion{
    .key = "criterion",
    .label = "criterion",
    .help = "cross_entropy: softmax over the K classes of each row; "
            "binary_cross_entropy_with_logits: K independent sigmoids per row",
    .kind = ParamKind::Choice,
    .min = 0.0,
    .max = 1.0,
    .def = 0.0,
    .choices = kPytorchCriterionChoices,
};

inline constexpr std::array<std::string_view, 3> kPytorchReductionChoices{"none", "mean", "sum"};

// PyTorch's `reduction` argument.
inline constexpr ParamSpec kPytorchReduction{
    .key = "reduction",
    .label = "reduction",
    .help = "none: one loss per element; sum: their sum; mean: the sum over a denominator "
            "(the sum of w[yᵢ] over rows not ignored, for class-index targets)",
    .kind = ParamKind::Choice,
    .min = 0.0,
    .max = 2.0,
    .def = 1.0,
    .choices = kPytorchReductionChoices,
};

inline constexpr std::array<std::string_view, 3> kPytorchTargetChoices{
    "class index", "probabilities", "multi-hot"};

// How the targets are given.
inline constexpr ParamSpec kPytorchTarget{
    .key = "target",
    .label = "target",
    .help = "class index: one int per row (cross_entropy only); probabilities: a soft row; "
            "multi-hot: 0/1 per class (several classes may be on)",
    .kind = ParamKind::Choice,
    .min = 0.0,
    .max = 2.0,
    .def = 0.0,
    .choices = kPytorchTargetChoices,
};

// Rows of the batch (examples, or pixels of one image).
inline constexpr ParamSpec kPytorchRows{
    .key = "N",
    .label = "N (rows)",
    .help = "Examples in the batch (pixels of one image when 'per pixel' is on)",
    .kind = ParamKind::Integer,
    .min = 1.0,
    .max = 16.0,
    .def = 4.0,
    .format = "%.0f",
};

// Classes (outputs per row).
inline constexpr ParamSpec kPytorchClasses{
    .key = "K",
    .label = "K (classes)",
    .help = "Logits per row: classes of cross_entropy, independent labels of BCE",
    .kind = ParamKind::Integer,
    .min = 1.0,
    .max = 10.0,
    .def = 5.0,
    .format = "%.0f",
};

// Whether the rows are the pixels of one image: input (1, K, N) as in segmentation.
inline constexpr ParamSpec kPytorchPixels{
    .key = "pixels",
    .label = "per pixel (1, K, N)",
    .help = "Lay the batch out as one image of N pixels, input (1, K, N) and target (1, N), "
            "as a segmentation loss sees it",
    .kind = ParamKind::Toggle,
    .def = 0.0,
};

// cross_entropy's label_smoothing.
inline constexpr ParamSpec kPytorchLabelSmoothing{
    .key = "label_smoothing",
    .label = "label_smoothing",
    .help = "cross_entropy: the target becomes (1 − ε)·y + ε/K",
    .min = 0.0,
    .max = 1.0,
    .def = 0.0,
    .format = "%.3f",
};

// cross_entropy's ignore_index.
inline constexpr ParamSpec kPytorchIgnoreIndex{
    .key = "ignore_index",
    .label = "ignore_index",
    .help = "Rows whose class index equals this value add nothing, to the sum or to the "
            "mean's denominator (class-index targets only)",
    .kind = ParamKind::Integer,
    .min = -100.0,
    .max = 9.0,
    .def = -100.0,
    .format = "%.0f",
};

// Whether the per-class `weight` tensor is passed.
inline constexpr ParamSpec kPytorchUseWeight{
    .key = "use_weight",
    .label = "class weights (weight=)",
    .help = "Pass the per-class weight tensor: the mean then divides by Σ w[yᵢ], not by N",
    .kind = ParamKind::Toggle,
    .def = 0.0,
};

// BCEWithLogits pos_weight, one value broadcast over the K outputs.
inline constexpr ParamSpec kPytorchPosWeight{
    .key = "pos_weight",
    .label = "pos_weight",
    .help = "binary_cross_entropy_with_logits: multiplies the positive term −y·log σ(z) "
            "(1 = not passed)",
    .min = 0.01,
    .max = 100.0,
    .def = 1.0,
    .scale = ParamScale::Log,
    .format = "%.3g",
};

} // namespace params

struct PytorchLabState {
    // Default: cross_entropy.
    int criterion = int(params::kPytorchCriterion.def);
    // Default: mean.
    int reduction = int(params::kPytorchReduction.def);
    // Default: class index.
    int target = int(params::kPytorchTarget.def);
    // Default: the notes' multiclass example, 4 rows of 5 classes.
    int rows = int(params::kPytorchRows.def);
    int classes = int(params::kPytorchClasses.def);
    bool pixels = params::kPytorchPixels.def != 0.0;
    double label_smoothing = params::kPytorchLabelSmoothing.def;
    int ignore_index = int(params::kPytorchIgnoreIndex.def);
    bool use_weight = params::kPytorchUseWeight.def != 0.0;
    double pos_weight = params::kPytorchPosWeight.def;
    // Logits, row-major rows x classes (model::conform_batch resizes it to the knobs).
    std::vector<double> logits{1.1,  -0.31, 2.14, -1.69, -0.18, -0.31, -2.03, 0.56, -0.31, 1.02,
                               -0.43, 1.08, 0.33, -1.35, -1.91, 1.0,   1.18,  -0.4, 3.9,   1.11};
    // Class index of each row (may equal ignore_index).
    std::vector<int> labels{0, 3, 1, 4};
    // Soft or multi-hot targets, row-major rows x classes.
    std::vector<double> soft{1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1};
    // Per-class weights (used when use_weight is on).
    std::vector<double> weight{1, 1, 1, 1, 1};
    bool operator==(const PytorchLabState&) const = default;
};

} // namespace losslab::model

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

// The lab's views, in tab order (value = index): the editable batch, the catalogue of every
// criterion as curves (and the CTC lattice), the two pipelines of the notes.
inline constexpr std::array<std::string_view, 3> kPytorchViewNames{"batch", "catalogue",
                                                                   "pipelines"};

// Which view the lab shows: its tab bar is this parameter's widget.
inline constexpr ParamSpec kPytorchView{
    .key = "view",
    .label = "View",
    .help = "batch: a criterion on your own small batch; catalogue: every criterion of "
            "`losslab loss` as loss and gradient curves; pipelines: LogSoftmax + NLLLoss and "
            "Sigmoid + BCELoss against their fused, stable forms",
    .kind = ParamKind::Choice,
    .min = 0.0,
    .max = 2.0,
    .def = 0.0,
    .choices = kPytorchViewNames,
};

// The batch criteria, in picker order (the first two keep the values sessions saved before
// the others existed).
inline constexpr std::array<std::string_view, 5> kPytorchCriterionChoices{
    "cross_entropy", "binary_cross_entropy_with_logits", "nll_loss", "binary_cross_entropy",
    "sigmoid_focal_loss"};

// Which criterion is applied to the batch.
inline constexpr ParamSpec kPytorchCriterion{
    .key = "criterion",
    .label = "criterion",
    .help = "cross_entropy: softmax over the K classes of each row; nll_loss: the same on "
            "log_softmax(z); binary_cross_entropy_with_logits: K independent sigmoids per row; "
            "binary_cross_entropy: the same on sigmoid(z); sigmoid_focal_loss: torchvision's "
            "focal loss of the K logits",
    .kind = ParamKind::Choice,
    .min = 0.0,
    .max = 4.0,
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

// [SECTION] The catalogue view: one curve figure per criterion of `losslab loss`

// The criteria of the catalogue, in `losslab loss`'s order (figure catalogue-<name with
// dashes>).
inline constexpr std::array<std::string_view, 19> kCatalogueCriteria{
    "cross_entropy",        "nll_loss",           "binary_cross_entropy",
    "binary_cross_entropy_with_logits",           "kl_div",
    "l1_loss",              "mse_loss",           "smooth_l1_loss",
    "huber_loss",           "poisson_nll_loss",   "gaussian_nll_loss",
    "hinge_embedding_loss", "cosine_embedding_loss", "multilabel_margin_loss",
    "soft_margin_loss",     "triplet_margin_loss", "margin_ranking_loss",
    "ctc_loss",             "sigmoid_focal_loss"};

// The criterion the catalogue view shows.
inline constexpr ParamSpec kCatalogueCriterion{
    .key = "catalogue",
    .label = "criterion",
    .help = "The criterion whose loss and gradient the catalogue view draws against its "
            "natural variable (ctc_loss: the alignment lattice)",
    .kind = ParamKind::Choice,
    .min = 0.0,
    .max = 18.0,
    .def = 7.0,
    .choices = kCatalogueCriteria,
};

// kl_div's target probability t of the first of two outcomes.
inline constexpr ParamSpec kCatalogueKlTarget{
    .key = "kl_target",
    .label = "target t",
    .help = "kl_div: the target distribution is (t, 1 − t); the input is (log q, log(1 − q))",
    .min = 0.0,
    .max = 1.0,
    .def = 0.3,
    .format = "%.3f",
};

// kl_div's log_target.
inline constexpr ParamSpec kCatalogueLogTarget{
    .key = "log_target",
    .label = "log_target",
    .help = "kl_div: the target is passed as log t (same loss, no log 0 for t = 0)",
    .kind = ParamKind::Toggle,
    .max = 1.0,
    .def = 0.0,
};

// poisson_nll_loss's observed count (its `target`).
inline constexpr ParamSpec kCataloguePoissonCount{
    .key = "count",
    .label = "k (count, target)",
    .help = "poisson_nll_loss: the observed count the rate is scored against",
    .min = 0.0,
    .max = 100.0,
    .def = 3.0,
    .format = "%.2f",
};

// hinge_embedding_loss's margin.
inline constexpr ParamSpec kCatalogueHingeMargin{
    .key = "hinge_margin",
    .label = "margin (hinge)",
    .help = "hinge_embedding_loss: a dissimilar pair closer than this is penalised",
    .min = -5.0,
    .max = 5.0,
    .def = 1.0,
    .format = "%.2f",
};

// cosine_embedding_loss's margin.
inline constexpr ParamSpec kCatalogueCosineMargin{
    .key = "cosine_margin",
    .label = "margin (cosine)",
    .help = "cosine_embedding_loss: a dissimilar pair with a cosine above this is penalised",
    .min = -1.0,
    .max = 1.0,
    .def = 0.0,
    .format = "%.2f",
};

// margin_ranking_loss's margin.
inline constexpr ParamSpec kCatalogueRankingMargin{
    .key = "ranking_margin",
    .label = "margin (ranking)",
    .help = "margin_ranking_loss: the lead the preferred input needs for a zero loss",
    .min = -5.0,
    .max = 5.0,
    .def = 0.5,
    .format = "%.2f",
};

// triplet_margin_loss's margin.
inline constexpr ParamSpec kCatalogueTripletMargin{
    .key = "triplet_margin",
    .label = "margin (triplet)",
    .help = "triplet_margin_loss: the gap wanted between d(a, n) and d(a, p)",
    .min = 0.0,
    .max = 5.0,
    .def = 1.0,
    .format = "%.2f",
};

// triplet_margin_loss's p (the norm degree of the distances).
inline constexpr ParamSpec kCatalogueTripletP{
    .key = "p",
    .label = "p (norm degree)",
    .help = "triplet_margin_loss: distances are p-norms; along the diagonal the figure uses "
            "they scale by 2^(1/p) / √2",
    .min = 0.5,
    .max = 20.0,
    .def = 2.0,
    .scale = ParamScale::Log,
    .format = "%.2f",
};

// triplet_margin_loss's swap.
inline constexpr ParamSpec kCatalogueTripletSwap{
    .key = "swap",
    .label = "swap",
    .help = "triplet_margin_loss: use min(d(a, n), d(p, n)) as the negative distance",
    .kind = ParamKind::Toggle,
    .max = 1.0,
    .def = 0.0,
};

// The target y of the binary criteria's curves (BCE, BCE with logits, focal).
inline constexpr ParamSpec kCatalogueTargetY{
    .key = "y",
    .label = "y (target)",
    .help = "binary_cross_entropy(_with_logits), sigmoid_focal_loss: the target of the "
            "positive class (0, 1 or a soft label)",
    .min = 0.0,
    .max = 1.0,
    .def = 1.0,
    .format = "%.2f",
};

inline constexpr std::array<std::string_view, 2> kCtcTargetChoices{"cat", "too"};

// The CTC lattice's target word.
inline constexpr ParamSpec kCtcTarget{
    .key = "ctc_target",
    .label = "CTC target",
    .help = "cat: three different labels; too: a repeated label, which needs a blank between "
            "its two o's (one more frame)",
    .kind = ParamKind::Choice,
    .max = 1.0,
    .def = 0.0,
    .choices = kCtcTargetChoices,
};

// The CTC lattice's number of frames T.
inline constexpr ParamSpec kCtcFrames{
    .key = "ctc_frames",
    .label = "T (frames)",
    .help = "Input length; below the target's minimum (3 for cat, 4 for too) no alignment "
            "exists and the loss is inf",
    .kind = ParamKind::Integer,
    .min = 1.0,
    .max = 12.0,
    .def = 8.0,
    .format = "%.0f",
};

// The seed of the CTC lattice's random logits.
inline constexpr ParamSpec kCtcSeed{
    .key = "ctc_seed",
    .label = "seed",
    .help = "Seed of the noise added to the frame logits",
    .kind = ParamKind::Integer,
    .min = 0.0,
    .max = 999.0,
    .def = 1.0,
    .format = "%.0f",
};

// How strongly the CTC lattice's logits favour one planned alignment.
inline constexpr ParamSpec kCtcSharpness{
    .key = "ctc_sharpness",
    .label = "sharpness",
    .help = "Logit added to the planned label of each frame (0: pure noise)",
    .min = 0.0,
    .max = 10.0,
    .def = 3.0,
    .format = "%.2f",
};

// ctc_loss's zero_infinity.
inline constexpr ParamSpec kCtcZeroInfinity{
    .key = "zero_infinity",
    .label = "zero_infinity",
    .help = "ctc_loss: an impossible alignment (T too short) gives 0 (and gradient 0) "
            "instead of inf",
    .kind = ParamKind::Toggle,
    .max = 1.0,
    .def = 0.0,
};

// The target of the Sigmoid + BCELoss pipeline figure.
inline constexpr ParamSpec kPipelineTarget{
    .key = "pipeline_y",
    .label = "y (BCE pipeline)",
    .help = "Target of the Sigmoid + BCELoss pipeline: 0 shows the 15.9 and 100 plateaus of "
            "float32, 1 the loss rounding to 0",
    .kind = ParamKind::Integer,
    .min = 0.0,
    .max = 1.0,
    .def = 0.0,
    .format = "%.0f",
};

} // namespace params

struct PytorchLabState {
    // Default: batch.
    int view = int(params::kPytorchView.def);
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
    // sigmoid_focal_loss's alpha and gamma (batch and catalogue). Defaults 0.25 and 2.
    double alpha = params::kFocalAlpha.def;
    double gamma = params::kFocalGamma.def;
    // The catalogue view: its criterion (default smooth_l1_loss) and the options of each.
    int catalogue = int(params::kCatalogueCriterion.def);
    double y = params::kCatalogueTargetY.def;
    double kl_target = params::kCatalogueKlTarget.def;
    bool log_target = params::kCatalogueLogTarget.def != 0.0;
    double beta = params::kSmoothL1Beta.def;
    double delta = params::kHuberDelta.def;
    double count = params::kCataloguePoissonCount.def;
    bool log_input = params::kPoissonLogInput.def != 0.0;
    bool full = params::kNllFull.def != 0.0;
    double var = params::kGaussianVar.def;
    double hinge_margin = params::kCatalogueHingeMargin.def;
    double cosine_margin = params::kCatalogueCosineMargin.def;
    double ranking_margin = params::kCatalogueRankingMargin.def;
    double triplet_margin = params::kCatalogueTripletMargin.def;
    double p = params::kCatalogueTripletP.def;
    bool swap = params::kCatalogueTripletSwap.def != 0.0;
    // The CTC lattice: target word, frames, noise seed, sharpness, zero_infinity.
    int ctc_target = int(params::kCtcTarget.def);
    int ctc_frames = int(params::kCtcFrames.def);
    int ctc_seed = int(params::kCtcSeed.def);
    double ctc_sharpness = params::kCtcSharpness.def;
    bool zero_infinity = params::kCtcZeroInfinity.def != 0.0;
    // The Sigmoid + BCELoss pipeline's target (0 or 1).
    int pipeline_y = int(params::kPipelineTarget.def);
    bool operator==(const PytorchLabState&) const = default;
};

} // namespace losslab::model

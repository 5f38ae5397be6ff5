#pragma once
// Calibration of a classifier: reliability-diagram bins, expected calibration error (ECE),
// the NLL of temperature-scaled logits and the temperature that minimises it, plus two
// seeded simulations for the calibration lab (a synthetic classifier whose over- or
// under-confidence is a knob, and a training run whose validation loss rises while its
// validation accuracy rises).
//
// Sources: Guo, Pleiss, Sun, Weinberger, "On Calibration of Modern Neural Networks" (ICML
// 2017): ECE eq. 3 with M equal-width bins, temperature scaling section 4.2. Naeini et al.
// (AAAI 2015) for ECE. PyTorch counterpart of the NLL: F.cross_entropy(logits / T, labels).
//
// Layouts: `logits` is N x K row-major (example-major), `labels` holds N class indices in
// [0, K). `correct` holds N flags, nonzero meaning the prediction was right.
//
// [SECTION] Reliability bins and ECE
// [SECTION] Top-label predictions
// [SECTION] Temperature scaling
// [SECTION] Synthetic classifier
// [SECTION] Simulated training run
// [SECTION] Metrics of a model's outputs (N x K logits or probabilities, float32/float64)

#include "losslab/result.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <variant>
#include <vector>

namespace losslab {

//-----------------------------------------------------------------------------------------
// [SECTION] Reliability bins and ECE
//-----------------------------------------------------------------------------------------

// One bin of a reliability diagram.
struct ReliabilityBin {
    // Left edge b/M; default 0. Exclusive, except that bin 0 also takes confidence exactly 0.
    double lower = 0.0;
    // Right edge (b+1)/M, inclusive; default 0.
    double upper = 0.0;
    // Number of examples whose confidence falls in (lower, upper]; default 0.
    std::size_t count = 0;
    // Mean confidence of those examples; default 0 (also for an empty bin).
    double mean_confidence = 0.0;
    // Fraction of those examples predicted correctly; default 0 (also for an empty bin).
    double accuracy = 0.0;
};

// Bins the predictions into `num_bins` equal-width bins of [0, 1]. Bin b covers
// (b/M, (b+1)/M] with the edges computed as exactly b/M in double (the convention of Guo et
// al.'s reference code: `conf > lower and conf <= upper`); confidence 0 goes to bin 0.
// Errors: empty input, sizes differing, num_bins < 1, a confidence outside [0, 1] or NaN.
Result<std::vector<ReliabilityBin>> reliability_bins(std::span<const double> confidence,
                                                     std::span<const int> correct,
                                                     int num_bins = 15);

// ECE = sum over bins of (n_b / N) |accuracy_b - mean_confidence_b|, in [0, 1]; 0 when every
// bin's accuracy equals its mean confidence. Same binning and errors as reliability_bins.
Result<double> expected_calibration_error(std::span<const double> confidence,
                                          std::span<const int> correct, int num_bins = 15);

// ECE from bins already computed (empty bins contribute nothing; no bins gives 0).
double expected_calibration_error_of_bins(std::span<const ReliabilityBin> bins);

//-----------------------------------------------------------------------------------------
// [SECTION] Top-label predictions
//-----------------------------------------------------------------------------------------

// What a classifier predicts for each example at a given temperature.
struct TopLabelPredictions {
    // Per example: max_k softmax(logits / T)_k, in [1/K, 1]; default empty.
    std::vector<double> confidence;
    // Per example: the arg max (the first index on ties, as numpy/torch); default empty.
    std::vector<int> predicted;
    // Per example: 1 when predicted == label, else 0; default empty.
    std::vector<int> correct;
};

// Softmax confidence, predicted class and correctness of N x K logits at temperature T.
// The predicted class does not depend on T (scaling by 1/T > 0 keeps the order).
// Errors: empty input, logits.size() != N K, a label outside [0, K), T not finite and > 0.
Result<TopLabelPredictions> top_label_predictions(std::span<const double> logits,
                                                  std::size_t num_classes,
                                                  std::span<const int> labels,
                                                  double temperature = 1.0);

// Fraction of examples whose arg max logit equals the label, in [0, 1]. Same errors as
// top_label_predictions.
Result<double> accuracy(std::span<const double> logits, std::size_t num_classes,
                        std::span<const int> labels);

//-----------------------------------------------------------------------------------------
// [SECTION] Temperature scaling
//-----------------------------------------------------------------------------------------

// Mean negative log-likelihood of the labels under softmax(logits / T):
// (1/N) sum_i [logsumexp(z_i / T) - z_{i,y_i} / T], >= 0. Stable for any finite logits.
// Errors as top_label_predictions. PyTorch: F.cross_entropy(logits / T, labels).
Result<double> temperature_scaled_nll(std::span<const double> logits, std::size_t num_classes,
                                      std::span<const int> labels, double temperature);

// d NLL / d T in closed form: (1/N) sum_i (z_{i,y_i} - E_{p_i}[z_i]) / T^2, where p_i is
// softmax(z_i / T). Same errors.
Result<double> temperature_scaled_nll_grad(std::span<const double> logits,
                                           std::size_t num_classes,
                                           std::span<const int> labels, double temperature);

// The part of N x K logits that does not depend on the temperature, computed once so that
// scoring at a new T is one pass over the logits (an interactive temperature slider).
struct PreparedLogits {
    // K; default 0.
    std::size_t num_classes = 0;
    // Row-major N x K: z_ik - max_k z_ik, all <= 0 (the row's arg max is 0); default empty.
    std::vector<double> shifted;
    // Per example: max_k z_k - z_y >= 0, the label's distance below the top logit.
    std::vector<double> label_margin;
    // Per example: the arg max (first on ties) and whether it equals the label.
    std::vector<int> predicted;
    std::vector<int> correct;
};

// Validates N x K logits and labels once and keeps what every temperature shares.
// Errors as top_label_predictions (without the temperature).
Result<PreparedLogits> prepare_logits(std::span<const double> logits, std::size_t num_classes,
                                      std::span<const int> labels);

// Top-label predictions and the mean NLL at one temperature.
struct TemperatureScores {
    // The temperature T; default 1.
    double temperature = 1.0;
    // temperature_scaled_nll at T (the same numbers, bit for bit); default 0.
    double nll = 0.0;
    // As top_label_predictions at T (the same arithmetic: equal bit for bit); default empty.
    TopLabelPredictions predictions;
};

// Confidence, correctness and mean NLL at temperature T in one pass of N K exponentials:
// per row s = sum_k exp((z_k - max z) / T), confidence 1 / s, NLL (max z - z_y) / T + log s.
// Errors: T not finite and > 0.
Result<TemperatureScores> scores_at_temperature(const PreparedLogits& prepared,
                                                double temperature);

// Controls of fit_temperature.
struct TemperatureFitParams {
    // Stop when the last step changed T by at most this relative amount; default 1e-10.
    double rel_tol = 1e-10;
    // Give up after this many Newton/bisection steps; default 200.
    int max_iterations = 200;
};

// The outcome of fit_temperature.
struct TemperatureFit {
    // The NLL-minimising temperature T* > 0; default 1.
    double temperature = 1.0;
    // temperature_scaled_nll at T*; default 0.
    double nll = 0.0;
    // temperature_scaled_nll at T = 1, for comparison; default 0.
    double nll_at_one = 0.0;
    // Steps taken (bracketing plus Newton/bisection); default 0.
    int iterations = 0;
};

// The temperature minimising temperature_scaled_nll, by safeguarded Newton on b = 1/T: the
// NLL is convex in b (log-sum-exp of b z is convex, minus a linear term), its derivative is
// mean(E_p[z] - z_y) and its second derivative mean(Var_p[z]), so a bracketed Newton
// iteration converges quadratically and cannot diverge. Converges to rel_tol in T.
// Errors (besides the input errors of temperature_scaled_nll): no minimum at a finite T > 0,
// i.e. the logits are no better than uniform (the minimum is at T = inf or b <= 0), or
// every example is right with a margin (the NLL keeps falling as T -> 0).
Result<TemperatureFit> fit_temperature(std::span<const double> logits, std::size_t num_classes,
                                       std::span<const int> labels,
                                       TemperatureFitParams params = {});

//-----------------------------------------------------------------------------------------
// [SECTION] Synthetic classifier
//-----------------------------------------------------------------------------------------

// Parameters of make_synthetic_classifier.
struct SyntheticClassifierParams {
    // Number of examples N; default 1000. Must be >= 1.
    std::size_t num_examples = 1000;
    // Number of classes K; default 10. Must be >= 2.
    std::size_t num_classes = 10;
    // Default 1 (calibrated). The logits are confidence * log p_true, so > 1 is
    // over-confident, < 1 under-confident, and the NLL-optimal temperature is about this
    // value. Must be finite and > 0.
    double confidence = 1.0;
    // Default 2: standard deviation of the latent true logits; larger separates the classes
    // more (higher accuracy). Must be finite and >= 0.
    double separation = 2.0;
    // Default 1: the PRNG seed; equal seeds give equal datasets.
    std::uint64_t seed = 1;
};

// A synthetic labelled set of logits.
struct SyntheticClassifier {
    // K; default 0.
    std::size_t num_classes = 0;
    // N x K row-major logits; default empty.
    std::vector<double> logits;
    // N labels drawn from the true class probabilities; default empty.
    std::vector<int> labels;
    // N values: the true probability that the predicted (arg max) class is right; default
    // empty. A calibrated model's confidence equals this value.
    std::vector<double> correct_probability;
};

// Draws N examples: latent u ~ separation * Normal(0, 1)^K, p_true = softmax(u), label ~
// p_true, logits = confidence * log p_true. Deterministic for a seed: the random stream is
// xoshiro256** (Blackman and Vigna, public domain definition) seeded through splitmix64,
// uniforms are the top 53 bits, normals come from Box-Muller (so bit-identical across
// platforms whose libm log/cos/sin agree). Errors on the parameter ranges stated above.
Result<SyntheticClassifier> make_synthetic_classifier(const SyntheticClassifierParams& params);

//-----------------------------------------------------------------------------------------
// [SECTION] Simulated training run
//-----------------------------------------------------------------------------------------

// Parameters of simulate_training_run.
struct TrainingRunParams {
    // Validation examples; default 500. Must be >= 1.
    std::size_t num_examples = 500;
    // Classes; default 10. Must be >= 2.
    std::size_t num_classes = 10;
    // Epochs simulated; default 40. Must be >= 1.
    int epochs = 40;
    // Default 0.06: fraction of examples the model never learns and instead memorises a wrong
    // class ever more confidently. In [0, 1].
    double stubborn_fraction = 0.06;
    // Default 0.35: growth per epoch of the logit scale (1 + growth * epoch), the
    // over-confidence that makes the stubborn mistakes ever more expensive. Must be >= 0.
    double scale_growth = 0.35;
    // Default 8: mean epoch at which an ordinary example is learned (exponentially
    // distributed, so accuracy keeps creeping up late in the run). Must be > 0.
    double mean_learn_epoch = 8.0;
    // Default 7: the PRNG seed (the same generator as make_synthetic_classifier).
    std::uint64_t seed = 7;
};

// Per-epoch validation metrics of a simulated run.
struct TrainingRun {
    // Per epoch: fraction of examples whose arg max is the label; default empty.
    std::vector<double> accuracy;
    // Per epoch: mean cross-entropy over the examples; default empty.
    std::vector<double> mean_loss;
    // [epoch][example]: cross-entropy of each example; default empty.
    std::vector<std::vector<double>> example_losses;
    // Per example: 1 for a stubborn (confidently wrong) example; default empty.
    std::vector<int> stubborn;
};

// Simulates the puzzle "validation loss rises while validation accuracy rises": example i
// has fixed noise logits n_i ~ Normal(0, 0.5^2)^K and a learn epoch t_i ~ Exponential(mean);
// at epoch e its evidence a = clamp((e - t_i) / 3, 0, 1) adds 3 a s(e) to the label's logit
// (ordinary examples) or to a fixed wrong class's logit (stubborn ones), with the scale
// s(e) = 1 + growth e. Accuracy climbs as examples are learned while the stubborn examples'
// cross-entropy grows about linearly in e and eventually lifts the mean. Deterministic for a
// seed. Errors on the parameter ranges stated above.
Result<TrainingRun> simulate_training_run(const TrainingRunParams& params);

//-----------------------------------------------------------------------------------------
// [SECTION] Metrics of a model's outputs (N x K logits or probabilities, float32/float64)
//-----------------------------------------------------------------------------------------
// Computed straight from the caller's (typically memory-mapped) float32 or float64 rows, a
// block of rows at a time: nothing of size N x K is allocated. Top-label definitions follow
// torchmetrics' multiclass CalibrationError (norm "l1" = ECE, "max" = MCE, "l2" = RMS
// calibration error) with sklearn.calibration.calibration_curve's binning: equal-width bin b
// of M covers (b/M, (b+1)/M] with the edges exactly b/M in double, confidence 0 goes to bin
// 0 and confidence 1 to bin M-1. torchmetrics >= 0.6 bins with torch.bucketize(right=True),
// i.e. [b/M, (b+1)/M) plus an extra bin for confidence exactly 1: the two rules differ only
// for confidences lying exactly on an inner edge or equal to 1.

// What the scores of a model's outputs are.
enum class ScoreKind {
    Logits,        // unnormalised; softmax over a row (sigmoid for one column)
    Probabilities, // each row in [0, 1] summing to 1 (one column: P(class 1))
};

// How the top-label confidences are binned.
enum class CalibrationBinning {
    EqualWidth, // M bins (b/M, (b+1)/M]
    EqualMass,  // sklearn's strategy="quantile": edges np.percentile(conf, linspace(0,100,M+1))
};

// A model's outputs: N rows of K scores, row-major, and N labels. K = 1 means binary outputs
// (one logit or P(class 1) per example), treated as the two-class rows (0, z) / (1-q, q).
struct ClassifierScores {
    // The N x K values; default an empty float32 span.
    std::variant<std::span<const float>, std::span<const double>> values;
    // K: columns per row (1 for binary); default 0.
    std::size_t num_columns = 0;
    // N labels in [0, K) (in {0, 1} for K = 1); default empty.
    std::span<const int> labels;
    // Default: logits.
    ScoreKind kind = ScoreKind::Logits;
};

// Options of classifier_metrics and fit_temperature_scores.
struct ClassifierMetricsOptions {
    // M, number of reliability bins; default 15 (torchmetrics' n_bins). Must be >= 1.
    int num_bins = 15;
    // Default: equal-width bins.
    CalibrationBinning binning = CalibrationBinning::EqualWidth;
    // Divide the logits by this T > 0 first; default 1. Must be 1 for probabilities.
    double temperature = 1.0;
    // Worker threads over rows (contiguous shares, so results depend only on this number);
    // default 2. Must be >= 1.
    unsigned threads = 2;
    // When set and it becomes true, the computation stops with the error "cancelled".
    const std::atomic<bool>* cancel = nullptr;
    // fit_temperature_scores only: the NLL at T = 1 when the caller already has it (from
    // classifier_metrics), which saves one pass over the rows; default -1 (unknown).
    double nll_at_one = -1.0;
    // When set, called on the calling thread with the fraction done in [0, 1].
    std::function<void(double)> progress;
    // When set, called from the worker threads in a pass over every row with [first, end) after
    // each stretch of about 4096 rows has been read (a memory-mapped source drops those pages
    // from the resident set); must be safe to call concurrently for disjoint ranges.
    std::function<void(std::size_t first, std::size_t end)> rows_read;
};

// Everything `losslab calibrate` prints for one temperature.
struct ClassifierMetrics {
    std::size_t n = 0;              // N examples; default 0
    std::size_t k = 0;              // classes (2 for binary outputs); default 0
    double accuracy = 0.0;          // fraction with arg max == label (first index on ties)
    double mean_confidence = 0.0;   // mean of max_k p_k
    double nll = 0.0;               // mean -log p_y; F.cross_entropy(logits / T, y)
    double brier = 0.0;             // mean of sum_k (p_k - [k == y])^2
    double ece = 0.0;               // sum_b n_b/N |acc_b - conf_b|; CalibrationError(norm="l1")
    double mce = 0.0;               // max_b |acc_b - conf_b|; CalibrationError(norm="max")
    double rmsce = 0.0;             // sqrt(sum_b n_b/N (acc_b - conf_b)^2); norm="l2"
    double classwise_ece = 0.0;     // (1/K) sum_k ECE of (p_k, y == k), equal-width bins
    std::vector<ReliabilityBin> bins; // the top-label bins; default empty
};

// The top-label and class-wise calibration metrics, accuracy, NLL and Brier score of `scores`
// (one pass over the rows; equal-mass binning also sorts N confidences). Class-wise ECE
// always uses equal-width bins (it has no torchmetrics counterpart; it is the "static
// calibration error" of Nixon et al. 2019). Errors name the row and column: no rows, a size
// that is not N x K, K = 0, a label out of range, a NaN or infinite score, a probability
// outside [0, 1] or a row not summing to 1 within 1e-3, T not finite and > 0 (or T != 1
// for probabilities), num_bins < 1, threads < 1, and "cancelled".
Result<ClassifierMetrics> classifier_metrics(const ClassifierScores& scores,
                                             const ClassifierMetricsOptions& options = {});

// The top-label metrics of predictions known only by their confidence and correctness (a
// `true_label,pred_label,confidence` table): accuracy, mean confidence, ECE, MCE, RMSCE and
// bins as classifier_metrics; nll, brier and classwise_ece are NaN (they need every class's
// score) and k is 0. Errors: no rows, sizes differing, a confidence outside [0, 1] or NaN,
// num_bins < 1.
Result<ClassifierMetrics> top_label_metrics(std::span<const double> confidence,
                                            std::span<const int> correct,
                                            const ClassifierMetricsOptions& options = {});

// The NLL-minimising temperature of logits `scores`, like fit_temperature (safeguarded
// Newton on b = 1/T, where the NLL is convex) but from float32 or float64 rows without
// copying them: per-row max and label logit are kept, a subsample gives the starting point,
// and each full pass yields the NLL and its first two derivatives in b. Converges to
// params.rel_tol in T. Errors: those of classifier_metrics, probabilities ("temperature
// scaling needs logits"), and no finite minimum (as fit_temperature). Uses options' threads,
// cancel and progress; its temperature, bins and binning are ignored.
Result<TemperatureFit> fit_temperature_scores(const ClassifierScores& scores,
                                              const ClassifierMetricsOptions& options = {},
                                              TemperatureFitParams params = {});

} // namespace losslab

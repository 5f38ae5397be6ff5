#pragma once
// The "Calibration" lab: the numbers (all from the core's calibration.hpp) and the figures.
//
// View "temperature": a synthetic classifier (make_synthetic_classifier, its confidence a
// knob) scored at T = 1 and at the current temperature: reliability diagrams with the gap
// to perfect calibration shaded, confidence histograms, NLL / ECE / accuracy.
// View "training": a simulated run (simulate_training_run) whose validation accuracy climbs
// while a few confident mistakes lift the mean cross-entropy, with the per-example losses of
// one epoch sorted to show where the mean comes from.
//
// [SECTION] Numbers       CalibrationMetrics, CalibrationResults, EpochLossSummary
// [SECTION] Cache         CalibrationCache (recomputes only what changed inputs need)
// [SECTION] Figures       the builders, pure functions of the state and the numbers

#include "model/params/param_registry.hpp"
#include "model/labs/figure_catalogue.hpp"
#include "losslab/calibration.hpp"
#include "plot/figure.hpp"
#include "model/labs/state_calibration.hpp"

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace losslab::model {

// ---------------------------------------------------------------- [SECTION] Numbers
// How a classifier's logits score at one temperature.
struct CalibrationMetrics {
    // The temperature T the logits were divided by; default 1.
    double temperature = 1.0;
    // Mean NLL of the labels under softmax(z / T) (F.cross_entropy(z / T, y)); default 0.
    double nll = 0.0;
    // Expected calibration error over the bins; default 0.
    double ece = 0.0;
    // Fraction of examples whose arg max is the label (independent of T); default 0.
    double accuracy = 0.0;
    // Mean top-class confidence max_k softmax(z / T)_k; default 0.
    double mean_confidence = 0.0;
    // Number of examples N; default 0.
    std::size_t examples = 0;
    // The reliability bins (equal width, Guo et al.'s convention); default empty.
    std::vector<ReliabilityBin> bins;
};

// Scores N x K `logits` with `labels` at `temperature` with `num_bins` confidence bins, all
// through the core (top_label_predictions, reliability_bins, temperature_scaled_nll).
// Errors: those of the core functions (empty input, bad label, T not > 0, bins < 1).
Result<CalibrationMetrics> calibration_metrics(std::span<const double> logits,
                                               std::size_t num_classes,
                                               std::span<const int> labels, double temperature,
                                               int num_bins);

// The temperature view's numbers for one lab state.
struct CalibrationResults {
    // The synthetic classifier at the state's confidence; default empty.
    SyntheticClassifier dataset;
    // Scores at T = 1 (as trained) and at the state's temperature; default empty.
    CalibrationMetrics before;
    CalibrationMetrics after;
    // Non-empty when the core refused the inputs (then the rest is empty); default empty.
    std::string error;
};

// The training view's numbers: the simulated run for the state's run parameters.
struct TrainingResults {
    TrainingRun run;
    // Non-empty when the core refused the inputs; default empty.
    std::string error;
};

// The per-example loss picture of one epoch of the run.
struct EpochLossSummary {
    // The 1-based epoch; default 1.
    int epoch = 1;
    // Validation accuracy and mean cross-entropy at that epoch; default 0.
    double accuracy = 0.0;
    double mean_loss = 0.0;
    // Number of confidently wrong (stubborn) examples and of all examples; default 0.
    std::size_t stubborn_count = 0;
    std::size_t examples = 0;
    // Their part of the mean loss, sum of their losses / N; default 0.
    double stubborn_mean_part = 0.0;
    // Their share of the total loss, in [0, 1] (0 when the total is 0); default 0.
    double stubborn_share = 0.0;
    // The epoch (1-based) with the lowest mean validation loss; default 1.
    int best_epoch = 1;
};

// The run parameters a lab state asks for (epochs = the epoch slider's maximum).
TrainingRunParams training_run_params(const CalibrationLabState& state);

// Summarises epoch `epoch` (1-based, clamped to the run) of `run`.
EpochLossSummary epoch_loss_summary(const TrainingRun& run, int epoch);

// Fits the NLL-optimal temperature on the lab's dataset (losslab::fit_temperature).
Result<TemperatureFit> fit_lab_temperature(const CalibrationResults& results);

// ---------------------------------------------------------------- [SECTION] Cache
// Computes CalibrationResults and TrainingResults for lab states, redoing only what changed:
// the dataset is drawn once per (N, K, seed) at confidence 1 and rescaled per confidence
// (with_confidence, bit-identical to drawing again), the T = 1 scores are redone per
// confidence or bin count (the T-independent part of the logits prepared once per
// confidence), the current-T scores per temperature (one pass over the logits), the run per its parameters.
class CalibrationCache {
public:
    // The temperature view's numbers for `state`.
    const CalibrationResults& results(const CalibrationLabState& state);
    // The training view's numbers for `state`.
    const TrainingResults& training(const CalibrationLabState& state);

private:
    struct DataKey {
        int examples = 0, classes = 0, seed = 0;
        bool operator==(const DataKey&) const = default;
    };
    std::optional<DataKey> m_data_key;
    SyntheticClassifier m_calibrated;
    std::string m_data_error;
    std::optional<double> m_confidence;
    std::optional<int> m_before_bins;
    std::optional<std::pair<double, int>> m_after_key;
    CalibrationResults m_results;
    PreparedLogits m_prepared;
    std::optional<TrainingRunParams> m_run_key;
    TrainingResults m_training;
};

// ---------------------------------------------------------------- [SECTION] Figures
// Reliability diagram of `metrics`: accuracy per bin (bars); the gap to each bin's mean
// confidence as a bar segment between accuracy and confidence: above the accuracy bar, shaded,
// in over-confident bins (series "over-confidence gap, ECE ..."), and as a narrower opaque
// bar drawn over the accuracy bar in under-confident bins (series "under-confidence gap", not
// listed when there is none) so that both stay visible; the diagonal of perfect
// calibration dashed. In CSV each gap row holds confidence − accuracy (a segment's length).
plot::Figure reliability_figure(const CalibrationMetrics& metrics, std::string name, std::string title);

// Fraction of examples per confidence bin, with the accuracy and the mean confidence as
// vertical lines; `y_max` is the y-axis top (shared by the before/after pair).
plot::Figure confidence_histogram_figure(const CalibrationMetrics& metrics, std::string name,
                                   std::string title, double y_max);

// The temperature view: reliability at T = 1, at the state's T, and their two histograms.
std::vector<plot::Figure> temperature_view_figures(const CalibrationLabState& state,
                                             const CalibrationResults& results);

// Validation accuracy against epoch, the shown epoch marked.
plot::Figure training_accuracy_figure(const CalibrationLabState& state, const TrainingRun& run);

// Mean validation cross-entropy against epoch, split into the part of the confidently wrong
// examples and the rest (stacked), its minimum and the shown epoch marked.
plot::Figure training_loss_figure(const CalibrationLabState& state, const TrainingRun& run);

// The per-example losses of the shown epoch sorted from the largest, confidently wrong
// examples highlighted and their share of the mean stated.
plot::Figure example_losses_figure(const CalibrationLabState& state, const TrainingRun& run);

// The training view: accuracy, loss, and per-example losses.
std::vector<plot::Figure> training_view_figures(const CalibrationLabState& state,
                                          const TrainingResults& training);

// The lab's parameters, in panel order (its row of the lab table, model/labs/labs.cpp).
std::span<const ParamBinding> calibration_lab_params();

// The lab's exportable figures, in panel order.
std::span<const FigureInfo> calibration_lab_figures();

} // namespace losslab::model

#pragma once
// A model's validation outputs loaded from the user's files (logits or probabilities and
// labels) and the calibration report computed from them. GUI-free: `losslab calibrate` calls
// it, and the calibration lab's "your data" mode calls it off the UI thread (cancellation
// through an atomic flag, progress through a callback).
//
// Inputs:
//  - .npy logits N x K (float32/float64; N or N x 1 means binary: one logit per example) and
//    .npy labels N (int64/int32/uint8). Both are memory-mapped, not copied: the metrics read
//    the mapped rows directly.
//  - .npz with arrays `logits` and `labels` (stored or deflated members, read through
//    libzip into memory: a deflated member has to be inflated anyway).
//  - CSV with a header: `label,logit_0,...,logit_{K-1}` (any names after the first column)
//    or `true_label,pred_label,confidence` (top-label metrics only).

#include "losslab/calibration.hpp"
#include "losslab/result.hpp"
#include "model/io/npy_array.hpp"

#include <atomic>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace losslab::model {

// Which files to read; exactly one of (logits with labels), npz or csv.
struct ModelOutputsSource {
    std::filesystem::path logits;  // .npy N x K or N; default none
    std::filesystem::path labels;  // .npy N; default none
    std::filesystem::path npz;     // .npz with `logits` and `labels`; default none
    std::filesystem::path csv;     // .csv (see the file comment); default none
    bool probabilities = false;    // the scores are probabilities, not logits; default false
};

// A loaded set of model outputs.
struct ModelOutputs {
    // N x K (or N for binary) float32/float64 scores; mapped for .npy. Empty for a top-label CSV.
    NpyArray scores;
    // Columns per row: K, or 1 for binary outputs; default 0.
    std::size_t columns = 0;
    // N labels, checked to be in [0, K) ({0, 1} for binary); default empty.
    std::vector<int> labels;
    // Default: logits.
    ScoreKind kind = ScoreKind::Logits;
    // Top-label CSV only: per example the predicted class and its confidence; default empty.
    std::vector<int> predicted;
    std::vector<double> confidence;
    // File names for messages: where the scores and the labels came from; default empty.
    std::string scores_name;
    std::string labels_name;

    // N examples.
    std::size_t size() const { return labels.size(); }
    // True for a `true_label,pred_label,confidence` table (no per-class scores).
    bool top_label_only() const { return scores.numel() == 0; }
    // The core's view of the scores (valid while this object lives).
    ClassifierScores view() const;
};

// Why loading failed: the message names the file, the field and what was expected; io is
// true for a file that could not be opened or read at all (missing, permissions).
struct LoadFailure {
    std::string message;
    bool io = false;
};

// Loads `source`; refuses shape or dtype mismatches, labels out of range, N = 0, truncated
// files and bad CSV rows (line and column named). NaN/inf scores are found by
// compute_calibration, which names the row and column.
std::variant<ModelOutputs, LoadFailure> load_model_outputs(const ModelOutputsSource& source);

// What compute_calibration computes.
struct CalibrationRequest {
    int num_bins = 15;                                             // M; default 15
    CalibrationBinning binning = CalibrationBinning::EqualWidth;  // default equal width
    bool fit_temperature = true;                                   // default true
    unsigned threads = 2;                                          // default 2
    // Score at this T instead of fitting one (`after` is then the metrics at T, `fit` none);
    // default none (fit T when fit_temperature).
    std::optional<double> temperature;
    // Drop the pages of a memory-mapped scores file from the resident set after each stretch
    // of rows is read (they stay in the page cache); default true.
    bool release_pages = true;
};

// The options of the core's metrics for `request` on `outputs` (bins, binning, threads, cancel
// and, when asked, releasing the mapped pages behind each read).
ClassifierMetricsOptions metrics_options(const ModelOutputs& outputs,
                                         const CalibrationRequest& request,
                                         const std::atomic<bool>* cancel = nullptr);

// The metrics before and after temperature scaling.
struct CalibrationReport {
    ClassifierMetrics before;
    // The fitted temperature, when it could be fitted; default none.
    std::optional<TemperatureFit> fit;
    // Why there is no fit (probabilities, top-label table, no finite minimum); default empty.
    std::string fit_error;
    // The metrics at the fitted (or requested) temperature; default none.
    std::optional<ClassifierMetrics> after;
    // The temperature of `after`: the fitted T, or the requested one; default 1.
    double after_temperature = 1.0;
};

// Metrics at T = 1, the fitted T (or the requested request.temperature) and the metrics at T. Safe
// to run off the UI thread: `cancel` (when set) stops it with the error "cancelled"; `progress`
// gets the fraction done. Errors (bad values found while reading, cancellation) are prefixed with
// the scores file.
Result<CalibrationReport> compute_calibration(const ModelOutputs& outputs,
                                              const CalibrationRequest& request = {},
                                              const std::atomic<bool>* cancel = nullptr,
                                              std::function<void(double)> progress = {});

} // namespace losslab::model

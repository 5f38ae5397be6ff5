#pragma once
// The calibration lab's "your data" mode: a model's outputs loaded from the user's files
// (model_outputs.hpp), their calibration report, and a per-example loss view (cross-entropy,
// and what focal loss or label smoothing would make of the same outputs), the worst examples
// and the members of each reliability bin. GUI-free; the loading runs off the UI thread in a
// CalibrationDataJob.
//
// [SECTION] Path parameters   calibration.logits_path / calibration.labels_path
// [SECTION] Per-example view  ExampleTable, ExampleLossView, worst_examples, bin_members
// [SECTION] Background job    CalibrationDataJob (load + compute on a std::jthread)
// [SECTION] Figures           sorted losses, loss histogram, reliability on your data

#include "losslab/calibration.hpp"
#include "losslab/result.hpp"
#include "model/app_state.hpp"
#include "model/labs/lab_calibration.hpp"
#include "model/tensors/model_outputs.hpp"
#include "plot/figure.hpp"

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace losslab::model {

// ---------------------------------------------------------------- [SECTION] Path parameters
// A parameter whose value is a file path (the registry's ParamSpecs hold numbers only). Declared
// once in path_params(); --set, sessions and the panel all go through it.
struct PathParam {
    // The lab's key, the prefix of the full key: "calibration".
    std::string_view lab_key;
    // The key after the prefix: "logits_path".
    std::string_view key;
    // One line for listings and messages.
    std::string_view help;
    // The field of `state` holding the path (empty: not set).
    std::string* (*field)(AppState& state);
    // "calibration.logits_path".
    std::string full_key() const;
};

// Every path parameter: calibration.logits_path (a .npy of logits, or a single .npz / .csv
// holding both) and calibration.labels_path (the .npy of labels; empty with .npz / .csv).
std::span<const PathParam> path_params();

// The path parameter with full key `key`, or nullptr.
const PathParam* find_path_param(std::string_view key);

// Sets a path parameter: an empty value clears it; any other must name an existing regular
// file, else "calibration.logits_path requires an existing file, got \"/x.npy\" (no such
// file)" and `state` is untouched.
Status set_path_param(AppState& state, const PathParam& param, std::string_view value);

// The files a state's path parameters name, as a loader source; nullopt when no logits path
// is set (the lab shows its synthetic classifier). A .npz or .csv logits path is the only file.
std::optional<ModelOutputsSource> data_source(const CalibrationLabState& state);

// Which of two .npy files holds the scores: returns {logits, labels}, the one whose header
// declares a float dtype first; the order given when that does not tell them apart.
std::pair<std::string, std::string> order_logits_labels(const std::string& a,
                                                        const std::string& b);

// ---------------------------------------------------------------- [SECTION] Per-example view
// Per example at T = 1: what the model predicted and what the labels cost. For logits (or
// probabilities) the cross-entropy terms are kept so that focal and smoothed losses for any
// gamma / eps are O(N) from them.
struct ExampleTable {
    // Labels, predicted class (arg max, first on ties) and top-class confidence; default empty.
    std::vector<int> labels;
    std::vector<int> predicted;
    std::vector<double> confidence;
    // -log p_y (cross-entropy); empty for a top-label table (no per-class scores).
    std::vector<double> ce;
    // (1/K) sum_k -log p_k (the uniform part of the smoothed target); empty as `ce`.
    std::vector<double> mean_nll;
    // Classes K (2 for binary outputs); default 0.
    std::size_t classes = 0;
    // The temperature the scores were divided by (logits only); default 1.
    double temperature = 1.0;
    // N examples.
    std::size_t size() const { return labels.size(); }
    // Whether the per-example losses exist.
    bool has_losses() const { return !ce.empty(); }
};

// The per-example quantities of `outputs` (logits: stable log-softmax per row, sigmoid for one
// column; probabilities: log of the clamped probability, at least the smallest float
// 1.4e-45 so that a zero probability costs 103.3 instead of infinity), the logits divided by
// `temperature` first (T other than 1 is refused for probabilities and top-label tables).
// `cancel` stops it (error "cancelled"); `progress` gets the fraction done. Runs on
// request.threads threads and releases the mapped pages read as request.release_pages says.
Result<ExampleTable> example_table(const ModelOutputs& outputs,
                                   const std::atomic<bool>* cancel = nullptr,
                                   const std::function<void(double)>& progress = {},
                                   double temperature = 1.0,
                                   const CalibrationRequest& request = {});

// Which loss a per-example value is.
enum class ExampleLoss { CrossEntropy, Focal, Smoothing };

// Per-example loss of row i: CE = -log p_y; focal = -(1 - p_y)^gamma log p_y (Lin et al. 2017,
// multi-class form, alpha = 1); smoothing = (1 - eps) CE + eps (1/K) sum_k -log p_k
// (F.cross_entropy(label_smoothing=eps)).
double example_loss(const ExampleTable& table, std::size_t i, ExampleLoss loss, double gamma,
                    double eps);

// One loss over all examples.
struct LossSummary {
    // Default cross-entropy.
    ExampleLoss loss = ExampleLoss::CrossEntropy;
    // Per example, in example order; default empty.
    std::vector<double> values;
    // Mean over examples; default 0.
    double mean = 0.0;
    // Share of the total loss carried by the ceil(1 % N) and ceil(5 % N) largest losses, in
    // [0, 1] (0 when the total is 0); default 0.
    double worst1_share = 0.0;
    double worst5_share = 0.0;
    // Up to 2001 values of the losses sorted from the largest, at evenly spaced ranks (the
    // first is the maximum, the last the minimum), with their rank fractions in [0, 1].
    std::vector<double> sorted_rank;
    std::vector<double> sorted_value;
};

// The three losses (CE, focal gamma, smoothing eps) of a table with losses.
struct ExampleLossView {
    double gamma = 2.0;   // the focal gamma used; default 2
    double eps = 0.1;     // the smoothing eps used; default 0.1
    std::vector<LossSummary> losses; // CE, focal, smoothing; default empty
};

// Summaries of CE, focal loss at `gamma` and smoothing at `eps` of `table` (empty losses when
// the table has none).
ExampleLossView example_loss_view(const ExampleTable& table, double gamma, double eps);

// One row of the worst-k table.
struct ExampleRow {
    std::size_t index = 0;    // row in the files; default 0
    int label = 0;            // default 0
    int predicted = 0;        // default 0
    double confidence = 0.0;  // top-class confidence; default 0
    double loss = 0.0;        // cross-entropy; default 0
};

// The `k` examples with the largest cross-entropy, largest first (ties: lower index first).
// For a table without losses: the `k` most confident mistakes, loss 0.
std::vector<ExampleRow> worst_examples(const ExampleTable& table, std::size_t k);

// The worst-k table as CSV: header "index,label,predicted,confidence,loss", one row each,
// numbers as shortest round-trip text.
std::string worst_examples_csv(std::span<const ExampleRow> rows);

// The examples whose confidence falls in equal-width bin `bin` of `num_bins` ((b/M, (b+1)/M],
// confidence 0 in bin 0: the core's reliability_bins rule), in index order: at most `limit`
// rows, and the bin's total count in `total`.
std::vector<ExampleRow> bin_members(const ExampleTable& table, int num_bins, int bin,
                                    std::size_t limit, std::size_t* total = nullptr);

// The equal-width bin (0 .. M-1) a confidence falls in, as bin_members counts it.
int confidence_bin(double confidence, int num_bins);

// ---------------------------------------------------------------- [SECTION] Background job
// Everything the lab shows for one loaded source at one temperature (the slider's T).
struct CalibrationData {
    ModelOutputsSource source;
    // The files' names for the panel ("logits.npy + labels.npy").
    std::string name;
    std::shared_ptr<const ModelOutputs> outputs;
    // What the report was computed with (bins, binning, threads); default the defaults.
    CalibrationRequest request;
    // Metrics at T = 1, the fitted T* and the metrics at T* (independent of the slider).
    CalibrationReport report;
    // The temperature shown: the metrics and the per-example table below are at it; 1 for
    // probabilities and top-label tables; default 1.
    double temperature = 1.0;
    ClassifierMetrics at_t;
    ExampleTable table;
    // Whether the slider's T applies (logits with every class's score).
    bool scalable() const {
        return outputs && outputs->kind == ScoreKind::Logits && !outputs->top_label_only();
    }
};

// Loads a source and computes its report and table on a worker thread. poll() on the UI
// thread takes the outcome; `on_update` (typically "request a frame") is called from the
// worker after progress and at the end. Destroying the job cancels and joins the worker.
class CalibrationDataJob {
public:
    // `on_update` may be empty; it must be safe to call from another thread.
    explicit CalibrationDataJob(std::function<void()> on_update = {});
    ~CalibrationDataJob();
    CalibrationDataJob(const CalibrationDataJob&) = delete;
    CalibrationDataJob& operator=(const CalibrationDataJob&) = delete;

    // Starts loading `source` with `request` and scoring it at `temperature` (cancelling a
    // running load first).
    void start(ModelOutputsSource source, CalibrationRequest request, double temperature = 1.0);
    // Starts re-scoring loaded `base` at `temperature` (rescore_calibration_data), cancelling
    // a running job first; source() stays the base's.
    void start_rescore(std::shared_ptr<const CalibrationData> base, double temperature);
    // Asks the running load to stop (its outcome becomes the error "cancelled").
    void cancel();
    // Whether a load is running.
    bool running() const { return m_running.load(); }
    // Fraction done of the running load, in [0, 1].
    double progress() const { return m_progress.load(); }
    // What the load that finished produced (once, then nullopt until the next finishes): the
    // data, or the message naming the file, field and what was expected.
    std::optional<std::variant<std::shared_ptr<CalibrationData>, std::string>> poll();
    // The source of the running or last load.
    const ModelOutputsSource& source() const { return m_source; }

private:
    using Outcome = std::variant<std::shared_ptr<CalibrationData>, std::string>;
    // Loads or re-scores with `cancel` and `progress` (what run() starts on the worker).
    using Task =
        std::function<Outcome(const std::atomic<bool>* cancel, const std::function<void(double)>&)>;
    void run(Task task);
    std::function<void()> m_on_update;
    std::atomic<bool> m_cancel{false};
    std::atomic<bool> m_running{false};
    std::atomic<double> m_progress{0.0};
    std::mutex m_mutex;
    std::optional<std::variant<std::shared_ptr<CalibrationData>, std::string>> m_outcome;
    ModelOutputsSource m_source;
    std::jthread m_worker;
};

// Loads and computes on the calling thread (what the job runs; tests call it directly): the
// report, then the metrics and table at `temperature` (1 for probabilities; the metrics are
// reused when T is 1 or exactly T*).
std::variant<std::shared_ptr<CalibrationData>, std::string>
load_calibration_data(const ModelOutputsSource& source, const CalibrationRequest& request,
                      const std::atomic<bool>* cancel = nullptr,
                      const std::function<void(double)>& progress = {}, double temperature = 1.0);

// `base` at another temperature: the same outputs and report (not recomputed), the metrics
// (classifier_metrics with base.request at T, as `losslab calibrate --temperature T`) and the
// per-example table at T. Refuses T not finite and > 0, and T != 1 when base is not scalable.
std::variant<std::shared_ptr<CalibrationData>, std::string>
rescore_calibration_data(const std::shared_ptr<const CalibrationData>& base, double temperature,
                         const std::atomic<bool>* cancel = nullptr,
                         const std::function<void(double)>& progress = {});

// ---------------------------------------------------------------- [SECTION] Figures
// The lab's CalibrationMetrics for the core's ClassifierMetrics at temperature `t`.
CalibrationMetrics lab_metrics(const ClassifierMetrics& m, double t);

// Reliability at T = 1 and at the shown temperature (data.temperature, the slider's T; titled
// as T* when it is the fitted one) and the two confidence histograms: the temperature view's
// four figures on the user's data.
std::vector<plot::Figure> data_reliability_figures(const CalibrationData& data);

// The losses sorted from the largest against the rank fraction, one line per loss, the worst
// 1 % / 5 % shares in the legend. Named "calibration-data-sorted-losses".
plot::Figure sorted_losses_figure(const ExampleLossView& view, std::size_t n);

// Histogram of the per-example losses (40 bins up to the 99.9th percentile of CE, the rest in
// the last bin): CE as bars, focal and smoothing as lines. Named "calibration-data-loss-histogram".
plot::Figure loss_histogram_figure(const ExampleLossView& view);

} // namespace losslab::model

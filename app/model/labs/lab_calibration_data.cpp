#include "model/labs/lab_calibration_data.hpp"

#include "plot/color.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <numeric>

namespace losslab::model {

namespace fs = std::filesystem;

// ---------------------------------------------------------------- [SECTION] Path parameters
std::string PathParam::full_key() const { return std::string(lab_key) + "." + std::string(key); }

std::span<const PathParam> path_params() {
    static const std::array kParams{
        PathParam{"calibration", "logits_path",
                  "Your model's logits (.npy N x K or N), or one .npz / .csv holding logits and "
                  "labels",
                  [](AppState& s) { return &s.calibration.logits_path; }},
        PathParam{"calibration", "labels_path",
                  "Your model's labels (.npy N, int64/int32/uint8) beside a logits .npy",
                  [](AppState& s) { return &s.calibration.labels_path; }},
    };
    return kParams;
}

const PathParam* find_path_param(std::string_view key) {
    for (const auto& p : path_params())
        if (p.full_key() == key) return &p;
    return nullptr;
}

Status set_path_param(AppState& state, const PathParam& param, std::string_view value) {
    if (!value.empty()) {
        std::error_code ec;
        const fs::path path{std::string(value)};
        const bool exists = fs::exists(path, ec);
        if (!exists || !fs::is_regular_file(path, ec))
            return make_error(param.full_key(), "an existing file",
                              fmt::format("\"{}\" ({})", std::string(value),
                                          exists ? "not a regular file" : "no such file"));
    }
    *param.field(state) = std::string(value);
    return Ok{};
}

namespace {

std::string lower_extension(const std::string& path) {
    std::string ext = fs::path(path).extension().string();
    for (auto& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

} // namespace

std::optional<ModelOutputsSource> data_source(const CalibrationLabState& state) {
    if (state.logits_path.empty()) return std::nullopt;
    ModelOutputsSource src;
    const std::string ext = lower_extension(state.logits_path);
    if (ext == ".npz") src.npz = state.logits_path;
    else if (ext == ".csv") src.csv = state.logits_path;
    else {
        src.logits = state.logits_path;
        src.labels = state.labels_path;
    }
    return src;
}

namespace {

// Whether a .npy file's header declares a floating-point dtype ('descr': '<f4', '<f8', ...).
bool npy_header_is_float(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char buf[256] = {};
    in.read(buf, sizeof buf);
    const std::string head(buf, std::size_t(in.gcount()));
    const auto at = head.find("'descr'");
    if (at == std::string::npos) return false;
    const auto q = head.find('\'', head.find(':', at));
    return q != std::string::npos && q + 2 < head.size() && head[q + 2] == 'f';
}

} // namespace

std::pair<std::string, std::string> order_logits_labels(const std::string& a,
                                                        const std::string& b) {
    if (!npy_header_is_float(a) && npy_header_is_float(b)) return {b, a};
    return {a, b};
}

// ---------------------------------------------------------------- [SECTION] Per-example view
namespace {

// The smallest positive float: a probability of 0 costs -log of this, not infinity.
constexpr double kTinyProbability = 1.401298464324817e-45;

template <class T>
void fill_rows(const T* values, std::size_t columns, ScoreKind kind, double b, ExampleTable& t,
               std::size_t begin, std::size_t end) {
    const std::size_t k = columns == 1 ? 2 : columns;
    for (std::size_t i = begin; i < end; ++i) {
        const T* row = values + i * columns;
        const int y = t.labels[i];
        double logp_y = 0.0, mean_nll = 0.0, conf = 0.0;
        int pred = 0;
        if (columns == 1) {
            // Binary: the two-class row (0, z) for logits, (1 - q, q) for probabilities.
            const double z = kind == ScoreKind::Logits ? b * double(row[0]) : double(row[0]);
            double lp0, lp1;
            if (kind == ScoreKind::Logits) {
                // log sigmoid(z) = -log1p(exp(-z)), computed on the stable side.
                const double sp_neg = z > 0 ? std::log1p(std::exp(-z)) : -z + std::log1p(std::exp(z));
                lp1 = -sp_neg;       // log sigmoid(z)
                lp0 = -(sp_neg + z); // log sigmoid(-z) = log sigmoid(z) - z
                pred = z > 0 ? 1 : 0;
            } else {
                lp1 = std::log(std::max(z, kTinyProbability));
                lp0 = std::log(std::max(1.0 - z, kTinyProbability));
                pred = z > 1.0 - z ? 1 : 0;
            }
            logp_y = y == 1 ? lp1 : lp0;
            mean_nll = -0.5 * (lp0 + lp1);
            conf = std::exp(std::max(lp0, lp1));
        } else if (kind == ScoreKind::Logits) {
            double m = -std::numeric_limits<double>::infinity();
            double sum_z = 0.0;
            for (std::size_t c = 0; c < columns; ++c) {
                const double z = double(row[c]);
                if (z > m) {
                    m = z;
                    pred = int(c);
                }
                sum_z += z;
            }
            // Logits divided by T (times b = 1/T), shifted by the scaled max.
            double s = 0.0;
            for (std::size_t c = 0; c < columns; ++c)
                s += std::exp(b * (double(row[c]) - m));
            const double log_s = std::log(s);
            logp_y = b * (double(row[y]) - m) - log_s;
            mean_nll = log_s + b * (m - sum_z / double(columns));
            conf = 1.0 / s; // exp(b m - lse)
        } else {
            double best = -1.0, sum_nll = 0.0;
            for (std::size_t c = 0; c < columns; ++c) {
                const double q = double(row[c]);
                if (q > best) {
                    best = q;
                    pred = int(c);
                }
                sum_nll -= std::log(std::max(q, kTinyProbability));
            }
            logp_y = std::log(std::max(double(row[y]), kTinyProbability));
            mean_nll = sum_nll / double(columns);
            conf = best;
        }
        t.predicted[i] = pred;
        t.confidence[i] = conf;
        t.ce[i] = -logp_y;
        t.mean_nll[i] = mean_nll;
    }
    (void)k;
}

} // namespace

Result<ExampleTable> example_table(const ModelOutputs& outputs, const std::atomic<bool>* cancel,
                                   const std::function<void(double)>& progress, double temperature,
                                   const CalibrationRequest& request) {
    if (!(std::isfinite(temperature) && temperature > 0.0))
        return make_error("temperature", "a finite T > 0", fmt::format("{}", temperature));
    if (temperature != 1.0 &&
        (outputs.kind == ScoreKind::Probabilities || outputs.top_label_only()))
        return make_error("temperature", "T = 1 for probabilities (scaling divides logits)",
                          fmt::format("{}", temperature));
    ExampleTable t;
    t.temperature = temperature;
    const std::size_t n = outputs.size();
    t.labels = outputs.labels;
    if (outputs.top_label_only()) {
        t.predicted = outputs.predicted;
        t.confidence = outputs.confidence;
        t.classes = 0;
        return t;
    }
    t.classes = outputs.columns == 1 ? 2 : outputs.columns;
    t.predicted.resize(n);
    t.confidence.resize(n);
    t.ce.resize(n);
    t.mean_nll.resize(n);
    const ClassifierScores view = outputs.view();
    const double b = 1.0 / temperature;
    const ClassifierMetricsOptions options = metrics_options(outputs, request, cancel);
    // Contiguous shares on request.threads threads, blocks of 16384 rows; share 0 reports.
    constexpr std::size_t kBlock = 16384;
    const unsigned threads =
        unsigned(std::clamp<std::size_t>(request.threads, 1, std::max<std::size_t>(1, n / kBlock)));
    std::atomic<bool> stopped{false};
    auto share = [&](unsigned id) {
        const std::size_t first = n * id / threads, last = n * (id + 1) / threads;
        for (std::size_t r = first; r < last; r += kBlock) {
            if (stopped.load() || (cancel && cancel->load())) {
                stopped = true;
                return;
            }
            const std::size_t e = std::min(last, r + kBlock);
            std::visit(
                [&](auto span) {
                    fill_rows(span.data(), outputs.columns, outputs.kind, b, t, r, e);
                },
                view.values);
            if (options.rows_read) options.rows_read(r, e);
            if (id == 0 && progress) progress(double(e - first) / double(last - first));
        }
    };
    {
        std::vector<std::jthread> pool;
        for (unsigned id = 1; id < threads; ++id)
            pool.emplace_back(share, id);
        share(0);
    }
    if (stopped.load()) return Error{"cancelled"};
    return t;
}

double example_loss(const ExampleTable& t, std::size_t i, ExampleLoss loss, double gamma,
                    double eps) {
    const double ce = t.ce[i];
    switch (loss) {
    case ExampleLoss::CrossEntropy: return ce;
    case ExampleLoss::Focal: {
        // 1 - p_y = -expm1(log p_y), accurate when p_y is near 1.
        const double one_minus_p = -std::expm1(-ce);
        if (gamma == 0.0) return ce;
        return std::pow(one_minus_p, gamma) * ce;
    }
    case ExampleLoss::Smoothing: return (1.0 - eps) * ce + eps * t.mean_nll[i];
    }
    return ce;
}

namespace {

LossSummary summarise(const ExampleTable& t, ExampleLoss loss, double gamma, double eps) {
    LossSummary s;
    s.loss = loss;
    const std::size_t n = t.size();
    s.values.resize(n);
    for (std::size_t i = 0; i < n; ++i) s.values[i] = example_loss(t, i, loss, gamma, eps);
    std::vector<double> sorted = s.values;
    std::sort(sorted.begin(), sorted.end(), std::greater<>());
    // Sums from the largest: the total and the worst shares come from the same ordering.
    double total = 0.0;
    const std::size_t n1 = std::min(n, std::size_t(std::ceil(0.01 * double(n))));
    const std::size_t n5 = std::min(n, std::size_t(std::ceil(0.05 * double(n))));
    double top1 = 0.0, top5 = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        total += sorted[i];
        if (i + 1 == n1) top1 = total;
        if (i + 1 == n5) top5 = total;
    }
    s.mean = n ? total / double(n) : 0.0;
    s.worst1_share = total > 0.0 ? top1 / total : 0.0;
    s.worst5_share = total > 0.0 ? top5 / total : 0.0;
    const std::size_t points = std::min<std::size_t>(n, 2001);
    for (std::size_t j = 0; j < points; ++j) {
        const std::size_t i = points == 1 ? 0 : (j * (n - 1)) / (points - 1);
        s.sorted_rank.push_back(n == 1 ? 0.0 : double(i) / double(n - 1));
        s.sorted_value.push_back(sorted[i]);
    }
    return s;
}

} // namespace

ExampleLossView example_loss_view(const ExampleTable& table, double gamma, double eps) {
    ExampleLossView v;
    v.gamma = gamma;
    v.eps = eps;
    if (!table.has_losses()) return v;
    for (auto loss : {ExampleLoss::CrossEntropy, ExampleLoss::Focal, ExampleLoss::Smoothing})
        v.losses.push_back(summarise(table, loss, gamma, eps));
    return v;
}

namespace {

ExampleRow row_of(const ExampleTable& t, std::size_t i) {
    return ExampleRow{i, t.labels[i], t.predicted[i], t.confidence[i],
                      t.has_losses() ? t.ce[i] : 0.0};
}

} // namespace

std::vector<ExampleRow> worst_examples(const ExampleTable& t, std::size_t k) {
    const std::size_t n = t.size();
    k = std::min(k, n);
    std::vector<std::size_t> idx(n);
    std::iota(idx.begin(), idx.end(), std::size_t(0));
    // Larger loss first; without losses, a confident mistake ranks above everything right.
    auto key = [&](std::size_t i) {
        if (t.has_losses()) return t.ce[i];
        return t.predicted[i] != t.labels[i] ? 1.0 + t.confidence[i] : -1.0;
    };
    std::partial_sort(idx.begin(), idx.begin() + std::ptrdiff_t(k), idx.end(),
                      [&](std::size_t a, std::size_t b) {
                          const double ka = key(a), kb = key(b);
                          return ka > kb || (ka == kb && a < b);
                      });
    std::vector<ExampleRow> rows;
    rows.reserve(k);
    for (std::size_t j = 0; j < k; ++j) rows.push_back(row_of(t, idx[j]));
    return rows;
}

std::string worst_examples_csv(std::span<const ExampleRow> rows) {
    std::string out = "index,label,predicted,confidence,loss\n";
    for (const auto& r : rows)
        out += fmt::format("{},{},{},{},{}\n", r.index, r.label, r.predicted, r.confidence, r.loss);
    return out;
}

int confidence_bin(double confidence, int num_bins) {
    // Bin b holds (b/M, (b+1)/M] with the edges exactly b/M in double, as reliability_bins.
    int b = int(std::ceil(confidence * num_bins)) - 1;
    b = std::clamp(b, 0, num_bins - 1);
    while (b > 0 && !(confidence > double(b) / num_bins)) --b;
    while (b < num_bins - 1 && confidence > double(b + 1) / num_bins) ++b;
    return b;
}

std::vector<ExampleRow> bin_members(const ExampleTable& t, int num_bins, int bin,
                                    std::size_t limit, std::size_t* total) {
    std::vector<ExampleRow> rows;
    std::size_t count = 0;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (confidence_bin(t.confidence[i], num_bins) != bin) continue;
        ++count;
        if (rows.size() < limit) rows.push_back(row_of(t, i));
    }
    if (total) *total = count;
    return rows;
}

// ---------------------------------------------------------------- [SECTION] Background job
namespace {

// Fills data.at_t and data.table at `temperature` (progress over [0, 1]); an error message or
// empty.
std::string score_at(CalibrationData& data, double temperature, const std::atomic<bool>* cancel,
                     const std::function<void(double)>& progress) {
    const ModelOutputs& outputs = *data.outputs;
    if (!data.scalable() && temperature != 1.0)
        return make_error(outputs.scores_name + " temperature",
                          "T = 1 (scaling divides every class's logit; these are " +
                              std::string(outputs.top_label_only() ? "top-label predictions"
                                                                   : "probabilities") +
                              ")",
                          fmt::format("{}", temperature))
            .message;
    if (!(std::isfinite(temperature) && temperature > 0.0))
        return make_error("temperature", "a finite T > 0", fmt::format("{}", temperature)).message;
    const CalibrationReport& r = data.report;
    // Metrics (0 .. 0.6 unless reused), then the per-example table.
    double table_from = 0.0;
    if (temperature == 1.0) {
        data.at_t = r.before;
    } else if (r.after && r.after_temperature == temperature) {
        data.at_t = *r.after;
    } else {
        ClassifierMetricsOptions options = metrics_options(outputs, data.request, cancel);
        options.temperature = temperature;
        if (progress) options.progress = [&](double f) { progress(0.6 * f); };
        auto m = classifier_metrics(outputs.view(), options);
        if (!m)
            return m.error().message == "cancelled"
                       ? m.error().message
                       : outputs.scores_name + ": " + m.error().message;
        data.at_t = std::move(m).value();
        table_from = 0.6;
    }
    auto table = example_table(
        outputs, cancel,
        [&](double f) {
            if (progress) progress(table_from + (1.0 - table_from) * f);
        },
        temperature, data.request);
    if (!table)
        return table.error().message == "cancelled"
                   ? table.error().message
                   : outputs.scores_name + ": " + table.error().message;
    data.table = std::move(table).value();
    data.temperature = temperature;
    return {};
}

} // namespace

std::variant<std::shared_ptr<CalibrationData>, std::string>
load_calibration_data(const ModelOutputsSource& source, const CalibrationRequest& request,
                      const std::atomic<bool>* cancel, const std::function<void(double)>& progress,
                      double temperature) {
    auto loaded = load_model_outputs(source);
    if (auto* f = std::get_if<LoadFailure>(&loaded)) return f->message;
    auto data = std::make_shared<CalibrationData>();
    data->source = source;
    data->request = request;
    data->request.temperature.reset();
    auto outputs = std::make_shared<ModelOutputs>(std::move(std::get<ModelOutputs>(loaded)));
    data->name = outputs->scores_name == outputs->labels_name || outputs->labels_name.empty()
                     ? outputs->scores_name
                     : outputs->scores_name + " + " + outputs->labels_name;
    // Metrics and the fit take most of the time; the scores at T one or two passes more.
    auto report = compute_calibration(*outputs, data->request, cancel, [&](double f) {
        if (progress) progress(0.05 + 0.7 * f);
    });
    if (!report) return report.error().message;
    data->report = std::move(report.value());
    data->outputs = std::move(outputs);
    if (!data->scalable()) temperature = 1.0;
    if (auto err = score_at(*data, temperature, cancel,
                            [&](double f) {
                                if (progress) progress(0.75 + 0.25 * f);
                            });
        !err.empty())
        return err;
    return data;
}

std::variant<std::shared_ptr<CalibrationData>, std::string>
rescore_calibration_data(const std::shared_ptr<const CalibrationData>& base, double temperature,
                         const std::atomic<bool>* cancel,
                         const std::function<void(double)>& progress) {
    auto data = std::make_shared<CalibrationData>();
    data->source = base->source;
    data->name = base->name;
    data->outputs = base->outputs;
    data->request = base->request;
    data->report = base->report;
    if (auto err = score_at(*data, temperature, cancel, progress); !err.empty()) return err;
    return data;
}

CalibrationDataJob::CalibrationDataJob(std::function<void()> on_update)
    : m_on_update(std::move(on_update)) {}

CalibrationDataJob::~CalibrationDataJob() {
    m_cancel = true;
    if (m_worker.joinable()) m_worker.join();
}

void CalibrationDataJob::cancel() { m_cancel = true; }

void CalibrationDataJob::run(Task task) {
    m_cancel = true;
    if (m_worker.joinable()) m_worker.join();
    {
        std::lock_guard lock(m_mutex);
        m_outcome.reset();
    }
    m_cancel = false;
    m_progress = 0.0;
    m_running = true;
    m_worker = std::jthread([this, task = std::move(task)] {
        auto outcome = task(&m_cancel, [this](double f) {
            // Redraw only when the bar visibly moves (every 1 %).
            const double before = m_progress.exchange(f);
            if (m_on_update && int(f * 100) != int(before * 100)) m_on_update();
        });
        {
            std::lock_guard lock(m_mutex);
            m_outcome = std::move(outcome);
        }
        m_running = false;
        if (m_on_update) m_on_update();
    });
}

void CalibrationDataJob::start(ModelOutputsSource source, CalibrationRequest request,
                               double temperature) {
    m_source = source;
    run([source = std::move(source), request, temperature](
            const std::atomic<bool>* cancel, const std::function<void(double)>& progress) {
        return load_calibration_data(source, request, cancel, progress, temperature);
    });
}

void CalibrationDataJob::start_rescore(std::shared_ptr<const CalibrationData> base,
                                       double temperature) {
    m_source = base->source;
    run([base = std::move(base), temperature](const std::atomic<bool>* cancel,
                                              const std::function<void(double)>& progress) {
        return rescore_calibration_data(base, temperature, cancel, progress);
    });
}

std::optional<std::variant<std::shared_ptr<CalibrationData>, std::string>>
CalibrationDataJob::poll() {
    std::lock_guard lock(m_mutex);
    auto out = std::move(m_outcome);
    m_outcome.reset();
    return out;
}

// ---------------------------------------------------------------- [SECTION] Figures
CalibrationMetrics lab_metrics(const ClassifierMetrics& m, double t) {
    CalibrationMetrics out;
    out.temperature = t;
    out.nll = m.nll;
    out.ece = m.ece;
    out.accuracy = m.accuracy;
    out.mean_confidence = m.mean_confidence;
    out.examples = m.n;
    out.bins = m.bins;
    return out;
}

std::vector<plot::Figure> data_reliability_figures(const CalibrationData& data) {
    const auto& r = data.report;
    const CalibrationMetrics before = lab_metrics(r.before, 1.0);
    const CalibrationMetrics at = lab_metrics(data.at_t, data.temperature);
    const bool fitted = r.fit && r.after && r.after_temperature == data.temperature;
    // Short titles: the plots are about 200 px wide in a 1024 px window.
    const std::string t_short = fitted ? fmt::format("T* = {:.3g}", data.temperature)
                                       : fmt::format("T = {:.3g}", data.temperature);
    const std::string t_text = fitted                              ? t_short + " (fitted)"
                               : !data.scalable()                  ? t_short + " (no scaling)"
                               : data.temperature == 1.0 && !r.fit ? t_short + " (no fit)"
                                                                   : t_short + " (slider)";
    double y_max = 0.0;
    for (const auto* m : {&before, &at})
        for (const auto& b : m->bins)
            if (m->examples) y_max = std::max(y_max, double(b.count) / double(m->examples));
    y_max = std::min(1.0, std::max(0.05, 1.1 * y_max));
    std::vector<plot::Figure> figs;
    figs.push_back(reliability_figure(before, "calibration-data-reliability-before",
                                      "T = 1 (as trained)"));
    figs.push_back(reliability_figure(at, "calibration-data-reliability-after", t_text));
    figs.push_back(confidence_histogram_figure(before, "calibration-data-confidence-before",
                                               "Confidence, T = 1", y_max));
    figs.push_back(confidence_histogram_figure(at, "calibration-data-confidence-after",
                                               "Confidence, " + t_short, y_max));
    return figs;
}

namespace {

std::string loss_name(ExampleLoss loss, const ExampleLossView& v) {
    switch (loss) {
    case ExampleLoss::CrossEntropy: return "cross-entropy";
    case ExampleLoss::Focal: return fmt::format("focal γ = {:.3g}", v.gamma);
    case ExampleLoss::Smoothing: return fmt::format("smoothing ε = {:.3g}", v.eps);
    }
    return "";
}

} // namespace

plot::Figure sorted_losses_figure(const ExampleLossView& view, std::size_t n) {
    plot::Figure fig;
    fig.name = "calibration-data-sorted-losses";
    fig.title = fmt::format("Per-example losses, largest first (N = {})", n);
    double top = 0.0;
    for (const auto& s : view.losses)
        if (!s.sorted_value.empty()) top = std::max(top, s.sorted_value.front());
    fig.x_axis = {"rank / N (0 = worst example)", 0.0, 1.0, plot::AxisScale::Linear};
    fig.y_axis = {"loss (nats)", 0.0, top > 0.0 ? 1.05 * top : 1.0, plot::AxisScale::Linear};
    int c = 1;
    for (const auto& s : view.losses) {
        plot::Series line;
        line.name = fmt::format("{}: mean {:.4g}, worst 1 % carry {:.1f} %, 5 % {:.1f} %",
                                loss_name(s.loss, view), s.mean, 100.0 * s.worst1_share,
                                100.0 * s.worst5_share);
        line.kind = plot::SeriesKind::Line;
        line.color = plot::okabe_ito(c++);
        line.x = s.sorted_rank;
        line.y = s.sorted_value;
        fig.series.push_back(std::move(line));
    }
    return fig;
}

plot::Figure loss_histogram_figure(const ExampleLossView& view) {
    plot::Figure fig;
    fig.name = "calibration-data-loss-histogram";
    fig.title = "Histogram of the per-example losses";
    constexpr int kBins = 40;
    double hi = 0.0;
    if (!view.losses.empty() && !view.losses[0].values.empty()) {
        std::vector<double> ce = view.losses[0].values;
        const std::size_t at = std::size_t(0.999 * double(ce.size() - 1));
        std::nth_element(ce.begin(), ce.begin() + std::ptrdiff_t(at), ce.end());
        hi = ce[at];
    }
    if (!(hi > 0.0)) hi = 1.0;
    const double w = hi / kBins;
    double y_top = 0.0;
    int c = 1;
    for (const auto& s : view.losses) {
        std::vector<double> counts(kBins, 0.0);
        for (double v : s.values) counts[std::size_t(std::clamp(int(v / w), 0, kBins - 1))] += 1.0;
        const double n = double(s.values.size());
        plot::Series series;
        series.name = loss_name(s.loss, view);
        series.color = plot::okabe_ito(c++);
        for (int b = 0; b < kBins; ++b) {
            series.x.push_back((b + 0.5) * w);
            series.y.push_back(counts[std::size_t(b)] / n);
            y_top = std::max(y_top, counts[std::size_t(b)] / n);
        }
        if (s.loss == ExampleLoss::CrossEntropy) {
            series.kind = plot::SeriesKind::Bars;
            series.bar_width = 0.9 * w;
            series.color = plot::with_alpha(series.color, 0.45f);
        } else {
            series.kind = plot::SeriesKind::Line;
        }
        fig.series.push_back(std::move(series));
    }
    fig.x_axis = {fmt::format("loss (nats; the last bin holds everything above {:.3g})", hi), 0.0,
                  hi, plot::AxisScale::Linear};
    fig.y_axis = {"share of examples", 0.0, y_top > 0.0 ? 1.1 * y_top : 1.0,
                  plot::AxisScale::Linear};
    return fig;
}

} // namespace losslab::model

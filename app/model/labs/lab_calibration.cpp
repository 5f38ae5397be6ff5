#include "model/labs/lab_calibration.hpp"

#include "losslab/synthetic_confidence.hpp"
#include "plot/plot_layout.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

namespace losslab::model {

// ---------------------------------------------------------------- [SECTION] Numbers
namespace {

// The metrics from one temperature's scores (reliability bins over the confidences).
Result<CalibrationMetrics> metrics_of_scores(TemperatureScores scores, int num_bins) {
    const auto& p = scores.predictions;
    auto bins = reliability_bins(p.confidence, p.correct, num_bins);
    if (!bins) return bins.error();
    const double n = double(p.correct.size());
    CalibrationMetrics m;
    m.temperature = scores.temperature;
    m.nll = scores.nll;
    m.ece = expected_calibration_error_of_bins(bins.value());
    m.accuracy = double(std::accumulate(p.correct.begin(), p.correct.end(), 0L)) / n;
    m.mean_confidence = std::accumulate(p.confidence.begin(), p.confidence.end(), 0.0) / n;
    m.examples = p.correct.size();
    m.bins = std::move(bins.value());
    return m;
}

// The metrics at one temperature of logits prepared once (one pass over them).
Result<CalibrationMetrics> prepared_metrics(const PreparedLogits& prepared, double temperature,
                                            int num_bins) {
    auto scores = scores_at_temperature(prepared, temperature);
    if (!scores) return scores.error();
    return metrics_of_scores(std::move(scores.value()), num_bins);
}

} // namespace

Result<CalibrationMetrics> calibration_metrics(std::span<const double> logits,
                                               std::size_t num_classes,
                                               std::span<const int> labels, double temperature,
                                               int num_bins) {
    auto prepared = prepare_logits(logits, num_classes, labels);
    if (!prepared) return prepared.error();
    return prepared_metrics(prepared.value(), temperature, num_bins);
}

TrainingRunParams training_run_params(const CalibrationLabState& state) {
    TrainingRunParams p;
    p.epochs = int(params::kCalibEpoch.max);
    p.stubborn_fraction = state.stubborn;
    p.scale_growth = state.growth;
    p.seed = std::uint64_t(state.seed);
    return p;
}

EpochLossSummary epoch_loss_summary(const TrainingRun& run, int epoch) {
    EpochLossSummary s;
    if (run.example_losses.empty()) return s;
    const int epochs = int(run.example_losses.size());
    s.epoch = std::clamp(epoch, 1, epochs);
    const auto e = std::size_t(s.epoch - 1);
    s.accuracy = run.accuracy[e];
    s.mean_loss = run.mean_loss[e];
    const auto& losses = run.example_losses[e];
    s.examples = losses.size();
    double stubborn_sum = 0.0, total = 0.0;
    for (std::size_t i = 0; i < losses.size(); ++i) {
        total += losses[i];
        if (run.stubborn[i]) {
            stubborn_sum += losses[i];
            ++s.stubborn_count;
        }
    }
    s.stubborn_mean_part = stubborn_sum / double(s.examples);
    s.stubborn_share = total > 0.0 ? stubborn_sum / total : 0.0;
    s.best_epoch = int(std::min_element(run.mean_loss.begin(), run.mean_loss.end()) -
                       run.mean_loss.begin()) +
                   1;
    return s;
}

Result<TemperatureFit> fit_lab_temperature(const CalibrationResults& results) {
    if (!results.error.empty()) return Error{results.error};
    const auto& d = results.dataset;
    return fit_temperature(d.logits, d.num_classes, d.labels);
}

// ---------------------------------------------------------------- [SECTION] Cache
const CalibrationResults& CalibrationCache::results(const CalibrationLabState& s) {
    const DataKey key{s.examples, s.classes, s.seed};
    if (m_data_key != key) {
        m_data_key = key;
        m_confidence.reset();
        SyntheticClassifierParams p;
        p.num_examples = std::size_t(std::max(1, s.examples));
        p.num_classes = std::size_t(std::max(0, s.classes));
        p.confidence = 1.0;
        p.seed = std::uint64_t(s.seed);
        auto drawn = make_synthetic_classifier(p);
        m_data_error = drawn ? std::string() : drawn.error().message;
        m_calibrated = drawn ? std::move(drawn.value()) : SyntheticClassifier{};
    }
    if (m_confidence != s.confidence) {
        m_confidence = s.confidence;
        m_before_bins.reset();
        m_after_key.reset();
        m_results = {};
        m_results.error = m_data_error;
        if (m_results.error.empty()) {
            auto scaled = with_confidence(m_calibrated, s.confidence);
            if (scaled) m_results.dataset = std::move(scaled.value());
            else m_results.error = scaled.error().message;
        }
        if (m_results.error.empty()) {
            // What every temperature shares, once per dataset: moving T is then one pass.
            const auto& d = m_results.dataset;
            auto prepared = prepare_logits(d.logits, d.num_classes, d.labels);
            if (prepared) m_prepared = std::move(prepared.value());
            else m_results.error = prepared.error().message;
        }
    }
    if (!m_results.error.empty()) return m_results;
    if (m_before_bins != s.bins) {
        m_before_bins = s.bins;
        m_after_key.reset();
        auto before = prepared_metrics(m_prepared, 1.0, s.bins);
        if (!before) {
            m_results.error = before.error().message;
            return m_results;
        }
        m_results.before = std::move(before.value());
    }
    const std::pair<double, int> after_key{s.temperature, s.bins};
    if (m_after_key != after_key) {
        m_after_key = after_key;
        if (s.temperature == 1.0) {
            m_results.after = m_results.before;
        } else {
            auto after = prepared_metrics(m_prepared, s.temperature, s.bins);
            if (!after) {
                m_results.error = after.error().message;
                return m_results;
            }
            m_results.after = std::move(after.value());
        }
    }
    return m_results;
}

const TrainingResults& CalibrationCache::training(const CalibrationLabState& s) {
    const auto p = training_run_params(s);
    const bool same = m_run_key && m_run_key->stubborn_fraction == p.stubborn_fraction &&
                      m_run_key->scale_growth == p.scale_growth && m_run_key->seed == p.seed &&
                      m_run_key->epochs == p.epochs;
    if (!same) {
        m_run_key = p;
        auto run = simulate_training_run(p);
        m_training = {};
        if (run) m_training.run = std::move(run.value());
        else m_training.error = run.error().message;
    }
    return m_training;
}

// ---------------------------------------------------------------- [SECTION] Figures
namespace {

constexpr plot::Rgba kDiagonalGrey{120, 120, 120, 255};
constexpr plot::Rgba kMarkerGrey{90, 90, 90, 255};

plot::Figure error_figure(std::string name, const std::string& error) {
    plot::Figure fig;
    fig.name = std::move(name);
    fig.title = "Not available";
    fig.annotations.push_back({error, 0.03, 0.6});
    return fig;
}

std::string percent(double fraction) { return fmt::format("{:.1f}%", 100.0 * fraction); }

} // namespace

plot::Figure reliability_figure(const CalibrationMetrics& m, std::string name, std::string title) {
    plot::Figure fig;
    fig.name = std::move(name);
    fig.title = std::move(title);
    fig.x_axis = {"confidence (top-class softmax probability)", 0.0, 1.0, plot::AxisScale::Linear};
    fig.y_axis = {"accuracy in the bin", 0.0, 1.0, plot::AxisScale::Linear};

    plot::Series acc;
    acc.name = "accuracy";
    acc.kind = plot::SeriesKind::Bars;
    acc.color = plot::with_alpha(plot::okabe_ito(0), 0.85f);
    // Over-confident bins: the gap sits above the accuracy bar, shaded. Under-confident bins
    // (accuracy above confidence, common after Fit T): the gap lies inside the accuracy bar, so
    // it is a narrower opaque bar of its own listed colour, not a tint over the blue.
    plot::Series over;
    // Names that differ in their first word, so that shortened legend entries stay apart.
    over.name = fmt::format("over-confidence gap, ECE {:.3f}", m.ece);
    over.id = "gap-over";
    over.kind = plot::SeriesKind::Bars;
    over.color = plot::with_alpha(plot::okabe_ito(1), 0.5f);
    plot::Series under;
    under.name = "under-confidence gap";
    under.id = "gap-under";
    under.kind = plot::SeriesKind::Bars;
    under.color = plot::okabe_ito(2);
    for (const auto& b : m.bins) {
        // Empty bins have no accuracy; leaving them out keeps the hover readout honest.
        if (b.count == 0) continue;
        const double mid = 0.5 * (b.lower + b.upper);
        acc.x.push_back(mid);
        acc.y.push_back(b.accuracy);
        plot::Series& gap = b.mean_confidence >= b.accuracy ? over : under;
        gap.x.push_back(mid);
        gap.y.push_back(b.mean_confidence);
        gap.y_base.push_back(b.accuracy);
    }
    if (!m.bins.empty()) {
        const double width = 0.94 * (m.bins.front().upper - m.bins.front().lower);
        acc.bar_width = over.bar_width = width;
        under.bar_width = 0.45 * width;
    }
    // No under-confident bin: nothing to list.
    if (under.x.empty()) under.name.clear();
    plot::Series diagonal;
    diagonal.name = "perfect calibration";
    diagonal.x = {0.0, 1.0};
    diagonal.y = {0.0, 1.0};
    diagonal.color = kDiagonalGrey;
    diagonal.width = 1.5f;
    diagonal.style = plot::LineStyle::Dashed;
    diagonal.exact = [](double x) { return x; };
    fig.series = {std::move(acc), std::move(over), std::move(under), std::move(diagonal)};
    return fig;
}

plot::Figure confidence_histogram_figure(const CalibrationMetrics& m, std::string name,
                                   std::string title, double y_max) {
    plot::Figure fig;
    fig.name = std::move(name);
    fig.title = std::move(title);
    fig.x_axis = {"confidence (top-class softmax probability)", 0.0, 1.0, plot::AxisScale::Linear};
    fig.y_axis = {"fraction of examples", 0.0, y_max, plot::AxisScale::Linear};
    plot::Series hist;
    hist.name = "examples per bin";
    hist.kind = plot::SeriesKind::Bars;
    hist.color = plot::with_alpha(plot::okabe_ito(0), 0.55f);
    for (const auto& b : m.bins) {
        hist.x.push_back(0.5 * (b.lower + b.upper));
        hist.y.push_back(m.examples ? double(b.count) / double(m.examples) : 0.0);
    }
    if (!m.bins.empty()) hist.bar_width = 0.94 * (m.bins.front().upper - m.bins.front().lower);
    plot::Series acc;
    acc.name = "accuracy " + percent(m.accuracy);
    acc.kind = plot::SeriesKind::VLine;
    acc.x = {m.accuracy};
    acc.color = plot::okabe_ito(2);
    acc.width = 2.5f;
    plot::Series conf;
    conf.name = "mean confidence " + percent(m.mean_confidence);
    conf.kind = plot::SeriesKind::VLine;
    conf.x = {m.mean_confidence};
    conf.color = plot::okabe_ito(1);
    conf.width = 2.5f;
    conf.style = plot::LineStyle::Dashed;
    fig.series = {std::move(hist), std::move(acc), std::move(conf)};
    return fig;
}

std::vector<plot::Figure> temperature_view_figures(const CalibrationLabState& state,
                                             const CalibrationResults& r) {
    if (!r.error.empty())
        return {error_figure("calibration-reliability-before", r.error),
                error_figure("calibration-reliability-after", r.error),
                error_figure("calibration-confidence-before", r.error),
                error_figure("calibration-confidence-after", r.error)};
    auto max_fraction = [](const CalibrationMetrics& m) {
        std::size_t most = 0;
        for (const auto& b : m.bins) most = std::max(most, b.count);
        return m.examples ? double(most) / double(m.examples) : 0.0;
    };
    // One y range for both histograms so that moving mass between bins is visible.
    const double y_max =
        std::max(0.05, 1.12 * std::max(max_fraction(r.before), max_fraction(r.after)));
    const std::string t = fmt::format("{:.3g}", state.temperature);
    return {
        reliability_figure(r.before, "calibration-reliability-before",
                           "As trained, T = 1"),
        reliability_figure(r.after, "calibration-reliability-after",
                           "Temperature-scaled, T = " + t),
        confidence_histogram_figure(r.before, "calibration-confidence-before",
                                    "Confidence histogram, T = 1", y_max),
        confidence_histogram_figure(r.after, "calibration-confidence-after",
                                    fmt::format("Confidence histogram, T = {}", t), y_max),
    };
}

namespace {

std::vector<double> epoch_axis(std::size_t epochs) {
    std::vector<double> xs(epochs);
    for (std::size_t e = 0; e < epochs; ++e) xs[e] = double(e + 1);
    return xs;
}

plot::Series epoch_marker(int epoch) {
    plot::Series s;
    s.name = fmt::format("epoch {}", epoch);
    s.kind = plot::SeriesKind::VLine;
    s.x = {double(epoch)};
    s.color = kMarkerGrey;
    s.width = 1.5f;
    s.style = plot::LineStyle::Dotted;
    return s;
}

} // namespace

plot::Figure training_accuracy_figure(const CalibrationLabState& state, const TrainingRun& run) {
    const auto summary = epoch_loss_summary(run, state.epoch);
    plot::Figure fig;
    fig.name = "calibration-training-accuracy";
    fig.title = "Validation accuracy climbs…";
    const double epochs = double(run.accuracy.size());
    fig.x_axis = {"epoch", 0.0, epochs + 1.0, plot::AxisScale::Linear};
    fig.y_axis = {"validation accuracy", 0.0, 1.0, plot::AxisScale::Linear};
    plot::Series acc;
    acc.name = "accuracy";
    acc.x = epoch_axis(run.accuracy.size());
    acc.y = run.accuracy;
    acc.color = plot::okabe_ito(2);
    plot::Series dots = acc;
    dots.name.clear();
    dots.kind = plot::SeriesKind::Markers;
    dots.marker_radius = 3.0f;
    fig.series = {std::move(acc), std::move(dots), epoch_marker(summary.epoch)};
    return fig;
}

plot::Figure training_loss_figure(const CalibrationLabState& state, const TrainingRun& run) {
    const auto summary = epoch_loss_summary(run, state.epoch);
    plot::Figure fig;
    fig.name = "calibration-training-loss";
    const std::size_t epochs = run.mean_loss.size();
    const double top = *std::max_element(run.mean_loss.begin(), run.mean_loss.end());
    // The title says what the curve does: with logits that stop growing the loss falls.
    const double lowest = *std::min_element(run.mean_loss.begin(), run.mean_loss.end());
    const bool rises = !run.mean_loss.empty() && run.mean_loss.back() > lowest * 1.01;
    fig.title = rises ? "…while validation loss rises" : "…and validation loss falls with it";
    fig.x_axis = plot::fitted_axis("epoch");
    fig.y_axis = plot::fitted_axis("mean cross-entropy (nats)");
    plot::Series others, stubborn, mean;
    others.name = "from the other examples";
    others.kind = plot::SeriesKind::Area;
    others.color = plot::with_alpha(plot::okabe_ito(0), 0.35f);
    stubborn.name = "from the confident mistakes";
    stubborn.kind = plot::SeriesKind::Area;
    stubborn.color = plot::with_alpha(plot::okabe_ito(1), 0.45f);
    mean.name = "mean validation loss";
    mean.color = plot::okabe_ito(1);
    const auto xs = epoch_axis(epochs);
    others.x = stubborn.x = mean.x = xs;
    for (std::size_t e = 0; e < epochs; ++e) {
        const auto s = epoch_loss_summary(run, int(e + 1));
        const double rest = s.mean_loss - s.stubborn_mean_part;
        others.y.push_back(rest);
        stubborn.y_base.push_back(rest);
        stubborn.y.push_back(s.mean_loss);
        mean.y.push_back(s.mean_loss);
    }
    const int best = summary.best_epoch;
    plot::Series best_dot;
    best_dot.kind = plot::SeriesKind::Markers;
    best_dot.x = {double(best)};
    best_dot.y = {run.mean_loss[std::size_t(best - 1)]};
    best_dot.color = plot::okabe_ito(1);
    best_dot.marker_radius = 5.0f;
    fig.series = {std::move(others), std::move(stubborn), std::move(mean), std::move(best_dot),
                  epoch_marker(summary.epoch)};
    plot::Annotation a;
    a.text = fmt::format("lowest loss at epoch {}", best);
    a.x = double(best) + 1.5;
    a.y = 0.3 * top;
    a.arrow = true;
    a.arrow_x = double(best);
    a.arrow_y = run.mean_loss[std::size_t(best - 1)];
    fig.annotations.push_back(std::move(a));
    return fig;
}

plot::Figure example_losses_figure(const CalibrationLabState& state, const TrainingRun& run) {
    const auto s = epoch_loss_summary(run, state.epoch);
    const auto& losses = run.example_losses[std::size_t(s.epoch - 1)];
    std::vector<std::size_t> order(losses.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return losses[a] > losses[b]; });

    plot::Figure fig;
    fig.name = "calibration-example-losses";
    fig.title = fmt::format("Per-example validation loss at epoch {}, largest first", s.epoch);
    const double top = losses.empty() ? 1.0 : losses[order.front()];
    fig.x_axis = {"rank (examples sorted by their loss)", 0.0, double(losses.size()) + 1.0,
                  plot::AxisScale::Linear};
    fig.y_axis = plot::fitted_axis("cross-entropy −log pᵧ (nats)");
    plot::Series wrong, others;
    wrong.name = fmt::format("confident mistakes ({})", s.stubborn_count);
    wrong.kind = plot::SeriesKind::Bars;
    wrong.color = plot::okabe_ito(1);
    wrong.bar_width = 1.0;
    others.name = fmt::format("other examples ({})", s.examples - s.stubborn_count);
    others.kind = plot::SeriesKind::Bars;
    others.color = plot::okabe_ito(0);
    others.bar_width = 1.0;
    for (std::size_t rank = 0; rank < order.size(); ++rank) {
        plot::Series& target = run.stubborn[order[rank]] ? wrong : others;
        target.x.push_back(double(rank + 1));
        target.y.push_back(losses[order[rank]]);
    }
    plot::Series mean;
    mean.name = fmt::format("mean {:.3f}", s.mean_loss);
    mean.kind = plot::SeriesKind::HLine;
    mean.y = {s.mean_loss};
    mean.color = kMarkerGrey;
    mean.width = 1.5f;
    mean.style = plot::LineStyle::Dashed;
    fig.series = {std::move(wrong), std::move(others), std::move(mean)};
    plot::Annotation a;
    a.text = fmt::format("{} confident mistakes ({} of the examples) carry {} of the mean loss",
                         s.stubborn_count,
                         percent(double(s.stubborn_count) / double(std::max<std::size_t>(1, s.examples))),
                         percent(s.stubborn_share));
    a.x = 0.1 * double(losses.size());
    a.y = 0.55 * top;
    fig.annotations.push_back(std::move(a));
    return fig;
}

std::vector<plot::Figure> training_view_figures(const CalibrationLabState& state,
                                          const TrainingResults& t) {
    if (!t.error.empty() || t.run.accuracy.empty())
        return {error_figure("calibration-training-accuracy", t.error),
                error_figure("calibration-training-loss", t.error),
                error_figure("calibration-example-losses", t.error)};
    return {training_accuracy_figure(state, t.run), training_loss_figure(state, t.run),
            example_losses_figure(state, t.run)};
}

// ---------------------------------------------------------------- registry hooks
std::span<const ParamBinding> calibration_lab_params() {
    using L = LabId;
    static const std::array kParams{
        ParamBinding{L::Calibration, "calibration", &params::kCalibConfidence,
                     [](AppState& s) -> ParamRef { return &s.calibration.confidence; }},
        ParamBinding{L::Calibration, "calibration", &params::kCalibExamples,
                     [](AppState& s) -> ParamRef { return &s.calibration.examples; }},
        ParamBinding{L::Calibration, "calibration", &params::kCalibClasses,
                     [](AppState& s) -> ParamRef { return &s.calibration.classes; }},
        ParamBinding{L::Calibration, "calibration", &params::kCalibSeed,
                     [](AppState& s) -> ParamRef { return &s.calibration.seed; }},
        ParamBinding{L::Calibration, "calibration", &params::kCalibTemperature,
                     [](AppState& s) -> ParamRef { return &s.calibration.temperature; }},
        ParamBinding{L::Calibration, "calibration", &params::kCalibBins,
                     [](AppState& s) -> ParamRef { return &s.calibration.bins; }},
        ParamBinding{L::Calibration, "calibration", &params::kCalibView,
                     [](AppState& s) -> ParamRef { return &s.calibration.view; }},
        ParamBinding{L::Calibration, "calibration", &params::kCalibEpoch,
                     [](AppState& s) -> ParamRef { return &s.calibration.epoch; }},
        ParamBinding{L::Calibration, "calibration", &params::kCalibStubborn,
                     [](AppState& s) -> ParamRef { return &s.calibration.stubborn; }},
        ParamBinding{L::Calibration, "calibration", &params::kCalibGrowth,
                     [](AppState& s) -> ParamRef { return &s.calibration.growth; }},
        ParamBinding{L::Calibration, "calibration", &params::kCalibDataGamma,
                     [](AppState& s) -> ParamRef { return &s.calibration.data_gamma; }},
        ParamBinding{L::Calibration, "calibration", &params::kCalibDataEps,
                     [](AppState& s) -> ParamRef { return &s.calibration.data_eps; }},
    };
    return kParams;
}

namespace {
// The catalogue builds each figure from scratch (export is not per frame).
plot::Figure temperature_figure(const AppState& s, std::size_t i) {
    CalibrationCache cache;
    return temperature_view_figures(s.calibration, cache.results(s.calibration))[i];
}
plot::Figure training_figure(const AppState& s, std::size_t i) {
    CalibrationCache cache;
    return training_view_figures(s.calibration, cache.training(s.calibration))[i];
}
} // namespace

std::span<const FigureInfo> calibration_lab_figures() {
    using L = LabId;
    static const std::array kFigures{
        FigureInfo{"calibration-reliability-before", L::Calibration,
                   [](const AppState& s) { return temperature_figure(s, 0); }},
        FigureInfo{"calibration-reliability-after", L::Calibration,
                   [](const AppState& s) { return temperature_figure(s, 1); }},
        FigureInfo{"calibration-confidence-before", L::Calibration,
                   [](const AppState& s) { return temperature_figure(s, 2); }},
        FigureInfo{"calibration-confidence-after", L::Calibration,
                   [](const AppState& s) { return temperature_figure(s, 3); }},
        FigureInfo{"calibration-training-accuracy", L::Calibration,
                   [](const AppState& s) { return training_figure(s, 0); }},
        FigureInfo{"calibration-training-loss", L::Calibration,
                   [](const AppState& s) { return training_figure(s, 1); }},
        FigureInfo{"calibration-example-losses", L::Calibration,
                   [](const AppState& s) { return training_figure(s, 2); }},
    };
    return kFigures;
}

} // namespace losslab::model

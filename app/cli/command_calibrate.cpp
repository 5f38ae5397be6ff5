// `losslab calibrate`: the calibration metrics of a model's outputs (logits or probabilities
// and labels from .npy, .npz or CSV) before and after temperature scaling, as text or JSON,
// and optionally the reliability diagram as a figure file. No display needed except for PNG.

#include "cli/commands.hpp"
#include "export/figure_files.hpp"
#include "model/tensors/model_outputs.hpp"
#include "model/tensors/model_outputs_figure.hpp"
#include "platform/font_locator.hpp"
#include "platform/requests.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>

#include <sys/resource.h>

namespace losslab::cli {

namespace {

// CPU seconds (user + system, every thread) this process has used so far.
double process_cpu_seconds() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           1e-6 * double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

struct CalibrateFlags {
    std::string logits, labels, npz, csv;
    bool probs = false;
    int bins = 15;
    std::string binning = "width";
    std::string format = "text";
    std::string plot;
    bool timing = false;
    double temperature = 0.0; // with temperature_given: score at this T instead of fitting
    bool temperature_given = false;
};

nlohmann::ordered_json json_value(double v) {
    if (std::isnan(v)) return nullptr; // not available (a top-label table has no NLL)
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    return v;
}

nlohmann::ordered_json metrics_json(const ClassifierMetrics& m, bool with_counts) {
    nlohmann::ordered_json j;
    if (with_counts) {
        j["n"] = m.n;
        j["k"] = m.k ? nlohmann::ordered_json(m.k) : nlohmann::ordered_json(nullptr);
    }
    j["accuracy"] = json_value(m.accuracy);
    j["mean_confidence"] = json_value(m.mean_confidence);
    j["nll"] = json_value(m.nll);
    j["brier"] = json_value(m.brier);
    j["ece"] = json_value(m.ece);
    j["mce"] = json_value(m.mce);
    j["rmsce"] = json_value(m.rmsce);
    j["classwise_ece"] = json_value(m.classwise_ece);
    return j;
}

std::string text_value(double v) {
    if (std::isnan(v)) return "n/a";
    return fmt::format("{:.6f}", v);
}

std::string text_report(const model::ModelOutputs& o, const model::CalibrationReport& r,
                        const CalibrateFlags& f) {
    const ClassifierMetrics& b = r.before;
    std::string s;
    s += fmt::format("scores       {}{}\n", o.scores_name,
                     o.top_label_only() ? " (true_label,pred_label,confidence)"
                     : o.kind == ScoreKind::Probabilities ? " (probabilities)"
                                                          : " (logits)");
    if (o.labels_name != o.scores_name) s += fmt::format("labels       {}\n", o.labels_name);
    s += fmt::format("N            {}\n", b.n);
    s += fmt::format("K            {}{}\n", b.k ? std::to_string(b.k) : "n/a",
                     o.columns == 1 ? " (binary: one logit per example, sigmoid)" : "");
    s += fmt::format("bins         {} {}\n", f.bins,
                     f.binning == "mass" ? "equal-mass (sklearn quantile)"
                                         : "equal-width (b/M, (b+1)/M]");
    if (f.temperature > 0.0)
        s += fmt::format("temperature  {:.12g} (given with --temperature; not fitted)\n",
                         f.temperature);
    else if (r.fit)
        s += fmt::format("temperature  {:.12g} (NLL-minimising, {} passes; NLL {:.6f} -> {:.6f})\n",
                         r.fit->temperature, r.fit->iterations, r.fit->nll_at_one, r.fit->nll);
    else
        s += fmt::format("temperature  not fitted: {}\n", r.fit_error);
    s += fmt::format("\n{:<24}{:>14}{:>14}\n", "metric", "T = 1",
                     r.after ? fmt::format("T = {:.4g}", r.after_temperature) : "");
    auto row = [&](const char* name, double ClassifierMetrics::*field) {
        s += fmt::format("{:<24}{:>14}{:>14}\n", name, text_value(b.*field),
                         r.after ? text_value((*r.after).*field) : "");
    };
    row("accuracy", &ClassifierMetrics::accuracy);
    row("mean confidence", &ClassifierMetrics::mean_confidence);
    row("NLL", &ClassifierMetrics::nll);
    row("Brier score", &ClassifierMetrics::brier);
    row("ECE", &ClassifierMetrics::ece);
    row("MCE", &ClassifierMetrics::mce);
    row("RMS calibration error", &ClassifierMetrics::rmsce);
    row("class-wise ECE", &ClassifierMetrics::classwise_ece);
    return s;
}

int run_calibrate(const CalibrateFlags& f) {
    if (f.format != "text" && f.format != "json")
        return fail_usage(make_error("--format", "text or json", quote(f.format)).message);
    if (f.binning != "width" && f.binning != "mass")
        return fail_usage(make_error("--binning", "width or mass", quote(f.binning)).message);
    if (f.bins < 1 || f.bins > 10000)
        return fail_usage(make_error("--bins", "1 <= M <= 10000", std::to_string(f.bins)).message);
    if (f.temperature_given && !(std::isfinite(f.temperature) && f.temperature > 0.0))
        return fail_usage(
            make_error("--temperature", "a finite T > 0", fmt::format("{}", f.temperature))
                .message);
    if (!f.plot.empty())
        if (auto fmt_ok = exporting::format_from_path(f.plot); !fmt_ok)
            return fail_usage(fmt_ok.error().message);

    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    const double c0 = process_cpu_seconds();
    model::ModelOutputsSource source{f.logits, f.labels, f.npz, f.csv, f.probs};
    auto loaded = model::load_model_outputs(source);
    const auto t_loaded = Clock::now();
    const double c_loaded = process_cpu_seconds();
    if (auto* fail = std::get_if<model::LoadFailure>(&loaded)) {
        std::fprintf(stderr, "losslab: %s\n", fail->message.c_str());
        return fail->io ? 1 : 2;
    }
    const auto& outputs = std::get<model::ModelOutputs>(loaded);

    model::CalibrationRequest request;
    request.num_bins = f.bins;
    request.binning = f.binning == "mass" ? CalibrationBinning::EqualMass
                                          : CalibrationBinning::EqualWidth;
    if (f.temperature_given) request.temperature = f.temperature;
    // Stage boundaries from the progress fractions (0.3: metrics at T = 1 done, 0.75: fit done).
    Clock::time_point t_before = t_loaded, t_fit = t_loaded;
    double c_before = c_loaded, c_fit = c_loaded;
    auto progress = [&](double fr) {
        if (!f.timing) return;
        if (fr <= 0.3) {
            t_before = Clock::now();
            c_before = process_cpu_seconds();
        }
        if (fr <= 0.75) {
            t_fit = Clock::now();
            c_fit = process_cpu_seconds();
        }
    };
    auto report = model::compute_calibration(outputs, request, nullptr, progress);
    if (!report) return fail_usage(report.error().message);
    const auto t_done = Clock::now();
    const double c_done = process_cpu_seconds();
    if (f.timing) {
        auto ms = [](Clock::time_point a, Clock::time_point b) {
            return std::chrono::duration<double, std::milli>(b - a).count();
        };
        // Wall time, then the CPU time of every thread in parentheses.
        std::fprintf(stderr,
                     "losslab: timing (wall, CPU): load %.0f ms (%.0f), metrics at T = 1 %.0f ms "
                     "(%.0f), temperature fit %.0f ms (%.0f), metrics at T %.0f ms (%.0f); "
                     "total %.0f ms (%.0f)\n",
                     ms(t0, t_loaded), 1e3 * (c_loaded - c0), ms(t_loaded, t_before),
                     1e3 * (c_before - c_loaded), ms(t_before, t_fit), 1e3 * (c_fit - c_before),
                     ms(t_fit, t_done), 1e3 * (c_done - c_fit), ms(t0, t_done),
                     1e3 * (c_done - c0));
    }
    const auto& r = report.value();

    if (f.format == "json") {
        nlohmann::ordered_json doc = metrics_json(r.before, true);
        doc["temperature"] =
            r.after ? nlohmann::ordered_json(r.after_temperature) : nlohmann::ordered_json(nullptr);
        doc["after"] = r.after ? metrics_json(*r.after, false) : nlohmann::ordered_json(nullptr);
        doc["temperature_fitted"] = r.fit.has_value();
        if (!r.fit && !f.temperature_given) doc["temperature_error"] = r.fit_error;
        doc["num_bins"] = f.bins;
        doc["binning"] = f.binning;
        std::printf("%s\n", doc.dump().c_str());
    } else {
        const std::string text = text_report(outputs, r, f);
        std::fwrite(text.data(), 1, text.size(), stdout);
    }
    if (!r.fit && !f.temperature_given)
        std::fprintf(stderr, "losslab: temperature not fitted: %s\n", r.fit_error.c_str());

    if (!f.plot.empty()) {
        const plot::Figure figure = model::model_outputs_reliability_figure(r);
        ui::ExportRequest er;
        er.figure = figure.name;
        er.path = f.plot;
        // PNG and PDF are drawn by cairo: no display needed.
        const std::string font = platform::find_font_file("DejaVu Sans");
        if (auto ok = platform::export_built_figure(figure, er, font, ""); !ok) {
            std::fprintf(stderr, "losslab: %s\n", ok.error().message.c_str());
            return 1;
        }
        std::fprintf(stderr, "losslab: wrote %s\n", f.plot.c_str());
    }
    return 0;
}

} // namespace

Subcommand add_calibrate_command(CLI::App& app) {
    auto flags = std::make_shared<CalibrateFlags>();
    auto* sub = app.add_subcommand(
        "calibrate", "Calibration metrics and temperature scaling of a model's outputs");
    sub->footer(
        "Calibration of a model's outputs: N, K, accuracy, mean confidence, NLL, Brier score, "
        "ECE / MCE / RMS calibration error (torchmetrics' l1 / max / l2; top-label, equal-width "
        "bins (b/M, (b+1)/M] as sklearn's calibration_curve, or equal-mass), class-wise ECE, "
        "the NLL-minimising temperature T and every metric after scaling by it. Bad input "
        "exits with 2, unreadable files with 1.");
    sub->add_option("--logits", flags->logits, "N x K (or N, binary) float32/float64 .npy");
    sub->add_option("--labels", flags->labels, "N int64/int32/uint8 .npy of class indices");
    sub->add_option("--npz", flags->npz, ".npz holding arrays 'logits' and 'labels'");
    sub->add_option("--csv", flags->csv,
                    "CSV with header label,logit_0,... or true_label,pred_label,confidence");
    sub->add_flag("--probs", flags->probs,
                  "The scores are probabilities (no temperature scaling)");
    sub->add_option("--bins", flags->bins, "Number of bins M (default 15)");
    sub->add_option("--binning", flags->binning, "width (default) or mass");
    sub->add_option("--format", flags->format, "text (default) or json");
    sub->add_option("--plot", flags->plot,
                    "Write the reliability diagram before/after (.png, .pdf, .svg or .csv)");
    sub->add_option_function<double>(
        "--temperature",
        [flags](double t) {
            flags->temperature = t;
            flags->temperature_given = true;
        },
        "Score at this temperature T > 0 (the second column / `after`) instead of fitting T");
    sub->add_flag("--timing", flags->timing,
                  "Print the time of each stage (load, metrics, fit, metrics after) on stderr");
    return Subcommand{sub, [flags] { return run_calibrate(*flags); }};
}

} // namespace losslab::cli

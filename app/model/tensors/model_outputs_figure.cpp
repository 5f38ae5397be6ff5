#include "model/tensors/model_outputs_figure.hpp"

#include <fmt/format.h>

namespace losslab::model {

namespace {

// Accuracy against mean confidence of the non-empty bins, as a line with markers.
plot::Series reliability_series(const ClassifierMetrics& m, std::string name, plot::Rgba color,
                          plot::LineStyle style) {
    plot::Series s;
    s.name = std::move(name);
    s.kind = plot::SeriesKind::Line;
    s.color = color;
    s.style = style;
    for (const auto& b : m.bins) {
        if (b.count == 0) continue; // an empty bin has no accuracy
        s.x.push_back(b.mean_confidence);
        s.y.push_back(b.accuracy);
    }
    return s;
}

plot::Series markers_of(const plot::Series& line) {
    plot::Series s = line;
    s.name.clear();
    s.kind = plot::SeriesKind::Markers;
    return s;
}

} // namespace

plot::Figure model_outputs_reliability_figure(const CalibrationReport& report) {
    const ClassifierMetrics& before = report.before;
    plot::Figure fig;
    fig.name = "calibration-model-outputs";
    fig.title = fmt::format("Reliability of the model's outputs (N = {}, {} bins)", before.n,
                            before.bins.size());
    fig.x_axis = {"confidence (top-class probability)", 0.0, 1.0, plot::AxisScale::Linear};
    fig.y_axis = {"accuracy in the bin / share of examples", 0.0, 1.0, plot::AxisScale::Linear};

    plot::Series hist;
    hist.name = "share of examples per bin (T = 1)";
    hist.kind = plot::SeriesKind::Bars;
    hist.color = plot::with_alpha(plot::okabe_ito(0), 0.25f);
    double narrowest = 1.0;
    for (const auto& b : before.bins) {
        hist.x.push_back(0.5 * (b.lower + b.upper));
        hist.y.push_back(before.n ? double(b.count) / double(before.n) : 0.0);
        if (b.upper > b.lower) narrowest = std::min(narrowest, b.upper - b.lower);
    }
    hist.bar_width = 0.94 * narrowest;

    plot::Series diagonal;
    diagonal.name = "perfect calibration";
    diagonal.x = {0.0, 1.0};
    diagonal.y = {0.0, 1.0};
    diagonal.color = plot::Rgba{128, 128, 128, 255};
    diagonal.width = 1.5f;
    diagonal.style = plot::LineStyle::Dashed;
    diagonal.exact = [](double x) { return x; };

    fig.series.push_back(std::move(hist));
    fig.series.push_back(std::move(diagonal));
    plot::Series b = reliability_series(before, fmt::format("T = 1, ECE {:.4f}", before.ece),
                                  plot::okabe_ito(1), plot::LineStyle::Solid);
    fig.series.push_back(markers_of(b));
    fig.series.push_back(std::move(b));
    if (report.after) {
        plot::Series a = reliability_series(
            *report.after,
            fmt::format("T = {:.4g}, ECE {:.4f}", report.after_temperature, report.after->ece),
            plot::okabe_ito(2), plot::LineStyle::Solid);
        fig.series.push_back(markers_of(a));
        fig.series.push_back(std::move(a));
    }
    return fig;
}

} // namespace losslab::model

// Every figure of the catalogue, at its default state, laid out and painted at five sizes in
// two themes through plot::RecordingPainter: no two text boxes overlap, no text leaves the
// figure, the legend covers no data point, and no axis has more than 10 labelled ticks.
// Text is measured at 0.62 em per character (wider than DejaVu Sans for ordinary text, so
// the real font has more room than the test gives it).

#include "model/io/export_sizes.hpp"
#include "model/labs/figure_catalogue.hpp"
#include "model/params/param_registry.hpp"
#include "plot/layout_report.hpp"
#include "plot/painter.hpp"

#include <fmt/format.h>

#include "null_painter.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

using namespace losslab;
using namespace losslab::plot;

namespace {

// Draws nothing; measures 0.62 em per UTF-8 character and 1 em per line.
class MeasuringPainter final : public losslab::testing::NullPainter {
public:
    MeasuringPainter() : NullPainter(0.62f, 1.0f, true) {}
};

struct Size {
    int w, h;
    // 1: screen text size; 0: the export default for the size.
    float scale;
};

constexpr Size kSizes[] = {
    {400, 260, 1.0f}, {560, 380, 1.0f}, {800, 500, 1.0f}, {1600, 1000, 0.0f}, {3200, 2000, 0.0f}};

// Data points (and bar tops) of visible series that lie in the data area under the legend.
std::vector<std::string> covered_points(const Figure& fig, const PlotLayout& L) {
    std::vector<std::string> out;
    if (L.legend_entries.empty()) return out;
    for (const auto& s : fig.series) {
        if (!s.visible || s.kind == SeriesKind::VLine || s.kind == SeriesKind::HLine) continue;
        for (size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i) {
            const Vec2 q{L.x_to_px(s.x[i]), L.y_to_px(s.y[i])};
            if (L.plot.contains(q) && L.legend.contains(q))
                out.push_back(s.name + " at (" + std::to_string(s.x[i]) + ", " +
                              std::to_string(s.y[i]) + ")");
        }
    }
    return out;
}

int labelled_majors(const std::vector<Tick>& ticks) {
    int n = 0;
    for (const auto& t : ticks) n += t.major && !t.label.empty();
    return n;
}

} // namespace

TEST(FigureLayout, EveryCatalogueFigureAtEverySizeAndThemeHasNoLayoutDefects) {
    const model::AppState state = model::default_app_state();
    int combos = 0, bad_combos = 0;
    for (const auto& info : model::figure_catalogue()) {
        const Figure fig = info.build(state);
        for (const Size& size : kSizes) {
            for (Theme theme : {Theme::Light, Theme::Dark}) {
                ++combos;
                LayoutReport report;
                report.width = float(size.w);
                report.height = float(size.h);
                const Rect outer{0, 0, float(size.w), float(size.h)};
                report.plots.push_back({fig.name, outer});
                MeasuringPainter measuring;
                RecordingPainter rec(measuring, report, fig.name);
                const PlotStyle style = model::export_style(size.w, size.h, size.scale);
                const PlotLayout L =
                    paint_figure_at_default_view(fig, outer, plot_theme(theme), style, rec);
                const LayoutDefects d = find_layout_defects(report);
                const auto covered = covered_points(fig, L);
                const std::string where =
                    fmt::format("{} at {}x{} ({})", info.name, size.w, size.h, theme_name(theme));
                std::string details;
                for (const auto& line : d.details) details += "\n  " + line;
                for (const auto& line : covered) details += "\n  legend covers " + line;
                EXPECT_EQ(d.overlapping_pairs, 0) << where << details;
                EXPECT_EQ(d.outside, 0) << where << details;
                EXPECT_TRUE(covered.empty()) << where << details;
                EXPECT_LE(labelled_majors(L.x_ticks), 10) << where;
                EXPECT_LE(labelled_majors(L.y_ticks), 10) << where;
                if (!fig.hide_axes) { // a drawing (Figure 2) has no axes to label
                    EXPECT_GE(labelled_majors(L.x_ticks), 1) << where << ": an axis without a label";
                }
                bad_combos += d.overlapping_pairs + d.outside + int(covered.size()) > 0;
            }
        }
    }
    std::printf("figure-size-theme combinations: %d, with defects: %d\n", combos, bad_combos);
    EXPECT_GT(combos, 100);
}

TEST(FigureLayout, CategoricalAxesShowTheirNamesAsTicks) {
    const model::AppState state = model::default_app_state();
    const auto* info = model::find_figure("focal-imbalance");
    ASSERT_NE(info, nullptr);
    const Figure fig = info->build(state);
    ASSERT_EQ(fig.x_axis.categories.size(), 3u);
    MeasuringPainter m;
    const auto measure = [&](std::string_view t, float s) { return m.measure(t, s); };
    const PlotLayout L =
        layout_plot(fig, default_view(fig), {0, 0, 800, 500}, PlotStyle{}, measure);
    std::vector<std::string> labels;
    for (const auto& t : L.x_ticks)
        if (!t.label.empty()) labels.push_back(t.label);
    EXPECT_EQ(labels, fig.x_axis.categories);
    EXPECT_DOUBLE_EQ(L.view.x0, -0.5);
    EXPECT_DOUBLE_EQ(L.view.x1, 2.5);
}

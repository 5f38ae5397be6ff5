// Layout invariants of the plot library alone: whatever the figure and size, the text drawn
// (recorded by RecordingPainter, i.e. what a painter really received) never overlaps, never
// leaves the figure, the legend covers no data point, and no axis has more than 10 ticks.

#include "plot/layout_report.hpp"
#include "plot/painter.hpp"

#include "null_painter.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

using namespace losslab::plot;

namespace {

using NullPainter = losslab::testing::NullPainter;

// A crowded figure: a long title, long axis labels, bars with value labels, a curve that
// passes through every corner, a long legend and annotations on top of each other.
Figure crowded_figure() {
    Figure f;
    f.name = "crowded";
    f.title = "A very long title that explains everything about label smoothing targets at once";
    f.x_axis = {"class (1 = true class) and a rather long explanation of the axis", -0.5, 9.5};
    f.y_axis = {"target probability of the class", 0.0, 1.0};
    Series bars;
    bars.name = "targets";
    bars.kind = SeriesKind::Bars;
    for (int i = 0; i < 10; ++i) {
        bars.x.push_back(i);
        bars.y.push_back(i == 1 ? 0.9 : 0.011);
        bars.point_labels.push_back(i == 1 ? "0.900" : "0.011");
    }
    f.series.push_back(bars);
    Series curve;
    curve.name = "a curve that visits every corner of the axes, with a long legend entry";
    for (int i = 0; i <= 200; ++i) {
        const double x = -0.5 + 10.0 * i / 200.0;
        curve.x.push_back(x);
        curve.y.push_back(0.5 + 0.5 * std::cos(x * 3.14159 / 2.5));
    }
    f.series.push_back(curve);
    f.annotations.push_back({"minimum here", 4.0, 0.5});
    f.annotations.push_back({"another minimum here", 4.1, 0.5});
    f.annotations.push_back({"a third one", 4.2, 0.49});
    return f;
}

LayoutReport paint_report(const Figure& fig, float w, float h, float text_scale) {
    LayoutReport report;
    report.width = w;
    report.height = h;
    NullPainter null;
    RecordingPainter rec(null, report, fig.name);
    PlotStyle style;
    style.font_size *= text_scale;
    style.label_size *= text_scale;
    style.title_size *= text_scale;
    style.padding *= text_scale;
    const Rect outer{0, 0, w, h};
    report.plots.push_back({fig.name, outer});
    const PlotLayout L = paint_figure_at_default_view(fig, outer, plot_theme(Theme::Light), style, rec);
    // Legend over no data point: checked here with the layout the painter used.
    if (!L.legend_entries.empty()) {
        for (const auto& s : fig.series)
            for (size_t i = 0; i < s.x.size(); ++i) {
                const Vec2 q{L.x_to_px(s.x[i]), L.y_to_px(s.y[i])};
                if (L.plot.contains(q)) {
                    EXPECT_FALSE(L.legend.contains(q))
                        << w << "x" << h << ": legend covers (" << s.x[i] << ", " << s.y[i] << ")";
                }
            }
    }
    int xmaj = 0, ymaj = 0;
    for (const auto& t : L.x_ticks) xmaj += t.major && !t.label.empty();
    for (const auto& t : L.y_ticks) ymaj += t.major && !t.label.empty();
    EXPECT_LE(xmaj, 10) << w << "x" << h;
    EXPECT_LE(ymaj, 10) << w << "x" << h;
    return report;
}

} // namespace

TEST(LayoutInvariants, CrowdedFigureHasNoCollisionsAtAnySize) {
    const Figure fig = crowded_figure();
    const float sizes[][3] = {{400, 260, 1.0f},  {560, 380, 1.0f},  {800, 500, 1.0f},
                              {1600, 1000, 2.0f}, {3200, 2000, 4.0f}, {1280, 800, 1.0f}};
    for (const auto& s : sizes) {
        const LayoutReport report = paint_report(fig, s[0], s[1], s[2]);
        const LayoutDefects d = find_layout_defects(report);
        std::string details;
        for (const auto& line : d.details) details += "\n  " + line;
        EXPECT_EQ(d.overlapping_pairs, 0) << s[0] << "x" << s[1] << details;
        EXPECT_EQ(d.outside, 0) << s[0] << "x" << s[1] << details;
        EXPECT_FALSE(report.texts.empty());
    }
}

TEST(LayoutInvariants, LongTitleIsShortenedWithEllipsisAndKeptForTheTooltip) {
    const Figure fig = crowded_figure();
    NullPainter null;
    const auto measure = [&](std::string_view t, float size) { return null.measure(t, size); };
    const PlotLayout L = layout_plot(fig, default_view(fig), {0, 0, 400, 260}, PlotStyle{}, measure);
    ASSERT_FALSE(L.title.empty());
    EXPECT_NE(L.title, fig.title);
    EXPECT_EQ(L.title.substr(L.title.size() - std::string("…").size()), "…");
    EXPECT_EQ(L.title_full, fig.title);
}

TEST(LayoutReport, DefectsAreFoundAndJsonHasTheDocumentedShape) {
    LayoutReport r;
    r.width = 100;
    r.height = 50;
    r.plots.push_back({"f", {0, 0, 100, 50}});
    r.texts.push_back({"a", "title", {10, 10, 40, 20}, "f"});
    r.texts.push_back({"b", "legend", {30, 15, 60, 25}, "f"});
    r.texts.push_back({"c \"q\"", "x-tick", {90, 40, 120, 55}, "f"});
    const LayoutDefects d = find_layout_defects(r);
    EXPECT_EQ(d.overlapping_pairs, 1);
    EXPECT_EQ(d.outside, 1);
    const std::string json = layout_report_json(r);
    EXPECT_NE(json.find("\"size\": [100, 50]"), std::string::npos) << json;
    EXPECT_NE(json.find("{\"figure\": \"f\", \"box\": [0.00, 0.00, 100.00, 50.00]}"),
              std::string::npos)
        << json;
    EXPECT_NE(json.find("\"text\": \"c \\\"q\\\"\", \"role\": \"x-tick\""), std::string::npos)
        << json;
}

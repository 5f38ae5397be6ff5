// Figure 2 and the heatmaps as model figures: built from the lab's numbers, picked planes
// mapped back from data points, and laid out without overlapping or clipped text at three
// sizes (RecordingPainter with stand-in metrics; the real font is checked in tests/gui).

#include "model/labs/figure_catalogue.hpp"
#include "model/labs/lab_normalization_figure2.hpp"
#include "plot/layout_report.hpp"
#include "plot/painter.hpp"

#include "null_painter.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

using namespace losslab::model;
using namespace losslab::plot;

namespace {

using NullPainter = losslab::testing::NullPainter;

LayoutReport report_of(const Figure& fig, float w, float h) {
    LayoutReport report;
    report.width = w;
    report.height = h;
    NullPainter null;
    RecordingPainter rec(null, report, fig.name);
    report.plots.push_back({fig.name, {0, 0, w, h}});
    paint_figure_at_default_view(fig, {0, 0, w, h}, plot_theme(Theme::Light), PlotStyle{}, rec);
    return report;
}

size_t count_text(const LayoutReport& r, const std::string& s) {
    return size_t(std::count_if(r.texts.begin(), r.texts.end(),
                                [&](const TextItem& t) { return t.text == s; }));
}

} // namespace

TEST(NormalizationFigure2, IsInTheCatalogueWithItsHeatmaps) {
    for (const char* name : {"normalization-figure-2", "normalization-figure-2-mean-heatmap",
                             "normalization-figure-2-variance-heatmap"}) {
        const auto* info = find_figure(name);
        ASSERT_NE(info, nullptr) << name;
        EXPECT_EQ(info->lab, LabId::Normalization);
        EXPECT_EQ(info->build(AppState{}).name, name);
    }
}

TEST(NormalizationFigure2, BoxesLabelsAndTheSharedBlockFollowTheState) {
    NormalizationLabState s;
    s.method = 3; // gn
    s.groups = 4;
    NormalizationLab lab;
    const Figure f = normalization_figure2(s, lab, {3, 9});
    const auto has = [&](const std::string& t) {
        return std::any_of(f.annotations.begin(), f.annotations.end(),
                           [&](const Annotation& a) { return a.text == t; });
    };
    EXPECT_TRUE(has("GroupNorm (G = 4)"));
    EXPECT_TRUE(has("BatchNorm"));
    EXPECT_TRUE(has("C = 32"));
    EXPECT_TRUE(has("N = 8"));
    EXPECT_TRUE(has("16×16"));
    const auto shared = std::find_if(f.series.begin(), f.series.end(),
                                     [](const Series& x) { return x.id == "shared"; });
    ASSERT_NE(shared, f.series.end());
    // Four methods x (three faces + the picked plane).
    EXPECT_EQ(shared->polygons.size(), 16u);
    // GroupNorm's block (the last box's) spans channels 8..15 of 32 at sample 3: its top
    // face starts at n = 3/8 and c = 8/32 of the box.
    const Polygon& top = shared->polygons[12 + 1];
    const auto pick = normalization_figure2_pick_at(lab, top.x[0] + 1e-6 + 0.01, top.y[0] + 0.001);
    ASSERT_TRUE(pick.has_value());
    EXPECT_EQ(pick->n, 3u);
    EXPECT_EQ(pick->c, 8u);
    ASSERT_EQ(f.notes.size(), 1u);
    EXPECT_NE(f.notes[0].find("(3, 9)"), std::string::npos) << f.notes[0];
}

TEST(NormalizationFigure2, HeatmapsShowThePlaneStatisticsWithAColourBar) {
    NormalizationLabState s;
    NormalizationLab lab;
    const Figure m = normalization_mean_heatmap(s, lab, {1, 2});
    ASSERT_FALSE(m.series.empty());
    const Image& im = m.series[0].image;
    EXPECT_EQ(m.series[0].kind, SeriesKind::Image);
    EXPECT_EQ(im.rows, 8u);
    EXPECT_EQ(im.cols, 32u);
    const auto& mean = lab.plane_mean();
    ASSERT_EQ(im.values.size(), mean.size());
    for (size_t i = 0; i < mean.size(); ++i)
        EXPECT_EQ(im.values[i], double(mean[i]));
    EXPECT_EQ(im.colorbar_label, "mean");
    const auto pick = normalization_heatmap_pick_at(lab, 2.2, 0.8);
    ASSERT_TRUE(pick.has_value());
    EXPECT_EQ(pick->n, 1u);
    EXPECT_EQ(pick->c, 2u);
    EXPECT_FALSE(normalization_heatmap_pick_at(lab, 32.6, 0.0).has_value());
    const Figure v = normalization_variance_heatmap(s, lab);
    EXPECT_EQ(v.series[0].image.colorbar_label, "variance");
}

TEST(NormalizationFigure2, TextNeverOverlapsOrLeavesTheFigure) {
    const AppState state;
    for (const char* name : {"normalization-figure-2", "normalization-figure-2-mean-heatmap",
                             "normalization-figure-2-variance-heatmap"}) {
        const Figure fig = find_figure(name)->build(state);
        for (auto [w, h] : {std::pair{560.f, 380.f}, {800.f, 500.f}, {1600.f, 1000.f}}) {
            const LayoutReport r = report_of(fig, w, h);
            const auto d = find_layout_defects(r);
            EXPECT_EQ(d.overlapping_pairs, 0) << name << " " << w << "x" << h;
            EXPECT_EQ(d.outside, 0) << name << " " << w << "x" << h;
            for (const auto& s : d.details)
                ADD_FAILURE() << s;
            if (fig.name == "normalization-figure-2" && w >= 800) {
                // Every box keeps its labels at these sizes.
                EXPECT_EQ(count_text(r, "C = 32"), 1u) << w;
                EXPECT_EQ(count_text(r, "16×16"), 1u) << w;
                EXPECT_EQ(count_text(r, "GroupNorm (G = 8)"), 1u) << w;
            }
        }
    }
}

// The polygon and image series, the colour bar and the figure's notes: what the painter
// receives (vertices, cell colours), where the layout puts them (inside the figure, apart from
// every other text), and what the CSV writer says about them.

#include "plot/figure_csv.hpp"
#include "plot/layout_report.hpp"
#include "plot/painter.hpp"

#include "null_painter.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

using namespace losslab::plot;

namespace {

// Records fills; measures 0.55 em per byte and 1.2 em high (a stand-in for real metrics).
class CountingPainter final : public losslab::testing::NullPainter {
public:
    std::vector<std::vector<Vec2>> fills;
    std::vector<std::pair<Rect, Rgba>> rects;
    std::vector<std::vector<Vec2>> lines;
    void polyline(std::span<const Vec2> p, Rgba, float, LineStyle) override {
        lines.emplace_back(p.begin(), p.end());
    }
    void convex_fill(std::span<const Vec2> p, Rgba) override {
        fills.emplace_back(p.begin(), p.end());
    }
    void rect_fill(const Rect& r, Rgba c) override { rects.push_back({r, c}); }
};

Figure heatmap_figure() {
    Figure f;
    f.name = "heat";
    f.title = "Mean of each plane";
    f.x_axis = {"channel c", -0.5, 31.5};
    f.y_axis = {"sample n", -0.5, 7.5};
    Series s;
    s.kind = SeriesKind::Image;
    s.image.rows = 8;
    s.image.cols = 32;
    for (int r = 0; r < 8; ++r)
        for (int c = 0; c < 32; ++c)
            s.image.values.push_back(r * 0.5 + c * 0.01 - 1.0);
    s.image.x0 = -0.5;
    s.image.x1 = 31.5;
    s.image.y0 = -0.5;
    s.image.y1 = 7.5;
    s.image.colorbar_label = "mean";
    f.series.push_back(s);
    f.notes = {"(n, c) = (2, 5): 2048 elements share one mean and variance (samples 0–7 × "
               "channel 5 × 16×16 positions); mean 1.2345, var 0.9876"};
    return f;
}

Figure boxes_figure() {
    Figure f;
    f.name = "boxes";
    f.title = "Two squares";
    f.hide_axes = true;
    f.equal_aspect = true;
    f.x_axis = {"", 0.0, 4.0};
    f.y_axis = {"", 0.0, 1.0};
    Series s;
    s.name = "squares";
    s.kind = SeriesKind::Polygons;
    for (double x0 : {0.5, 2.5}) {
        Polygon p;
        p.x = {x0, x0 + 1, x0 + 1, x0};
        p.y = {0, 0, 1, 1};
        p.edge = {0, 0, 0, 255};
        s.polygons.push_back(p);
    }
    f.series.push_back(s);
    Annotation a{"C = 32", 1.0, 0.5};
    a.align_x = 0.5f;
    a.align_y = 0.5f;
    f.annotations.push_back(a);
    return f;
}

LayoutReport report_of(const Figure& fig, float w, float h, PlotLayout* layout = nullptr) {
    LayoutReport report;
    report.width = w;
    report.height = h;
    CountingPainter counting;
    RecordingPainter rec(counting, report, fig.name);
    const Rect outer{0, 0, w, h};
    report.plots.push_back({fig.name, outer});
    const PlotLayout L =
        paint_figure_at_default_view(fig, outer, plot_theme(Theme::Light), PlotStyle{}, rec);
    if (layout) *layout = L;
    return report;
}

} // namespace

TEST(Polygons, EachPolygonIsFilledAtItsPixelVerticesAndOutlined) {
    const Figure fig = boxes_figure();
    CountingPainter p;
    const PlotLayout L = paint_figure_at_default_view(fig, {0, 0, 800, 500},
                                                      plot_theme(Theme::Light), PlotStyle{}, p);
    ASSERT_EQ(p.fills.size(), 2u);
    ASSERT_EQ(p.fills[0].size(), 4u);
    EXPECT_FLOAT_EQ(p.fills[0][0].x, L.x_to_px(0.5));
    EXPECT_FLOAT_EQ(p.fills[0][2].y, L.y_to_px(1.0));
    // Equal aspect: a unit square is as wide as it is high in pixels.
    EXPECT_NEAR(p.fills[1][1].x - p.fills[1][0].x, p.fills[1][1].y - p.fills[1][2].y, 0.01);
    // Hidden axes: the data area fills the figure below the title, no ticks.
    EXPECT_TRUE(L.x_ticks.empty());
    EXPECT_TRUE(L.y_ticks.empty());
    // Closed outlines: five points, the first repeated.
    size_t closed = 0;
    for (const auto& l : p.lines)
        closed += l.size() == 5 && l.front() == l.back();
    EXPECT_EQ(closed, 2u);
}

TEST(Images, EveryCellIsOneViridisRectAndTheColourBarSitsRightOfTheAxes) {
    const Figure fig = heatmap_figure();
    CountingPainter p;
    const PlotLayout L = paint_figure_at_default_view(fig, {0, 0, 800, 500},
                                                      plot_theme(Theme::Light), PlotStyle{}, p);
    size_t cells = 0;
    bool lowest = false, highest = false;
    for (const auto& [r, c] : p.rects) {
        if (r.x0 >= L.plot.x0 - 0.5f && r.x1 <= L.plot.x1 + 1.0f && r.y0 >= L.plot.y0 - 0.5f &&
            r.y1 <= L.plot.y1 + 1.0f && r.width() < L.plot.width() / 20) {
            ++cells;
            lowest |= c == viridis(0.0);
            highest |= c == viridis(1.0);
        }
    }
    EXPECT_EQ(cells, 8u * 32u);
    EXPECT_TRUE(lowest);
    EXPECT_TRUE(highest);
    ASSERT_GT(L.colorbar.width(), 0.0f);
    EXPECT_GT(L.colorbar.x0, L.plot.x1);
    EXPECT_LE(L.colorbar.x1, 800.0f);
    EXPECT_FLOAT_EQ(L.colorbar.y0, L.plot.y0);
    EXPECT_FLOAT_EQ(L.colorbar.y1, L.plot.y1);
    EXPECT_GE(L.colorbar_ticks.size(), 2u);
    EXPECT_DOUBLE_EQ(L.colorbar_lo, -1.0);
    EXPECT_DOUBLE_EQ(L.colorbar_hi, 3.5 + 0.31 - 1.0);
}

TEST(Notes, AreWrappedBelowThePlotAndCollideWithNothing) {
    for (auto [w, h] : {std::pair{560.f, 380.f}, {800.f, 500.f}, {1600.f, 1000.f}}) {
        for (const Figure& fig : {heatmap_figure(), boxes_figure()}) {
            Figure f = fig;
            f.notes = heatmap_figure().notes;
            PlotLayout L;
            const LayoutReport report = report_of(f, w, h, &L);
            const auto defects = find_layout_defects(report);
            EXPECT_EQ(defects.overlapping_pairs, 0) << f.name << " " << w << "x" << h;
            EXPECT_EQ(defects.outside, 0) << f.name << " " << w << "x" << h;
            for (const auto& d : defects.details)
                ADD_FAILURE() << d;
            size_t notes = 0, cbar = 0;
            std::string joined;
            for (const auto& t : report.texts) {
                if (t.role == "note") {
                    ++notes;
                    joined += t.text + " ";
                    EXPECT_GE(t.box.y0, L.plot.y1) << t.text;
                }
                cbar += t.role == "colorbar-tick";
            }
            EXPECT_GE(notes, 1u) << f.name << " " << w << "x" << h;
            EXPECT_NE(joined.find("2048 elements"), std::string::npos) << joined;
            if (f.name == "heat") {
                EXPECT_GE(cbar, 2u);
            }
        }
    }
}

TEST(FigureCsv, PolygonVerticesImageCellsAndNotes) {
    Figure f = boxes_figure();
    f.notes = {"a note"};
    const std::string csv = figure_to_csv(f);
    EXPECT_EQ(csv.rfind("series,x,y,category\n", 0), 0u) << csv;
    EXPECT_EQ(csv.substr(csv.size() - 10), "\n# a note\n") << csv;
    EXPECT_NE(csv.find("squares #1,0.5,0,\nsquares #1,1.5,0,\nsquares #1,1.5,1,\nsquares #1,0.5,1,\n"),
              std::string::npos)
        << csv;
    EXPECT_NE(csv.find("squares #2,2.5,0,\n"), std::string::npos) << csv;
    Figure h = heatmap_figure();
    h.series[0].name = "mean";
    const std::string hcsv = figure_to_csv(h);
    EXPECT_NE(hcsv.find("\nimage,row,col,x,y,value\nmean,0,0,0,0,-1\nmean,0,1,1,0,-0.99\n"),
              std::string::npos)
        << hcsv.substr(0, 400);
}

// A series whose samples were computed for drawing (a batched kernel, a few ulp) is written to
// CSV from its exact function; other series write their samples as they are.
TEST(FigureCsv, SamplesComputedForDrawingAreWrittenFromTheExactFunction) {
    Figure f;
    Series drawn;
    drawn.name = "drawn";
    drawn.x = {0.25, 0.5};
    drawn.y = {1.0, 2.0}; // deliberately not exact(x)
    drawn.exact = [](double x) { return 10.0 * x; };
    drawn.exact_min = 0.0;
    drawn.exact_max = 1.0;
    drawn.y_for_drawing = true;
    Series plain = drawn;
    plain.name = "plain";
    plain.y_for_drawing = false;
    f.series = {drawn, plain};
    const std::string csv = figure_to_csv(f);
    EXPECT_NE(csv.find("drawn,0.25,2.5,\n"), std::string::npos) << csv;
    EXPECT_NE(csv.find("drawn,0.5,5,\n"), std::string::npos) << csv;
    EXPECT_NE(csv.find("plain,0.25,1,\n"), std::string::npos) << csv;
    EXPECT_NE(csv.find("plain,0.5,2,\n"), std::string::npos) << csv;
}

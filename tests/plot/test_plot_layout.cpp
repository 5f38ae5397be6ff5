#include "plot/plot_layout.hpp"
#include "plot/plot_view.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace losslab::plot;

namespace {
// A fixed-width text measure: 8 px per byte, height = size.
Vec2 fake_measure(std::string_view t, float size) { return {8.0f * float(t.size()), size}; }

std::vector<std::string> labels(const std::vector<Tick>& ticks) {
    std::vector<std::string> out;
    for (const auto& t : ticks)
        if (t.major) out.push_back(t.label);
    return out;
}

PlotLayout simple_layout(AxisScale ys = AxisScale::Linear, ViewRange v = {0, 1, 0, 5}) {
    Figure f;
    f.x_axis = {"x", v.x0, v.x1, AxisScale::Linear};
    f.y_axis = {"y", v.y0, v.y1, ys};
    return layout_plot(f, v, {0, 0, 800, 600}, PlotStyle{}, fake_measure);
}
} // namespace

TEST(Ticks, OneTwoFiveSteps) {
    EXPECT_EQ(labels(nice_ticks(0, 1, 5)),
              (std::vector<std::string>{"0", "0.2", "0.4", "0.6", "0.8", "1.0"}));
    EXPECT_EQ(labels(nice_ticks(0, 5, 10)),
              (std::vector<std::string>{"0", "0.5", "1.0", "1.5", "2.0", "2.5", "3.0", "3.5",
                                        "4.0", "4.5", "5.0"}));
    EXPECT_EQ(labels(nice_ticks(-10, 10, 4)), (std::vector<std::string>{"-10", "-5", "0", "5", "10"}));
    EXPECT_EQ(labels(nice_ticks(0, 1000, 4)),
              (std::vector<std::string>{"0", "200", "400", "600", "800", "1000"}));
}

TEST(Ticks, ScientificForTinyAndHugeValues) {
    EXPECT_EQ(labels(nice_ticks(0, 5e-6, 5)),
              (std::vector<std::string>{"0", "1e-06", "2e-06", "3e-06", "4e-06", "5e-06"}));
    EXPECT_EQ(format_tick(2.5e7, 5e6), "2.5e+07");
    EXPECT_EQ(format_tick(-0.0, 0.1), "0");
    EXPECT_EQ(format_tick(1e-17, 0.1), "0") << "rounding noise at zero prints as 0";
}

TEST(Ticks, LogAxisUsesPowersOfTen) {
    const auto ticks = log_ticks(1e-6, 1, 8);
    EXPECT_EQ(labels(ticks), (std::vector<std::string>{"10⁻⁶", "10⁻⁵", "10⁻⁴", "10⁻³", "0.01",
                                                      "0.1", "1"}));
    const auto minors = std::count_if(ticks.begin(), ticks.end(), [](auto& t) { return !t.major; });
    EXPECT_EQ(minors, 6 * 8);
    EXPECT_LE(labels(log_ticks(1e-300, 1, 6)).size(), 8u) << "many decades are thinned";
}

TEST(Ticks, FormatValueNeverShowsNanOrInfText) {
    EXPECT_EQ(format_value(std::numeric_limits<double>::infinity()), "∞");
    EXPECT_EQ(format_value(-std::numeric_limits<double>::infinity()), "−∞");
    EXPECT_EQ(format_value(std::nan("")), "undefined");
    EXPECT_EQ(format_value(0.10536051565782628), "0.105361");
    EXPECT_EQ(format_value(1.234e-9), "1.23400e-09");
}

TEST(Layout, DataToPixelRoundTripsAndOrientsYUp) {
    const auto L = simple_layout();
    EXPECT_FLOAT_EQ(L.x_to_px(0.0), L.plot.x0);
    EXPECT_FLOAT_EQ(L.x_to_px(1.0), L.plot.x1);
    EXPECT_FLOAT_EQ(L.y_to_px(0.0), L.plot.y1);
    EXPECT_FLOAT_EQ(L.y_to_px(5.0), L.plot.y0);
    EXPECT_NEAR(L.px_to_x(L.x_to_px(0.37)), 0.37, 1e-6);
    EXPECT_NEAR(L.px_to_y(L.y_to_px(2.2)), 2.2, 1e-5);
    EXPECT_TRUE(L.outer.contains({L.plot.x0, L.plot.y0}));
    EXPECT_GT(L.plot.width(), 600.0f);
}

TEST(Layout, LogAxisMapsDecadesEvenly) {
    const auto L = simple_layout(AxisScale::Log10, {0, 1, 1e-4, 1});
    const float d1 = L.y_to_px(1e-3) - L.y_to_px(1e-2);
    const float d2 = L.y_to_px(1e-2) - L.y_to_px(1e-1);
    EXPECT_NEAR(d1, d2, 1e-3);
    EXPECT_GT(L.y_to_px(0.0), L.plot.y1 + 1000.0f) << "log of 0 maps far below the axis";
}

TEST(Layout, LegendAvoidsTheData) {
    Figure f;
    f.x_axis = {"x", 0, 1};
    f.y_axis = {"y", 0, 1};
    Series s;
    s.name = "rising";
    // Data along the whole top edge and the right half of the bottom: only the bottom-left
    // corner is free.
    for (int i = 0; i <= 100; ++i) {
        s.x.push_back(i / 100.0);
        s.y.push_back(0.97);
    }
    for (int i = 50; i <= 100; ++i) {
        s.x.push_back(i / 100.0);
        s.y.push_back(0.03);
    }
    f.series.push_back(s);
    const auto L = layout_plot(f, default_view(f), {0, 0, 800, 600}, PlotStyle{}, fake_measure);
    ASSERT_EQ(L.legend_entries.size(), 1u);
    EXPECT_GT(L.legend.y0, 0.5f * (L.plot.y0 + L.plot.y1)) << "legend should sit at the bottom";
    EXPECT_LT(L.legend.x1, 0.5f * (L.plot.x0 + L.plot.x1)) << "... and on the left";
}

TEST(Clipping, InfiniteValuesAreCutAtTheEdge) {
    const auto L = simple_layout();
    Series s;
    s.x = {0.0, 0.1, 0.5, 1.0};
    s.y = {std::numeric_limits<double>::infinity(), 2.3, 0.7, 0.0};
    const auto lines = clip_series_to_plot(s, L);
    ASSERT_EQ(lines.size(), 1u);
    for (const auto& p : lines[0]) {
        EXPECT_TRUE(std::isfinite(p.x) && std::isfinite(p.y));
        EXPECT_GE(p.y, L.plot.y0 - 1.01f);
        EXPECT_LE(p.y, L.plot.y1 + 1.01f);
    }
    EXPECT_NEAR(lines[0].front().y, L.plot.y0 - 1.0f, 0.01f) << "starts on the top edge";
}

TEST(Clipping, NanBreaksTheLineAndNeverBecomesAVertex) {
    const auto L = simple_layout();
    Series s;
    s.x = {0.0, 0.2, 0.4, 0.6, 0.8};
    s.y = {1.0, 2.0, std::nan(""), 2.0, 1.0};
    const auto lines = clip_series_to_plot(s, L);
    ASSERT_EQ(lines.size(), 2u);
    for (const auto& line : lines)
        for (const auto& p : line) EXPECT_FALSE(std::isnan(p.x) || std::isnan(p.y));
}

TEST(Clipping, SegmentEntirelyOutsideIsDropped) {
    Vec2 a{-10, -10}, b{-5, -20};
    EXPECT_FALSE(clip_segment(a, b, {0, 0, 100, 100}));
    Vec2 c{-50, 50}, d{150, 50};
    EXPECT_TRUE(clip_segment(c, d, {0, 0, 100, 100}));
    EXPECT_EQ(c, (Vec2{0, 50}));
    EXPECT_EQ(d, (Vec2{100, 50}));
}

TEST(Clipping, DashesAlternateWithGaps) {
    const std::vector<Vec2> line{{0, 0}, {100, 0}};
    const auto dashes = dash_polyline(line, 10, 5);
    ASSERT_EQ(dashes.size(), 7u); // 0-10, 15-25, ..., 90-100
    EXPECT_FLOAT_EQ(dashes[1].front().x, 15.0f);
    EXPECT_FLOAT_EQ(dashes[1].back().x, 25.0f);
}

TEST(PlotView, ZoomKeepsThePointUnderTheCursor) {
    const auto L = simple_layout();
    const Vec2 at{L.x_to_px(0.25), L.y_to_px(1.0)};
    const auto v = zoom_view(L, at, 0.5);
    EXPECT_NEAR(v.x1 - v.x0, 0.5, 1e-6);
    EXPECT_NEAR((0.25 - v.x0) / (v.x1 - v.x0), 0.25, 1e-6);
}

TEST(PlotView, PanMovesByTheDraggedDistanceAndBoxZoomSelects) {
    const auto L = simple_layout();
    const auto v = pan_view(L, {L.x_to_px(0.5), 300}, {L.x_to_px(0.4), 300});
    EXPECT_NEAR(v.x0, 0.1, 1e-5);
    EXPECT_NEAR(v.x1, 1.1, 1e-5);
    const auto b = box_view(L, {L.x_to_px(0.2), L.y_to_px(4)}, {L.x_to_px(0.6), L.y_to_px(1)});
    EXPECT_NEAR(b.x0, 0.2, 1e-5);
    EXPECT_NEAR(b.x1, 0.6, 1e-5);
    EXPECT_NEAR(b.y0, 1.0, 1e-4);
    EXPECT_NEAR(b.y1, 4.0, 1e-4);
    EXPECT_EQ(box_view(L, {10, 10}, {11, 11}), L.view) << "a click is not a box";
    EXPECT_EQ(zoom_view(L, {100, 100}, 1e-30), L.view) << "collapsed views are refused";
}

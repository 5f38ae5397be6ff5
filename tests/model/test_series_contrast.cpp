// Every series of every catalogue figure, as painted in the light, dark and projector themes,
// has a contrast of at least 3:1 against the plot background (WCAG relative luminance).
#include "model/app_state.hpp"
#include "model/labs/figure_catalogue.hpp"
#include "model/io/export_sizes.hpp"
#include "model/params/param_registry.hpp"
#include "plot/color.hpp"
#include "plot/painter.hpp"
#include "plot/theme.hpp"

#include <gtest/gtest.h>

#include <set>

#include <fmt/format.h>

using namespace losslab;

namespace {

// Records the colours of opaque strokes, fills and markers drawn inside series groups.
class SeriesColours final : public plot::Painter {
public:
    std::vector<std::pair<std::string, plot::Rgba>> seen;

    void polyline(std::span<const plot::Vec2>, plot::Rgba c, float, plot::LineStyle) override { add(c); }
    void convex_fill(std::span<const plot::Vec2>, plot::Rgba c) override { add(c); }
    void rect_fill(const plot::Rect&, plot::Rgba c) override { add(c); }
    void rect_outline(const plot::Rect&, plot::Rgba c, float) override { add(c); }
    void circle_fill(plot::Vec2, float, plot::Rgba c) override { add(c); }
    void text(plot::Vec2, std::string_view, float, plot::Rgba) override {}
    plot::Vec2 measure(std::string_view text, float size) override {
        return {0.6f * size * float(text.size()), size * 1.2f};
    }
    void push_clip(const plot::Rect&) override {}
    void pop_clip() override {}
    void begin_group(std::string_view name) override { m_group = std::string(name); m_in = true; }
    void end_group() override { m_in = false; }

private:
    void add(plot::Rgba c) {
        // Translucent fills (areas, bands) sit under their opaque outline: only opaque marks.
        if (m_in && c.a == 255) seen.emplace_back(m_group, c);
    }
    std::string m_group;
    bool m_in = false;
};

} // namespace

TEST(SeriesContrast, EverySeriesOfEveryFigureReachesThreeToOneInEveryTheme) {
    const auto state = model::default_app_state();
    int checked = 0;
    for (const auto theme : {plot::Theme::Light, plot::Theme::Dark, plot::Theme::Projector}) {
        const auto pt = plot::plot_theme(theme);
        for (const auto& info : model::figure_catalogue()) {
            const auto figure = info.build(state);
            SeriesColours painter;
            plot::paint_figure_at_default_view(figure, {0, 0, 1200, 750}, pt,
                                               model::export_style(1200, 750, 0.0f), painter);
            // Colour-mapped cells (images) and filled drawings (polygons) are data colours, not
            // strokes that must stand out from the background.
            std::set<std::string> shapes;
            for (const auto& s : figure.series)
                if (s.kind == plot::SeriesKind::Image || s.kind == plot::SeriesKind::Polygons)
                    shapes.insert({s.name, plot::series_key(s)});
            for (const auto& [series, c] : painter.seen) {
                if (shapes.count(series)) continue;
                ++checked;
                const double ratio = plot::contrast_ratio(c, pt.plot_background);
                EXPECT_GE(ratio, plot::kMinSeriesContrast)
                    << info.name << " / " << series << " in " << plot::theme_name(theme) << ": "
                    << plot::hex(c) << " on " << plot::hex(pt.plot_background)
                    << fmt::format(" is {:.2f}:1", ratio);
            }
        }
    }
    EXPECT_GT(checked, 300) << "too few series marks were seen";
}

TEST(SeriesContrast, ReadableOnTrimsViridisDarkEndOnDarkAndLeavesGoodColoursAlone) {
    const plot::Rgba dark_bg{22, 24, 28, 255}, white{255, 255, 255, 255};
    const plot::Rgba deep = plot::viridis(0.0);
    EXPECT_LT(plot::contrast_ratio(deep, dark_bg), 3.0);
    const plot::Rgba trimmed = plot::readable_on(deep, dark_bg);
    EXPECT_GE(plot::contrast_ratio(trimmed, dark_bg), 3.0);
    EXPECT_LT(plot::contrast_ratio(trimmed, dark_bg), 3.3) << "moved further than needed";
    const plot::Rgba blue = plot::okabe_ito(0);
    EXPECT_EQ(plot::readable_on(blue, white), blue);
    EXPECT_NEAR(plot::contrast_ratio(white, {0, 0, 0, 255}), 21.0, 1e-9);
}

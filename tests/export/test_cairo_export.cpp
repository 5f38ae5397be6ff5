// Exports drawn by cairo: the image is exactly the size asked for with its dpi in pHYs; an
// 8 pt figure at 300 dpi has tick-label digits of the height DejaVu Sans gives 8 pt at 300 dpi
// (measured in the pixels); a transparent export has straight-alpha glyph edges; a multi-page
// PDF has one page per page given.
#include "export/cairo_export.hpp"
#include "export/figure_files.hpp"
#include "export/png_io.hpp"
#include "model/labs/figure_catalogue.hpp"
#include "model/persist/lesson.hpp"
#include "model/params/param_registry.hpp"
#include "platform/requests.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace fs = std::filesystem;
using namespace losslab;

namespace {

plot::Figure focal_figure() {
    const auto* info = model::find_figure("focal-figure-1");
    EXPECT_NE(info, nullptr);
    return info->build(model::state_showing_figure(model::default_app_state(), "focal-figure-1"));
}

// The heights of the runs of rows in [y0, y1) holding a pixel darker than 100 in x0..x1.
std::vector<int> dark_row_runs(const exporting::Image& img, int x0, int x1, int y0, int y1) {
    std::vector<int> runs;
    int run = 0;
    for (int y = std::max(0, y0); y < std::min(img.height, y1); ++y) {
        bool dark = false;
        for (int x = std::max(0, x0); x < std::min(img.width, x1) && !dark; ++x) {
            const auto p = img.pixel(x, y);
            dark = ((p >> 24) & 0xFF) < 100 && ((p >> 16) & 0xFF) < 100 && ((p >> 8) & 0xFF) < 100;
        }
        if (dark) {
            ++run;
        } else if (run) {
            runs.push_back(run);
            run = 0;
        }
    }
    if (run) runs.push_back(run);
    return runs;
}

} // namespace

TEST(CairoExport, PngHasTheExactSizeAndDpi) {
    const fs::path path =
        fs::temp_directory_path() / ("cairo-size-" + std::to_string(::getpid()) + ".png");
    const auto fig = focal_figure();
    ASSERT_TRUE(exporting::write_figure_png(path, exporting::Panels{{fig}, 1}, 1004, 709, 300.0,
                                            exporting::export_theme(plot::Theme::Light),
                                            exporting::print_style(8.0f / 72.0f * 300.0f), {}));
    auto png = exporting::read_png(path);
    ASSERT_TRUE(png) << png.error().message;
    EXPECT_EQ(png.value().image.width, 1004);
    EXPECT_EQ(png.value().image.height, 709);
    EXPECT_NEAR(png.value().image.dpi, 300.0, 0.01);
    // Print style: a plain white corner.
    EXPECT_EQ(png.value().image.pixel(1, 1), 0xFFFFFFFFu);
    fs::remove(path);
}

TEST(CairoExport, EightPointTickLabelsHaveTheirPixelHeight) {
    const auto fig = focal_figure();
    const float em = 8.0f / 72.0f * 300.0f; // 33.3 px
    plot::PlotLayout layout;
    auto img = exporting::render_image(1004, 768, 300.0, [&](plot::Painter& p) {
        layout = plot::paint_figure_at_default_view(fig, {0, 0, 1004, 768},
                                                    exporting::export_theme(plot::Theme::Light),
                                                    exporting::print_style(em), p);
    });
    ASSERT_TRUE(img);
    // Below the data area: tick marks, then the tick labels (digits), then the axis label.
    const auto runs = dark_row_runs(img.value(), int(layout.plot.x0), int(layout.plot.x1),
                                    int(layout.plot.y1) + 1, int(layout.x_label_pos.y) - 1);
    ASSERT_FALSE(runs.empty());
    // DejaVu Sans digits are 0.729 em tall: 24.3 px at 8 pt and 300 dpi.
    const int tallest = *std::max_element(runs.begin(), runs.end());
    EXPECT_NEAR(tallest, 0.729 * em, 1.5) << "tick-label ink height";
}

TEST(CairoExport, PrintTicksHaveTheirLengthInPoints) {
    // 8 pt text at 300 dpi: major ticks 3.5 pt = 14.6 px long and 0.8 pt = 3.3 px wide,
    // as matplotlib draws them (before: 5 x the text's stroke scale, 11 px).
    const auto fig = focal_figure();
    const double dpi = 300.0;
    const float em = float(8.0 / 72.0 * dpi);
    const float px_per_pt = float(dpi / 72.0);
    plot::PlotLayout layout;
    auto img = exporting::render_image(1004, 768, dpi, [&](plot::Painter& p) {
        layout = plot::paint_figure_at_default_view(fig, {0, 0, 1004, 768},
                                                    exporting::export_theme(plot::Theme::Light),
                                                    exporting::print_style(em, dpi), p);
    });
    ASSERT_TRUE(img);
    auto dark = [&](int x, int y) {
        const auto p = img.value().pixel(x, y);
        return ((p >> 24) & 0xFF) < 150 && ((p >> 16) & 0xFF) < 150 && ((p >> 8) & 0xFF) < 150;
    };
    // How much of pixel (x, y) the frame colour covers, 0..1 (anti-aliased edges count part).
    const double frame_grey = exporting::export_theme(plot::Theme::Light).frame.g;
    auto cover = [&](int x, int y) {
        const double g = double((img.value().pixel(x, y) >> 16) & 0xFF);
        return std::clamp((255.0 - g) / (255.0 - frame_grey), 0.0, 1.0);
    };
    int measured = 0;
    for (const auto& t : layout.x_ticks) {
        if (!t.major || t.label.empty()) continue;
        const int x = int(std::lround(layout.x_to_px(t.value)));
        if (x < layout.plot.x0 + 10 || x > layout.plot.x1 - 10) continue;
        // From the frame's bottom edge down to the end of the tick (its round cap adds half
        // its width).
        int y = int(layout.plot.y1);
        while (dark(x, y)) ++y;
        EXPECT_NEAR(float(y) - layout.plot.y1, 3.9f * px_per_pt, 1.5f) << "x tick at " << t.label;
        // Its width half way down: the ink across a row.
        const int mid = int(layout.plot.y1 + 0.5f * 3.5f * px_per_pt);
        double ink = 0.0;
        for (int dx = -8; dx <= 8; ++dx) ink += cover(x + dx, mid);
        EXPECT_NEAR(ink, 0.8 * px_per_pt, 0.6) << "x tick at " << t.label;
        ++measured;
    }
    for (const auto& t : layout.y_ticks) {
        if (!t.major || t.label.empty()) continue;
        const int y = int(std::lround(layout.y_to_px(t.value)));
        if (y < layout.plot.y0 + 10 || y > layout.plot.y1 - 10) continue;
        int x = int(layout.plot.x0);
        while (dark(x, y)) --x;
        EXPECT_NEAR(layout.plot.x0 - float(x), 3.9f * px_per_pt, 1.5f) << "y tick at " << t.label;
        const int mid = int(layout.plot.x0 - 0.5f * 3.5f * px_per_pt);
        double ink = 0.0;
        for (int dy = -8; dy <= 8; ++dy) ink += cover(mid, y + dy);
        EXPECT_NEAR(ink, 0.8 * px_per_pt, 0.6) << "y tick at " << t.label;
        ++measured;
    }
    EXPECT_GE(measured, 3);
}

TEST(CairoExport, OnDarkTransparentTextIsLightWithCleanEdges) {
    // --theme transparent --on dark: tick labels in a light colour; their anti-aliased edge
    // pixels keep that light colour with partial alpha (straight alpha: premultiplied values
    // read as straight ones would give dark fringes on a dark slide).
    const fs::path path =
        fs::temp_directory_path() / ("cairo-ondark-" + std::to_string(::getpid()) + ".png");
    ui::ExportRequest r;
    r.figure = "focal-figure-1";
    r.path = path.string();
    r.width = 1600;
    r.height = 1000;
    r.theme = plot::Theme::Transparent;
    r.on_dark = true;
    const auto state = model::state_showing_figure(model::default_app_state(), r.figure);
    ASSERT_TRUE(platform::export_figure_file(state, r, ""));
    auto png = exporting::read_png(path);
    ASSERT_TRUE(png) << png.error().message;
    const auto& image = png.value().image;
    const auto report = exporting::figure_layout_report(
        model::find_figure(r.figure)->build(state), r.width, r.height, r.theme, 0.0f,
        exporting::cairo_text_measure());
    int solid = 0, edges = 0, boxes = 0;
    for (const auto& t : report.texts) {
        if (t.role != "y-tick") continue;
        ++boxes;
        for (int y = int(t.box.y0); y <= int(t.box.y1); ++y)
            for (int x = int(t.box.x0); x <= int(t.box.x1); ++x) {
                const auto px = image.pixel(x, y);
                const unsigned a = px & 0xFF, red = px >> 24, g = (px >> 16) & 0xFF, b = (px >> 8) & 0xFF;
                if (a == 0) continue;
                if (a >= 200) {
                    ++solid;
                    EXPECT_GE(std::min({red, g, b}), 200u) << "a tick label's ink at " << x << "," << y;
                } else if (a >= 40) {
                    ++edges;
                    EXPECT_GE(std::min({red, g, b}), 200u)
                        << "edge pixel with alpha " << a << " at " << x << "," << y;
                }
            }
    }
    EXPECT_GT(boxes, 2);
    EXPECT_GT(solid, 20);
    EXPECT_GT(edges, 20);
    // Outside the plot, the page stays transparent.
    EXPECT_EQ(image.pixel(1, 1) & 0xFF, 0u);
    fs::remove(path);
}

TEST(CairoExport, TransparentGlyphEdgesAreStraightAlpha) {
    // Black text on nothing: every partly covered pixel is black with partial alpha (no dark
    // or light fringe from premultiplied values read as straight ones).
    auto img = exporting::render_image(200, 60, 96.0, [](plot::Painter& p) {
        p.text({4, 4}, "Loss 0.25", 40.0f, {0, 0, 0, 255});
    });
    ASSERT_TRUE(img);
    int partial = 0;
    for (int y = 0; y < 60; ++y)
        for (int x = 0; x < 200; ++x) {
            const auto px = img.value().pixel(x, y);
            const auto a = px & 0xFF;
            if (a == 0) continue;
            EXPECT_EQ(px >> 8, 0u) << "colour of a glyph pixel with alpha " << a;
            partial += a < 255;
        }
    EXPECT_GT(partial, 20);
}

TEST(CairoExport, PdfPagesMakeOneDocument) {
    std::vector<exporting::PdfPage> pages;
    for (int i = 0; i < 3; ++i)
        pages.push_back(
            {1920, 1080, 96.0, [i](plot::Painter& p) {
                 p.text({100, 100}, "slide " + std::to_string(i + 1), 40.0f, {0, 0, 0, 255});
             }});
    auto pdf = exporting::pdf_pages_bytes(pages, {"A deck", "", ""});
    ASSERT_TRUE(pdf) << pdf.error().message;
    const std::string& b = pdf.value();
    EXPECT_EQ(b.substr(0, 5), "%PDF-");
    size_t count = 0;
    for (size_t at = b.find("/Type /Page\n"); at != std::string::npos;
         at = b.find("/Type /Page\n", at + 1))
        ++count;
    size_t count2 = 0;
    for (size_t at = b.find("/Type /Page "); at != std::string::npos;
         at = b.find("/Type /Page ", at + 1))
        ++count2;
    EXPECT_EQ(count + count2, 3u);
    // 1920 x 1080 pixels at 96 dpi is 1440 x 810 points.
    EXPECT_NE(b.find("/MediaBox [ 0 0 1440 810 ]"), std::string::npos);
}

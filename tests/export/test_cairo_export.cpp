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

#include <gtest/gtest.h>

#include <algorithm>
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

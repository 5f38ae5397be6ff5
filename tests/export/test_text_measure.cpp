// One text measurer: the SVG path (exporting::FontMetrics, from the font file) and the screen
// and PNG path (ImGui's atlas built from the same file, as the window and the offscreen export
// build it) measure every string alike, at the atlas's own sizes and at scaled sizes, so a
// figure is laid out the same in SVG as on screen and in PNG.

#include "export/font_metrics.hpp"
#include "platform/font_locator.hpp"
#include "plot/svg_painter.hpp"
#include "plot/imgui/draw_list_painter.hpp"
#include "ui/fonts.hpp"

#include <gtest/gtest.h>
#include <imgui.h>

#include <cmath>
#include <string>
#include <vector>

using namespace losslab;

TEST(TextMeasure, FontMetricsAgreesWithTheImGuiAtlasOfTheSameFontFile) {
    const std::string font = platform::find_font_file("DejaVu Sans");
    if (font.empty()) GTEST_SKIP() << "DejaVu Sans is not installed";
    const exporting::FontMetrics metrics(font);
    ASSERT_TRUE(metrics.loaded());
    ImGui::CreateContext();
    {
        ImFontAtlas atlas;
        const ui::Fonts fonts = ui::load_fonts_into(atlas, font, 1.0f);
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        atlas.GetTexDataAsRGBA32(&pixels, &w, &h);
        ASSERT_TRUE(fonts.truetype);
        const std::vector<std::string> texts{
            "0.000", "loss (nats)", "pₜ (probability of the true class)", "α-balanced CE",
            "H(p) + KL(p ‖ q)", "10⁻⁸", "γ = 2.00, ε = 0.100 … −∞", "two\nlines, the second longer",
            "Wm ij"};
        int compared = 0;
        // The painter the window and the PNG export measure with (nearest face, scaled).
        plot::imgui::DrawListPainter painter(nullptr, fonts.all);
        for (float size : {13.0f, 15.0f, 16.0f, 19.0f, 22.0f, 28.0f, 37.5f, 60.0f, 11.0f}) {
            for (const auto& t : texts) {
                const plot::Vec2 im = painter.measure(t, size);
                const plot::Vec2 svg = metrics.measure(t, size);
                EXPECT_NEAR(svg.x, im.x, 1e-3f * size + 0.01f) << '"' << t << "\" at " << size << " px";
                EXPECT_FLOAT_EQ(svg.y, im.y) << '"' << t << "\" at " << size << " px";
                ++compared;
            }
        }
        EXPECT_GT(compared, 50);
    }
    ImGui::DestroyContext();
}

// (The SVG painter writes font-size as the em, the meaning cairo's metrics give the export
// layout; tests/export/test_export_files.sh compares the SVG drawn by rsvg-convert with the PNG.)

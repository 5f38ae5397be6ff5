// Golden SVGs: three fixed figures (a curve figure, a categorical bar chart, a stacked bar
// chart with annotations) exported at fixed sizes must match tests/golden/*.svg byte for
// byte. Text is measured at 0.62 em per character, so no font file is involved.
// LOSSLAB_UPDATE_GOLDEN=1 rewrites the files (then review the diff and commit them).

#include "model/io/export_sizes.hpp"
#include "model/labs/figure_catalogue.hpp"
#include "model/params/param_registry.hpp"
#include "plot/svg_painter.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

using namespace losslab;

namespace {

plot::Vec2 fixed_measure(std::string_view t, float size) {
    size_t chars = 0;
    for (char c : t) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return {0.62f * size * float(chars), size};
}

std::string golden_path(std::string_view figure) {
    return std::string(LOSSLAB_REFERENCE_DIR) + "/../golden/" + std::string(figure) + ".svg";
}

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

TEST(GoldenSvg, ThreeFixedFiguresMatchTheirGoldenFilesByteForByte) {
    const bool update = std::getenv("LOSSLAB_UPDATE_GOLDEN") &&
                        std::string(std::getenv("LOSSLAB_UPDATE_GOLDEN")) == "1";
    const model::AppState state = model::default_app_state();
    struct Case {
        std::string_view figure;
        int w, h;
    };
    for (const Case& c : {Case{"loss-vs-probability", 800, 500}, Case{"focal-imbalance", 560, 380},
                          Case{"information-quantities", 800, 500}}) {
        const auto* info = model::find_figure(c.figure);
        ASSERT_NE(info, nullptr) << c.figure;
        const std::string svg =
            plot::figure_to_svg(info->build(state), float(c.w), float(c.h),
                                plot::plot_theme(plot::Theme::Light),
                                model::export_style(c.w, c.h, 1.0f), fixed_measure);
        const std::string path = golden_path(c.figure);
        if (update) {
            std::ofstream(path, std::ios::binary) << svg;
            continue;
        }
        const std::string golden = read_all(path);
        ASSERT_FALSE(golden.empty()) << path << " is missing (LOSSLAB_UPDATE_GOLDEN=1 writes it)";
        if (svg != golden) {
            size_t i = 0;
            while (i < svg.size() && i < golden.size() && svg[i] == golden[i]) ++i;
            ADD_FAILURE() << c.figure << " differs from " << path << " at byte " << i
                          << ":\n  now:    " << svg.substr(i > 40 ? i - 40 : 0, 120)
                          << "\n  golden: " << golden.substr(i > 40 ? i - 40 : 0, 120);
        }
    }
}

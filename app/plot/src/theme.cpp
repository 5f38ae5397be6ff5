#include "plot/theme.hpp"

#include <array>

namespace losslab::plot {

namespace {
constexpr std::array<std::string_view, 4> kNames{"light", "dark", "transparent", "projector"};
}

std::string_view theme_name(Theme theme) { return kNames[size_t(theme)]; }

bool parse_theme(std::string_view name, Theme& out) {
    for (size_t i = 0; i < kNames.size(); ++i)
        if (kNames[i] == name) {
            out = Theme(i);
            return true;
        }
    return false;
}

PlotTheme plot_theme(Theme theme) {
    switch (theme) {
    case Theme::Dark:
        return {.background = {30, 32, 36, 255},
                .plot_background = {22, 24, 28, 255},
                .frame = {140, 146, 156, 255},
                .grid = {70, 75, 84, 255},
                .grid_minor = {45, 49, 56, 255},
                .text = {232, 234, 238, 255},
                .text_muted = {160, 166, 176, 255},
                .legend_background = {30, 32, 36, 225},
                .legend_border = {90, 96, 106, 255}};
    case Theme::Transparent:
        return {.background = {255, 255, 255, 0},
                .plot_background = {255, 255, 255, 0},
                .frame = {70, 70, 70, 255},
                .grid = {190, 190, 190, 200},
                .grid_minor = {225, 225, 225, 160},
                .text = {20, 20, 20, 255},
                .text_muted = {90, 90, 90, 255},
                .legend_background = {255, 255, 255, 200},
                .legend_border = {170, 170, 170, 255}};
    case Theme::Projector:
        return {.background = {255, 255, 255, 255},
                .plot_background = {255, 255, 255, 255},
                .frame = {0, 0, 0, 255},
                .grid = {170, 170, 170, 255},
                .grid_minor = {215, 215, 215, 255},
                .text = {0, 0, 0, 255},
                .text_muted = {40, 40, 40, 255},
                .legend_background = {255, 255, 255, 235},
                .legend_border = {0, 0, 0, 255},
                .line_scale = 1.6f};
    case Theme::Light: break;
    }
    return {.background = {250, 250, 252, 255},
            .plot_background = {255, 255, 255, 255},
            .frame = {90, 94, 102, 255},
            .grid = {218, 221, 227, 255},
            .grid_minor = {238, 240, 244, 255},
            .text = {28, 30, 34, 255},
            .text_muted = {96, 100, 110, 255},
            .legend_background = {255, 255, 255, 230},
            .legend_border = {200, 204, 212, 255}};
}

} // namespace losslab::plot

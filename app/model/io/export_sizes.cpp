#include "model/io/export_sizes.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace losslab::model {

Status check_export_size(int width, int height) {
    if (width < 16 || height < 16 || width > 16384 || height > 16384)
        return make_error("the export size", "16 <= width, height <= 16384",
                          fmt::format("{}x{}", width, height));
    return Ok{};
}

plot::PlotStyle export_style(int width, int height, float scale) {
    if (scale <= 0.0f) scale = std::max(0.5f, std::min(float(width) / 1200.0f, float(height) / 750.0f));
    plot::PlotStyle style;
    style.font_size *= scale;
    style.label_size *= scale;
    style.title_size *= scale;
    style.padding *= scale;
    style.stroke_scale = scale;
    return style;
}

} // namespace losslab::model

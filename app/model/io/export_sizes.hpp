#pragma once
// The pure rules of figure export shared by the dialog, the command line and the writers:
// which sizes are allowed and how text and lines scale with the image size.

#include "losslab/result.hpp"
#include "plot/plot_layout.hpp"

namespace losslab::model {

// Checks an export size: 16 <= width, height <= 16384.
Status check_export_size(int width, int height);

// The plot style of an export `width` x `height` pixels: sizes scaled by `scale`, or, when
// `scale` <= 0, by how much larger the image is than a 1200x750 plot (so a 3200x2000 export
// looks like the screen, only sharper).
plot::PlotStyle export_style(int width, int height, float scale);

} // namespace losslab::model

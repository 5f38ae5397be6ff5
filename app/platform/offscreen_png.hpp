#pragma once
// Rendering a figure into an offscreen framebuffer at any size, with its text rasterised at
// that size, through the same ImDrawList painter the screen uses.

#include "export/png_io.hpp"
#include "losslab/result.hpp"
#include "plot/figure.hpp"
#include "plot/theme.hpp"

#include <string>

namespace losslab::platform {

// The pixels of `figure` at its default view, `width` x `height`, in `theme` (transparent:
// straight alpha). `scale` as in exporting::export_style. Needs a current OpenGL 3.3
// context with ImGui's OpenGL3 renderer initialised; the UI's own font atlas is untouched.
Result<exporting::Image> render_figure_image(const plot::Figure& figure, int width, int height,
                                             plot::Theme theme, float scale,
                                             const std::string& font_path);

// render_figure_image, then an atomic PNG write carrying `session_json` in its metadata.
Status export_figure_png(const std::string& path, const plot::Figure& figure, int width,
                         int height, plot::Theme theme, float scale,
                         const std::string& font_path, const std::string& session_json);

} // namespace losslab::platform

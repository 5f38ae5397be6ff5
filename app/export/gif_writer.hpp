#pragma once
// Animated GIFs (giflib): frames quantised to one fixed 256-colour palette (a 6x6x6 colour
// cube and 40 greys, so the figure's white, greys and line colours stay exact or close),
// looping, with a fixed delay between frames. Written atomically.

#include "export/png_io.hpp"
#include "losslab/result.hpp"

#include <filesystem>
#include <vector>

namespace losslab::exporting {

// Encodes `frames` (all the same size, opaque) as a looping GIF at `fps` frames per second.
Result<std::string> encode_gif(const std::vector<Image>& frames, double fps);

// encode_gif, then an atomic write; on failure nothing is left at `path`.
Status write_gif(const std::filesystem::path& path, const std::vector<Image>& frames, double fps);

} // namespace losslab::exporting

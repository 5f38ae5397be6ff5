#pragma once
// Animated GIFs (giflib): frames quantised to one fixed 256-colour palette (a 6x6x6 colour
// cube and 40 greys, so the figure's white, greys and line colours stay exact or close),
// looping, with a fixed delay between frames. Written atomically.

#include "export/png_io.hpp"
#include "losslab/result.hpp"

#include <filesystem>
#include <vector>

struct GifFileType;

namespace losslab::exporting {

// A GIF written frame by frame into memory (the same palette and loop as encode_gif).
class GifEncoder {
public:
    // Starts a looping GIF of `width` x `height` frames at `fps` frames per second.
    GifEncoder(int width, int height, double fps);
    ~GifEncoder();
    GifEncoder(const GifEncoder&) = delete;
    GifEncoder& operator=(const GifEncoder&) = delete;
    // Quantises and appends one opaque frame of the encoder's size.
    Status add(const Image& frame);
    // The GIF's bytes (at least one frame added).
    Result<std::string> finish();

private:
    GifFileType* m_gif = nullptr;
    std::string m_bytes;
    std::string m_error;
    int m_width = 0, m_height = 0, m_delay = 5, m_frames = 0;
};

// Encodes `frames` (all the same size, opaque) as a looping GIF at `fps` frames per second.
Result<std::string> encode_gif(const std::vector<Image>& frames, double fps);

// encode_gif, then an atomic write; on failure nothing is left at `path`.
Status write_gif(const std::filesystem::path& path, const std::vector<Image>& frames, double fps);

} // namespace losslab::exporting

#pragma once
// Animated exports: GIF (giflib), WebP (libwebp's WebPAnimEncoder) and MP4 (an `ffmpeg`
// program on PATH, fed raw RGBA frames through a pipe). Frames are added one at a time, so
// a long animation never holds every frame in memory; finish() writes the file atomically
// (GIF and WebP are encoded in memory, MP4 goes to a temporary file beside the target that is
// renamed over it). On any failure nothing is left at the target path.

#include "export/png_io.hpp"
#include "losslab/result.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace losslab::model {
struct ParamSpec;
}

namespace losslab::exporting {

// The animated formats.
enum class AnimationFormat { Gif, Webp, Mp4 };

// The format named by `path`'s extension (.gif, .webp, .mp4); an error names what is allowed.
Result<AnimationFormat> animation_format_from_path(const std::filesystem::path& path);

// The format named by a --format word ("gif", "webp", "mp4"); an error names what is allowed.
Result<AnimationFormat> animation_format_from_name(const std::string& name);

// The file extension of `format` without the dot ("gif", "webp", "mp4").
const char* animation_extension(AnimationFormat format);

// The full path of an executable `name` found on PATH ("" when there is none).
std::string find_on_path(const std::string& name);

// Why an MP4 cannot be written here ("" when an ffmpeg program is on PATH).
std::string mp4_unavailable_reason();

// Receives the frames of one animation, then writes the file.
class AnimationWriter {
public:
    virtual ~AnimationWriter() = default;
    // Adds one frame (opaque RGBA of the writer's size).
    virtual Status add(const Image& frame) = 0;
    // Writes the file; after an error, or without finish(), nothing is left at the path.
    virtual Status finish() = 0;
};

// A writer of `format` to `path` for `width` x `height` frames at `fps` frames per second.
Result<std::unique_ptr<AnimationWriter>> make_animation_writer(AnimationFormat format,
                                                               const std::filesystem::path& path,
                                                               int width, int height, double fps);

// The values a parameter takes in an animation's `frames` frames: from `from` to `to` by the
// parameter's own interpolation (whole numbers rounded, log scales geometric); with
// `ping_pong`, on to `to` and back again without repeating either end, so it loops seamlessly
// (2 * frames - 2 values).
std::vector<double> animation_values(const model::ParamSpec& spec, double from, double to,
                                     int frames, bool ping_pong);

// Told after each frame: frames written and the total; returning false stops the export
// (nothing is left at the path, and the result is an error saying it was cancelled).
using AnimationProgress = std::function<bool(int done, int total)>;

// Writes an animation of `count` frames made by `frame(i)` (all `width` x `height`, opaque)
// to `path` in `format` at `fps`. Frames are made, encoded and dropped one by one.
Status write_animation(const std::filesystem::path& path, AnimationFormat format, int width,
                       int height, double fps, int count,
                       const std::function<Result<Image>(int index)>& frame,
                       const AnimationProgress& progress = {});

// Encodes `frames` as a looping animated WebP (lossless) at `fps` frames per second.
Result<std::string> encode_webp(const std::vector<Image>& frames, double fps);

} // namespace losslab::exporting

#include "export/animation_files.hpp"

#include "export/gif_writer.hpp"
#include "model/io/file_io.hpp"
#include "model/persist/lesson.hpp"
#include "model/params/param_registry.hpp"

#include <fmt/format.h>
#include <webp/encode.h>
#include <webp/mux.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace losslab::exporting {

namespace fs = std::filesystem;

namespace {

std::string lower_extension(const fs::path& path) {
    std::string ext = path.extension().string();
    for (auto& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

// A looping, lossless animated WebP built frame by frame (WebPAnimEncoder keeps only what
// changed between frames).
class WebpEncoder {
public:
    WebpEncoder(int width, int height, double fps) : m_width(width), m_height(height) {
        m_frame_ms = std::max(10, int(std::lround(1000.0 / (fps > 0 ? fps : 20.0))));
        WebPAnimEncoderOptions options;
        if (!WebPAnimEncoderOptionsInit(&options) || !WebPConfigInit(&m_config)) {
            m_error = "cannot write a WebP: libwebp version mismatch";
            return;
        }
        options.anim_params.loop_count = 0; // forever
        options.allow_mixed = 0;
        m_config.lossless = 1;
        m_config.method = 1;  // fast: plots are flat colours, lossless compresses them well anyway
        m_config.quality = 50;
        m_encoder = WebPAnimEncoderNew(width, height, &options);
        if (!m_encoder) m_error = "cannot write a WebP: out of memory";
    }
    ~WebpEncoder() {
        if (m_encoder) WebPAnimEncoderDelete(m_encoder);
    }
    WebpEncoder(const WebpEncoder&) = delete;
    WebpEncoder& operator=(const WebpEncoder&) = delete;

    Status add(const Image& frame) {
        if (!m_error.empty()) return Error{m_error};
        if (frame.width != m_width || frame.height != m_height ||
            frame.rgba.size() != size_t(m_width) * size_t(m_height) * 4)
            return Error{"cannot write a WebP: frames of different sizes"};
        WebPPicture pic;
        if (!WebPPictureInit(&pic)) return Error{"cannot write a WebP: libwebp version mismatch"};
        pic.use_argb = 1;
        pic.width = m_width;
        pic.height = m_height;
        const bool imported = WebPPictureImportRGBA(&pic, frame.rgba.data(), m_width * 4) != 0;
        const bool added =
            imported && WebPAnimEncoderAdd(m_encoder, &pic, m_timestamp, &m_config) != 0;
        WebPPictureFree(&pic);
        if (!added) {
            m_error = fmt::format("cannot write a WebP: {}",
                                  imported ? WebPAnimEncoderGetError(m_encoder) : "out of memory");
            return Error{m_error};
        }
        m_timestamp += m_frame_ms;
        ++m_frames;
        return Ok{};
    }

    Result<std::string> finish() {
        if (!m_error.empty()) return Error{m_error};
        if (m_frames == 0) return Error{"cannot write a WebP: no frames"};
        WebPData data;
        WebPDataInit(&data);
        // A last null frame gives the final frame its duration.
        if (!WebPAnimEncoderAdd(m_encoder, nullptr, m_timestamp, nullptr) ||
            !WebPAnimEncoderAssemble(m_encoder, &data))
            return Error{fmt::format("cannot write a WebP: {}", WebPAnimEncoderGetError(m_encoder))};
        std::string bytes(reinterpret_cast<const char*>(data.bytes), data.size);
        WebPDataClear(&data);
        return bytes;
    }

private:
    WebPAnimEncoder* m_encoder = nullptr;
    WebPConfig m_config{};
    std::string m_error;
    int m_width = 0, m_height = 0, m_frame_ms = 50, m_timestamp = 0, m_frames = 0;
};

// An animation file written whole at the end: `Encoder` (GifEncoder, WebpEncoder) takes the
// frames one at a time and its bytes replace the file atomically.
template <class Encoder>
class EncodedFileWriter final : public AnimationWriter {
public:
    EncodedFileWriter(fs::path path, int width, int height, double fps)
        : m_path(std::move(path)), m_encoder(width, height, fps) {}
    Status add(const Image& frame) override { return m_encoder.add(frame); }
    Status finish() override {
        auto bytes = m_encoder.finish();
        if (!bytes) return bytes.error();
        return model::write_file_atomic(m_path, bytes.value());
    }

private:
    fs::path m_path;
    Encoder m_encoder;
};

// H.264 in MP4 through an ffmpeg child process: raw RGBA frames go into its standard input,
// it writes a temporary file beside the target, renamed over it when ffmpeg succeeds.
class Mp4Writer final : public AnimationWriter {
public:
    Mp4Writer(fs::path path, int width, int height) : m_path(std::move(path)), m_width(width), m_height(height) {}
    ~Mp4Writer() override { abandon(); }

    Status start(const std::string& ffmpeg, double fps) {
        const fs::path dir = m_path.has_parent_path() ? m_path.parent_path() : fs::path(".");
        std::string tmpl = (dir / fmt::format(".{}.tmp-XXXXXX", m_path.filename().string())).string();
        const int fd = ::mkstemp(tmpl.data());
        if (fd < 0) return io_error(errno);
        ::close(fd);
        m_temp = tmpl;
        int pipe_fds[2];
        if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
            const int err = errno;
            abandon();
            return io_error(err);
        }
        // ffmpeg's messages go to a temporary file (in TMPDIR: the target's disk may be the
        // one that is full), shown when it fails.
        const char* tmpdir = std::getenv("TMPDIR");
        std::string log = (fs::path(tmpdir && *tmpdir ? tmpdir : "/tmp") / "losslab-ffmpeg-XXXXXX").string();
        const int log_fd = ::mkstemp(log.data());
        if (log_fd >= 0) ::close(log_fd), m_log = log;
        else m_log = "/dev/null";
        const std::string size = fmt::format("{}x{}", m_width, m_height);
        const std::string rate = fmt::format("{}", fps);
        const std::vector<std::string> args = {
            ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "rgba", "-s", size, "-r", rate, "-i", "pipe:0",
            // yuv420p (what players expect) needs even sides: pad by one pixel when odd.
            "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2:color=white", "-c:v", "libx264",
            "-pix_fmt", "yuv420p", "-preset", "fast", "-crf", "18", "-movflags", "+faststart",
            "-f", "mp4", m_temp};
        std::vector<char*> argv;
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, pipe_fds[0], 0);
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 2, m_log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int spawn_error = ::posix_spawn(&m_child, ffmpeg.c_str(), &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        ::close(pipe_fds[0]);
        if (spawn_error != 0) {
            ::close(pipe_fds[1]);
            m_child = -1;
            return Error{fmt::format("cannot write {}: cannot start {}: {}", quote(m_path.string()),
                                     ffmpeg, std::strerror(spawn_error))};
        }
        m_pipe = pipe_fds[1];
        return Ok{};
    }

    Status add(const Image& frame) override {
        if (m_pipe < 0) return Error{"cannot write an MP4: ffmpeg is not running"};
        if (frame.width != m_width || frame.height != m_height ||
            frame.rgba.size() != size_t(m_width) * size_t(m_height) * 4)
            return Error{"cannot write an MP4: frames of different sizes"};
        // ffmpeg quitting early must not kill us with SIGPIPE: EPIPE instead.
        struct sigaction ignore {}, previous{};
        ignore.sa_handler = SIG_IGN;
        ::sigaction(SIGPIPE, &ignore, &previous);
        size_t done = 0;
        const auto* bytes = reinterpret_cast<const char*>(frame.rgba.data());
        int err = 0;
        while (done < frame.rgba.size()) {
            const ssize_t n = ::write(m_pipe, bytes + done, frame.rgba.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) {
                err = errno;
                break;
            }
            done += size_t(n);
        }
        ::sigaction(SIGPIPE, &previous, nullptr);
        if (err == 0) return Ok{};
        const int status = wait_child();
        return ffmpeg_failed(status);
    }

    Status finish() override {
        if (m_pipe < 0) return Error{"cannot write an MP4: ffmpeg is not running"};
        ::close(m_pipe);
        m_pipe = -1;
        const int status = wait_child();
        if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0)) return ffmpeg_failed(status);
        std::error_code ec;
        if (fs::file_size(m_temp, ec) == 0 || ec) return ffmpeg_failed(status);
        if (::chmod(m_temp.c_str(), 0644) != 0 || ::rename(m_temp.c_str(), m_path.c_str()) != 0) {
            const int err = errno;
            abandon();
            return io_error(err);
        }
        m_temp.clear();
        abandon();
        return Ok{};
    }

private:
    Error io_error(int err) const {
        return Error{fmt::format("cannot write {}: {}", quote(m_path.string()), std::strerror(err))};
    }
    int wait_child() {
        int status = 0;
        if (m_child > 0) {
            while (::waitpid(m_child, &status, 0) < 0 && errno == EINTR) {
            }
            m_child = -1;
        }
        return status;
    }
    Status ffmpeg_failed(int status) {
        std::string log;
        if (FILE* f = std::fopen(m_log.c_str(), "r")) {
            char buf[600];
            const size_t n = std::fread(buf, 1, sizeof buf, f);
            std::fclose(f);
            log.assign(buf, n);
        }
        while (!log.empty() && std::isspace(static_cast<unsigned char>(log.back()))) log.pop_back();
        abandon();
        return Error{fmt::format("cannot write {}: ffmpeg failed ({}){}{}", quote(m_path.string()),
                                 WIFEXITED(status) ? fmt::format("exit {}", WEXITSTATUS(status))
                                                   : std::string("killed"),
                                 log.empty() ? "" : ": ", log)};
    }
    // Stops ffmpeg if still running and removes the temporaries.
    void abandon() {
        if (m_pipe >= 0) ::close(m_pipe), m_pipe = -1;
        if (m_child > 0) {
            ::kill(m_child, SIGTERM);
            wait_child();
        }
        if (!m_temp.empty()) ::unlink(m_temp.c_str()), m_temp.clear();
        if (!m_log.empty() && m_log != "/dev/null") ::unlink(m_log.c_str());
        m_log.clear();
    }

    fs::path m_path;
    int m_width = 0, m_height = 0;
    std::string m_temp, m_log;
    pid_t m_child = -1;
    int m_pipe = -1;
};

} // namespace

Result<AnimationFormat> animation_format_from_path(const fs::path& path) {
    const std::string ext = lower_extension(path);
    if (ext == ".gif") return AnimationFormat::Gif;
    if (ext == ".webp") return AnimationFormat::Webp;
    if (ext == ".mp4") return AnimationFormat::Mp4;
    return make_error("an animation's file", "a name ending in .gif, .webp or .mp4",
                      quote(path.string()));
}

Result<AnimationFormat> animation_format_from_name(const std::string& name) {
    if (name == "gif") return AnimationFormat::Gif;
    if (name == "webp") return AnimationFormat::Webp;
    if (name == "mp4") return AnimationFormat::Mp4;
    return make_error("an animation's --format", "one of gif, webp, mp4", quote(name));
}

const char* animation_extension(AnimationFormat format) {
    switch (format) {
    case AnimationFormat::Gif: return "gif";
    case AnimationFormat::Webp: return "webp";
    case AnimationFormat::Mp4: return "mp4";
    }
    return "gif";
}

std::string find_on_path(const std::string& name) {
    const char* path = std::getenv("PATH");
    if (!path) return {};
    std::string_view rest(path);
    while (true) {
        const size_t colon = rest.find(':');
        const std::string dir(rest.substr(0, colon));
        const std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;
        if (::access(candidate.c_str(), X_OK) == 0 && !fs::is_directory(candidate)) return candidate;
        if (colon == std::string_view::npos) return {};
        rest.remove_prefix(colon + 1);
    }
}

std::string mp4_unavailable_reason() {
    if (!find_on_path("ffmpeg").empty()) return {};
    const char* path = std::getenv("PATH");
    return fmt::format("an .mp4 animation requires an ffmpeg program on PATH (Debian: apt-get "
                       "install ffmpeg), got none in PATH={}; .gif and .webp need nothing more",
                       quote(path ? path : ""));
}

Result<std::unique_ptr<AnimationWriter>> make_animation_writer(AnimationFormat format,
                                                               const fs::path& path, int width,
                                                               int height, double fps) {
    switch (format) {
    case AnimationFormat::Gif: return std::unique_ptr<AnimationWriter>(new EncodedFileWriter<GifEncoder>(path, width, height, fps));
    case AnimationFormat::Webp: return std::unique_ptr<AnimationWriter>(new EncodedFileWriter<WebpEncoder>(path, width, height, fps));
    case AnimationFormat::Mp4: {
        if (auto why = mp4_unavailable_reason(); !why.empty()) return Error{why};
        auto writer = std::make_unique<Mp4Writer>(path, width, height);
        if (auto ok = writer->start(find_on_path("ffmpeg"), fps); !ok) return ok.error();
        return std::unique_ptr<AnimationWriter>(std::move(writer));
    }
    }
    return Error{"unknown animation format"};
}

std::vector<double> animation_values(const model::ParamSpec& spec, double from, double to,
                                     int frames, bool ping_pong) {
    std::vector<double> values;
    const int n = std::max(frames, 1);
    for (int i = 0; i < n; ++i)
        values.push_back(model::interpolate_param(spec, from, to, n > 1 ? double(i) / (n - 1) : 0.0));
    if (ping_pong)
        for (int i = n - 2; i >= 1; --i) values.push_back(values[size_t(i)]);
    return values;
}

Status write_animation(const fs::path& path, AnimationFormat format, int width, int height,
                       double fps, int count, const std::function<Result<Image>(int index)>& frame,
                       const AnimationProgress& progress) {
    if (count < 1) return Error{"cannot write an animation: no frames"};
    auto writer = make_animation_writer(format, path, width, height, fps);
    if (!writer) return writer.error();
    for (int i = 0; i < count; ++i) {
        auto image = frame(i);
        if (!image) return image.error();
        if (auto ok = writer.value()->add(image.value()); !ok) return ok;
        if (progress && !progress(i + 1, count))
            return Error{fmt::format("the export of {} was cancelled", quote(path.string()))};
    }
    return writer.value()->finish();
}

Result<std::string> encode_webp(const std::vector<Image>& frames, double fps) {
    if (frames.empty()) return Error{"cannot write a WebP: no frames"};
    WebpEncoder encoder(frames[0].width, frames[0].height, fps);
    for (const auto& f : frames)
        if (auto ok = encoder.add(f); !ok) return ok.error();
    return encoder.finish();
}

} // namespace losslab::exporting

// Animated exports: an animated WebP has the requested frames and size and its first and last
// frames differ (decoded with libwebp's demuxer); an MP4 has its frames (ffprobe; skipped
// where no ffmpeg is on PATH); without ffmpeg the error says what is needed and what PATH
// held; a lesson step with "animate" exports as an animation of its slide, there and back.
#include "export/animation_files.hpp"
#include "export/slide_deck.hpp"
#include "model/persist/lesson.hpp"
#include "model/params/param_registry.hpp"
#include "platform/requests.hpp"

#include <gif_lib.h>
#include <webp/demux.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace losslab;

namespace {

fs::path temp_file(const std::string& name) {
    return fs::temp_directory_path() / ("losslab-anim-" + std::to_string(::getpid()) + "-" + name);
}

std::string read_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every frame of an animated WebP, as composed RGBA canvases.
struct DecodedWebp {
    int width = 0, height = 0, loop_count = -1;
    std::vector<std::vector<std::uint8_t>> frames;
    std::vector<int> timestamps;
};

DecodedWebp decode_webp(const std::string& bytes) {
    DecodedWebp out;
    WebPData data{reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()};
    WebPAnimDecoderOptions options;
    WebPAnimDecoderOptionsInit(&options);
    options.color_mode = MODE_RGBA;
    WebPAnimDecoder* dec = WebPAnimDecoderNew(&data, &options);
    if (!dec) return out;
    WebPAnimInfo info;
    WebPAnimDecoderGetInfo(dec, &info);
    out.width = int(info.canvas_width);
    out.height = int(info.canvas_height);
    out.loop_count = int(info.loop_count);
    while (WebPAnimDecoderHasMoreFrames(dec)) {
        uint8_t* rgba = nullptr;
        int timestamp = 0;
        if (!WebPAnimDecoderGetNext(dec, &rgba, &timestamp)) break;
        out.frames.emplace_back(rgba, rgba + size_t(out.width) * size_t(out.height) * 4);
        out.timestamps.push_back(timestamp);
    }
    WebPAnimDecoderDelete(dec);
    return out;
}

ui::ExportRequest focal_animation(const fs::path& path, int frames) {
    ui::ExportRequest r;
    r.figure = "focal-figure-1";
    r.path = path.string();
    r.width = 480;
    r.height = 300;
    r.animation = ui::ExportAnimation{"focal.gamma", 0.0, 5.0, frames, 20.0, false};
    return r;
}

// Runs `command` and returns its standard output.
std::string run(const std::string& command) {
    std::string out;
    if (FILE* p = ::popen(command.c_str(), "r")) {
        char buf[256];
        while (size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
        ::pclose(p);
    }
    return out;
}

} // namespace

TEST(AnimationExport, WebpHasItsFramesAndSizeAndMoves) {
    const fs::path path = temp_file("gamma.webp");
    const auto ok = platform::export_animation(model::default_app_state(), focal_animation(path, 12));
    ASSERT_TRUE(ok) << ok.error().message;
    const std::string bytes = read_bytes(path);
    ASSERT_EQ(bytes.substr(0, 4), "RIFF");
    ASSERT_EQ(bytes.substr(8, 4), "WEBP");
    const DecodedWebp webp = decode_webp(bytes);
    EXPECT_EQ(webp.width, 480);
    EXPECT_EQ(webp.height, 300);
    EXPECT_EQ(webp.loop_count, 0) << "loops forever";
    ASSERT_EQ(webp.frames.size(), 12u);
    // 20 fps: 50 ms a frame (the timestamps are each frame's end).
    EXPECT_EQ(webp.timestamps.front(), 50);
    EXPECT_EQ(webp.timestamps.back(), 600);
    EXPECT_NE(webp.frames.front(), webp.frames.back()) << "gamma 0 and gamma 5 look the same";
    // The first frame is the figure: a white page with dark ink.
    EXPECT_EQ(webp.frames.front()[0], 255);
    fs::remove(path);
}

TEST(AnimationExport, EncodeWebpIsLosslessAndOneFrameStill) {
    exporting::Image a;
    a.width = 16;
    a.height = 8;
    a.rgba.assign(16 * 8 * 4, 255);
    exporting::Image b = a;
    b.rgba[4 * 20] = 10; // one pixel's red
    auto bytes = exporting::encode_webp({a, b}, 10.0);
    ASSERT_TRUE(bytes) << bytes.error().message;
    const DecodedWebp webp = decode_webp(bytes.value());
    ASSERT_EQ(webp.frames.size(), 2u);
    EXPECT_EQ(webp.frames[0], a.rgba);
    EXPECT_EQ(webp.frames[1], b.rgba);
    EXPECT_EQ(webp.timestamps[1], 200);
}

TEST(AnimationExport, Mp4ThroughFfmpeg) {
    if (exporting::find_on_path("ffmpeg").empty() || exporting::find_on_path("ffprobe").empty())
        GTEST_SKIP() << "no ffmpeg/ffprobe on PATH: the MP4 export is not tested here "
                        "(apt-get install ffmpeg to run it)";
    const fs::path path = temp_file("gamma.mp4");
    auto r = focal_animation(path, 10);
    r.width = 481; // odd: padded to even for yuv420p
    r.height = 301;
    const auto ok = platform::export_animation(model::default_app_state(), r);
    ASSERT_TRUE(ok) << ok.error().message;
    const std::string probe =
        run("ffprobe -v error -count_frames -select_streams v:0 -show_entries "
            "stream=codec_name,width,height,nb_read_frames -of csv=p=0 '" + path.string() + "'");
    EXPECT_EQ(probe, "h264,482,302,10\n");
    EXPECT_EQ(fs::status(path).permissions() & fs::perms::others_read, fs::perms::others_read);
    // No temporary left beside it.
    for (const auto& e : fs::directory_iterator(path.parent_path()))
        EXPECT_EQ(e.path().filename().string().find(".losslab-anim-" + std::to_string(::getpid()) +
                                                    "-gamma.mp4.tmp"),
                  std::string::npos);
    fs::remove(path);
}

TEST(AnimationExport, Mp4WithoutFfmpegSaysWhatIsNeeded) {
    const char* old = std::getenv("PATH");
    const std::string saved = old ? old : "";
    const fs::path empty = temp_file("empty-bin");
    fs::create_directories(empty);
    ::setenv("PATH", empty.c_str(), 1);
    const fs::path path = temp_file("none.mp4");
    const auto ok = platform::export_animation(model::default_app_state(), focal_animation(path, 3));
    ::setenv("PATH", saved.c_str(), 1);
    ASSERT_FALSE(ok);
    EXPECT_NE(ok.error().message.find("requires an ffmpeg program on PATH"), std::string::npos)
        << ok.error().message;
    EXPECT_NE(ok.error().message.find(empty.string()), std::string::npos) << ok.error().message;
    EXPECT_FALSE(fs::exists(path));
    fs::remove_all(empty);
}

TEST(AnimationExport, PingPongValuesLoopWithoutRepeatingEnds) {
    const auto* gamma = model::find_param("focal.gamma");
    ASSERT_NE(gamma, nullptr);
    const auto v = exporting::animation_values(*gamma->spec, 0.0, 4.0, 5, true);
    EXPECT_EQ(v, (std::vector<double>{0, 1, 2, 3, 4, 3, 2, 1}));
    EXPECT_EQ(exporting::animation_values(*gamma->spec, 0.0, 4.0, 5, false).size(), 5u);
}

TEST(AnimationExport, LessonStepWithAnimateExportsItsSlide) {
    auto lesson = model::load_lesson(fs::path(LOSSLAB_REFERENCE_DIR) / "../../assets/lessons/03-focal-loss.json");
    ASSERT_TRUE(lesson) << lesson.error().message;
    // Step 2 sweeps focal.gamma 0 -> 5 over 6 s, looping: at 2 fps, 12 frames there and 10 back.
    ASSERT_TRUE(exporting::step_animates(lesson.value(), 1));
    ASSERT_FALSE(exporting::step_animates(lesson.value(), 0));
    const fs::path path = temp_file("step.gif");
    const auto ok = exporting::write_step_animation(path, lesson.value(), "03", 1, 2.0, 320);
    ASSERT_TRUE(ok) << ok.error().message;
    int error = 0;
    GifFileType* gif = DGifOpenFileName(path.c_str(), &error);
    ASSERT_NE(gif, nullptr);
    ASSERT_EQ(DGifSlurp(gif), GIF_OK);
    EXPECT_EQ(gif->SWidth, 320);
    EXPECT_EQ(gif->SHeight, 180);
    ASSERT_EQ(gif->ImageCount, 22);
    auto frame = [&](int i) {
        const auto& im = gif->SavedImages[i];
        return std::vector<GifByteType>(im.RasterBits, im.RasterBits + 320 * 180);
    };
    // gamma 0 (first) and gamma 5 (the turn, frame 11) differ; one step back from either end
    // differs from the end.
    EXPECT_NE(frame(0), frame(11));
    EXPECT_NE(frame(0), frame(21));
    EXPECT_EQ(frame(10), frame(12)) << "the way back retraces the way there";
    DGifCloseFile(gif, &error);
    fs::remove(path);
    // A step without "animate" is refused, naming it.
    const auto refused = exporting::write_step_animation(path, lesson.value(), "03", 0, 2.0, 320);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("step 1"), std::string::npos) << refused.error().message;
    EXPECT_FALSE(fs::exists(path));
}

TEST(AnimationExport, CancelledLeavesNothing) {
    // Stop after 3 of 8 frames (the window's Stop, or quitting): an error saying so, and no
    // file or temporary beside it, for every format available here.
    std::vector<std::string> extensions{"gif", "webp"};
    if (!exporting::find_on_path("ffmpeg").empty()) extensions.push_back("mp4");
    const fs::path dir = temp_file("cancel");
    fs::create_directories(dir);
    for (const auto& ext : extensions) {
        const fs::path path = dir / ("stopped." + ext);
        int told = 0;
        const auto ok = platform::export_animation(
            model::default_app_state(), focal_animation(path, 8), [&](int done, int total) {
                told = done;
                EXPECT_EQ(total, 8);
                return done < 3;
            });
        ASSERT_FALSE(ok) << ext;
        EXPECT_NE(ok.error().message.find("cancelled"), std::string::npos) << ok.error().message;
        EXPECT_EQ(told, 3) << ext;
        EXPECT_TRUE(fs::is_empty(dir)) << ext << ": " << fs::directory_iterator(dir)->path();
    }
    fs::remove_all(dir);
}

#include "export/gif_writer.hpp"

#include "model/io/file_io.hpp"

#include <gif_lib.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>

namespace losslab::exporting {

namespace {

// The fixed palette: 216 entries of a 6-level colour cube, then 40 greys.
std::array<GifColorType, 256> palette() {
    std::array<GifColorType, 256> p{};
    for (int i = 0; i < 216; ++i)
        p[size_t(i)] = {GifByteType(51 * (i / 36)), GifByteType(51 * (i / 6 % 6)),
                        GifByteType(51 * (i % 6))};
    for (int g = 0; g < 40; ++g) {
        const auto v = GifByteType(std::lround(255.0 * (g + 1) / 41.0));
        p[size_t(216 + g)] = {v, v, v};
    }
    return p;
}

// The palette index nearest to (r, g, b): the cube entry, or a grey when nearer.
GifByteType nearest(const std::array<GifColorType, 256>& pal, int r, int g, int b) {
    auto level = [](int v) { return (v + 25) / 51; };
    int best = level(r) * 36 + level(g) * 6 + level(b);
    auto dist = [&](int i) {
        const int dr = pal[size_t(i)].Red - r, dg = pal[size_t(i)].Green - g,
                  db = pal[size_t(i)].Blue - b;
        return dr * dr + dg * dg + db * db;
    };
    const int grey =
        std::clamp(int(std::lround((r + g + b) / 3.0 * 41.0 / 255.0)) - 1, 0, 39) + 216;
    if (dist(grey) < dist(best)) best = grey;
    return GifByteType(best);
}

int append(GifFileType* gif, const GifByteType* data, int length) {
    static_cast<std::string*>(gif->UserData)
        ->append(reinterpret_cast<const char*>(data), size_t(length));
    return length;
}

} // namespace

Result<std::string> encode_gif(const std::vector<Image>& frames, double fps) {
    if (frames.empty()) return Error{"cannot write a GIF: no frames"};
    const int w = frames[0].width, h = frames[0].height;
    for (const auto& f : frames)
        if (f.width != w || f.height != h || f.rgba.size() != size_t(w) * size_t(h) * 4)
            return Error{"cannot write a GIF: frames of different sizes"};
    std::string bytes;
    int error = 0;
    GifFileType* gif = EGifOpen(&bytes, append, &error);
    if (!gif) return Error{std::string("cannot write a GIF: ") + GifErrorString(error)};
    EGifSetGifVersion(gif, true); // GIF89a: the loop and delay extensions
    auto pal = palette();
    ColorMapObject* map = GifMakeMapObject(256, pal.data());
    bool ok = map && EGifPutScreenDesc(gif, w, h, 8, 0, map) == GIF_OK;
    // Loop forever (the NETSCAPE2.0 application extension).
    if (ok) {
        const GifByteType app[] = {'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0'};
        const GifByteType loop[] = {1, 0, 0};
        ok = EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE) == GIF_OK &&
             EGifPutExtensionBlock(gif, sizeof app, app) == GIF_OK &&
             EGifPutExtensionBlock(gif, sizeof loop, loop) == GIF_OK &&
             EGifPutExtensionTrailer(gif) == GIF_OK;
    }
    GraphicsControlBlock gcb{};
    gcb.DisposalMode = DISPOSE_DO_NOT;
    gcb.DelayTime = std::max(2, int(std::lround(100.0 / (fps > 0 ? fps : 20.0))));
    gcb.TransparentColor = NO_TRANSPARENT_COLOR;
    GifByteType ext[4];
    const size_t ext_len = EGifGCBToExtension(&gcb, ext);
    std::vector<GifByteType> line(static_cast<size_t>(w));
    for (size_t k = 0; ok && k < frames.size(); ++k) {
        ok = EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, int(ext_len), ext) == GIF_OK &&
             EGifPutImageDesc(gif, 0, 0, w, h, false, nullptr) == GIF_OK;
        for (int y = 0; ok && y < h; ++y) {
            const std::uint8_t* row = frames[k].rgba.data() + size_t(y) * size_t(w) * 4;
            for (int x = 0; x < w; ++x)
                line[size_t(x)] = nearest(pal, row[4 * x], row[4 * x + 1], row[4 * x + 2]);
            ok = EGifPutLine(gif, line.data(), w) == GIF_OK;
        }
    }
    const int last_error = gif->Error;
    GifFreeMapObject(map);
    int close_error = 0;
    if (EGifCloseFile(gif, &close_error) != GIF_OK) ok = false;
    if (!ok)
        return Error{std::string("cannot write a GIF: ") +
                     GifErrorString(last_error ? last_error : close_error)};
    return bytes;
}

Status write_gif(const std::filesystem::path& path, const std::vector<Image>& frames, double fps) {
    auto bytes = encode_gif(frames, fps);
    if (!bytes) return bytes.error();
    return model::write_file_atomic(path, bytes.value());
}

} // namespace losslab::exporting

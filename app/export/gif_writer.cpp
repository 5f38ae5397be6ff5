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

GifEncoder::GifEncoder(int width, int height, double fps) : m_width(width), m_height(height) {
    int error = 0;
    m_gif = EGifOpen(&m_bytes, append, &error);
    if (!m_gif) {
        m_error = std::string("cannot write a GIF: ") + GifErrorString(error);
        return;
    }
    EGifSetGifVersion(m_gif, true); // GIF89a: the loop and delay extensions
    const auto pal = palette();
    ColorMapObject* map = GifMakeMapObject(256, pal.data());
    bool ok = map && EGifPutScreenDesc(m_gif, width, height, 8, 0, map) == GIF_OK;
    GifFreeMapObject(map);
    // Loop forever (the NETSCAPE2.0 application extension).
    if (ok) {
        const GifByteType app[] = {'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0'};
        const GifByteType loop[] = {1, 0, 0};
        ok = EGifPutExtensionLeader(m_gif, APPLICATION_EXT_FUNC_CODE) == GIF_OK &&
             EGifPutExtensionBlock(m_gif, sizeof app, app) == GIF_OK &&
             EGifPutExtensionBlock(m_gif, sizeof loop, loop) == GIF_OK &&
             EGifPutExtensionTrailer(m_gif) == GIF_OK;
    }
    m_delay = std::max(2, int(std::lround(100.0 / (fps > 0 ? fps : 20.0))));
    if (!ok) m_error = std::string("cannot write a GIF: ") + GifErrorString(m_gif->Error);
}

GifEncoder::~GifEncoder() {
    if (m_gif) {
        int ignored = 0;
        EGifCloseFile(m_gif, &ignored);
    }
}

Status GifEncoder::add(const Image& frame) {
    if (!m_error.empty()) return Error{m_error};
    if (frame.width != m_width || frame.height != m_height ||
        frame.rgba.size() != size_t(m_width) * size_t(m_height) * 4)
        return Error{"cannot write a GIF: frames of different sizes"};
    const auto pal = palette();
    GraphicsControlBlock gcb{};
    gcb.DisposalMode = DISPOSE_DO_NOT;
    gcb.DelayTime = m_delay;
    gcb.TransparentColor = NO_TRANSPARENT_COLOR;
    GifByteType ext[4];
    const size_t ext_len = EGifGCBToExtension(&gcb, ext);
    bool ok = EGifPutExtension(m_gif, GRAPHICS_EXT_FUNC_CODE, int(ext_len), ext) == GIF_OK &&
              EGifPutImageDesc(m_gif, 0, 0, m_width, m_height, false, nullptr) == GIF_OK;
    std::vector<GifByteType> line(static_cast<size_t>(m_width));
    for (int y = 0; ok && y < m_height; ++y) {
        const std::uint8_t* row = frame.rgba.data() + size_t(y) * size_t(m_width) * 4;
        for (int x = 0; x < m_width; ++x)
            line[size_t(x)] = nearest(pal, row[4 * x], row[4 * x + 1], row[4 * x + 2]);
        ok = EGifPutLine(m_gif, line.data(), m_width) == GIF_OK;
    }
    if (!ok) m_error = std::string("cannot write a GIF: ") + GifErrorString(m_gif->Error);
    ++m_frames;
    return ok ? Status(Ok{}) : Status(Error{m_error});
}

Result<std::string> GifEncoder::finish() {
    if (!m_error.empty()) return Error{m_error};
    if (m_frames == 0) return Error{"cannot write a GIF: no frames"};
    int close_error = 0;
    const int status = EGifCloseFile(m_gif, &close_error);
    m_gif = nullptr;
    if (status != GIF_OK)
        return Error{std::string("cannot write a GIF: ") + GifErrorString(close_error)};
    return std::move(m_bytes);
}

Result<std::string> encode_gif(const std::vector<Image>& frames, double fps) {
    if (frames.empty()) return Error{"cannot write a GIF: no frames"};
    GifEncoder encoder(frames[0].width, frames[0].height, fps);
    for (const auto& f : frames)
        if (auto ok = encoder.add(f); !ok) return ok.error();
    return encoder.finish();
}

Status write_gif(const std::filesystem::path& path, const std::vector<Image>& frames, double fps) {
    auto bytes = encode_gif(frames, fps);
    if (!bytes) return bytes.error();
    return model::write_file_atomic(path, bytes.value());
}

} // namespace losslab::exporting

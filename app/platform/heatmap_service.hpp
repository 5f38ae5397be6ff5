#pragma once
// Heatmaps drawn by the GPU: a float texture of values is mapped through viridis by the
// fragment shader in shaders/heatmap.frag.glsl (embedded at build time) into a colour texture
// via a framebuffer object, which ImGui then draws as an image. Each key keeps its own
// textures, and a heatmap is re-rendered only when its values or range change.

#include "ui/ui_context.hpp"

#include <map>
#include <string>
#include <vector>

namespace losslab::platform {

// The GL implementation of ui::PlatformServices. Construct with the window's GL 3.3 context
// current (after the ImGui backends are initialised); GL objects are freed on destruction
// only while a context is still current.
class HeatmapService : public ui::PlatformServices {
public:
    HeatmapService();
    ~HeatmapService() override;
    HeatmapService(const HeatmapService&) = delete;
    HeatmapService& operator=(const HeatmapService&) = delete;

    // See ui::PlatformServices::heatmap. Restores the GL state it changes (framebuffer,
    // viewport, program, textures, blend and scissor) so ImGui's rendering is unaffected.
    // Returns a null texture when the shader could not be built (the message went to stderr).
    ImTextureID heatmap(const std::string& key, const std::vector<float>& values, int cols,
                        int rows, float lo, float hi) override;

    // Heatmaps rendered (not served from cache) so far; for tests and benches.
    long renders() const { return m_renders; }

private:
    struct Entry {
        unsigned values_tex = 0, color_tex = 0, fbo = 0;
        int cols = 0, rows = 0;
        float lo = 0.0f, hi = 0.0f;
        std::vector<float> values;
    };
    std::map<std::string, Entry> m_entries;
    unsigned m_program = 0, m_vao = 0;
    int m_loc_lo = -1, m_loc_hi = -1, m_loc_values = -1, m_loc_viridis = -1;
    long m_renders = 0;
};

} // namespace losslab::platform

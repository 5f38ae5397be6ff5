#include "platform/heatmap_service.hpp"

#include "losslab/shaders.hpp"
#include "plot/color.hpp"

#include <glad/gl.h>
#include <GLFW/glfw3.h>

#include <cstdint>
#include <cstdio>

namespace losslab::platform {

namespace {

GLuint compile(GLenum type, const char* source, const char* name) {
    const GLuint s = glCreateShader(type);
    glShaderSource(s, 1, &source, nullptr);
    glCompileShader(s);
    GLint ok = 0;
    glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[1024] = {};
        glGetShaderInfoLog(s, sizeof log, nullptr, log);
        std::fprintf(stderr, "losslab: shader %s does not compile: %s\n", name, log);
        glDeleteShader(s);
        return 0;
    }
    return s;
}

} // namespace

HeatmapService::HeatmapService() {
    const GLuint vs = compile(GL_VERTEX_SHADER, shaders::kHeatmapVert, "heatmap.vert.glsl");
    const GLuint fs = compile(GL_FRAGMENT_SHADER, shaders::kHeatmapFrag, "heatmap.frag.glsl");
    if (vs && fs) {
        m_program = glCreateProgram();
        glAttachShader(m_program, vs);
        glAttachShader(m_program, fs);
        glLinkProgram(m_program);
        GLint ok = 0;
        glGetProgramiv(m_program, GL_LINK_STATUS, &ok);
        if (!ok) {
            char log[1024] = {};
            glGetProgramInfoLog(m_program, sizeof log, nullptr, log);
            std::fprintf(stderr, "losslab: heatmap shader does not link: %s\n", log);
            glDeleteProgram(m_program);
            m_program = 0;
        }
    }
    if (vs) glDeleteShader(vs);
    if (fs) glDeleteShader(fs);
    if (!m_program) return;
    m_loc_lo = glGetUniformLocation(m_program, "u_lo");
    m_loc_hi = glGetUniformLocation(m_program, "u_hi");
    m_loc_values = glGetUniformLocation(m_program, "u_values");
    m_loc_viridis = glGetUniformLocation(m_program, "u_viridis");
    // The core profile draws nothing without a bound vertex array, even with no attributes.
    glGenVertexArrays(1, &m_vao);
    // The colormap: 32 samples of the app's viridis, set once.
    GLint prev_program = 0;
    glGetIntegerv(GL_CURRENT_PROGRAM, &prev_program);
    glUseProgram(m_program);
    float lut[32 * 3];
    for (int i = 0; i < 32; ++i) {
        const plot::Rgba c = plot::viridis(double(i) / 31.0);
        lut[3 * i] = c.r / 255.0f;
        lut[3 * i + 1] = c.g / 255.0f;
        lut[3 * i + 2] = c.b / 255.0f;
    }
    glUniform3fv(m_loc_viridis, 32, lut);
    glUseProgram(GLuint(prev_program));
}

HeatmapService::~HeatmapService() {
    if (!glfwGetCurrentContext()) return; // the context is gone and took the objects with it
    for (auto& [key, e] : m_entries) {
        glDeleteFramebuffers(1, &e.fbo);
        glDeleteTextures(1, &e.values_tex);
        glDeleteTextures(1, &e.color_tex);
    }
    if (m_vao) glDeleteVertexArrays(1, &m_vao);
    if (m_program) glDeleteProgram(m_program);
}

ImTextureID HeatmapService::heatmap(const std::string& key, const std::vector<float>& values,
                                    int cols, int rows, float lo, float hi) {
    if (!m_program || cols <= 0 || rows <= 0 || values.size() != std::size_t(cols) * rows)
        return ImTextureID{};
    Entry& e = m_entries[key];
    auto tex_id = [&] { return reinterpret_cast<ImTextureID>(std::intptr_t(e.color_tex)); };
    if (e.fbo && e.cols == cols && e.rows == rows && e.lo == lo && e.hi == hi && e.values == values)
        return tex_id();

    // Save what we touch; ImGui's backend and the export framebuffer rely on it.
    GLint prev_fbo = 0, prev_program = 0, prev_tex = 0, prev_active = 0, prev_vao = 0;
    GLint prev_viewport[4];
    glGetIntegerv(GL_FRAMEBUFFER_BINDING, &prev_fbo);
    glGetIntegerv(GL_CURRENT_PROGRAM, &prev_program);
    glGetIntegerv(GL_ACTIVE_TEXTURE, &prev_active);
    glActiveTexture(GL_TEXTURE0);
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &prev_tex);
    glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &prev_vao);
    glGetIntegerv(GL_VIEWPORT, prev_viewport);
    const GLboolean blend = glIsEnabled(GL_BLEND), scissor = glIsEnabled(GL_SCISSOR_TEST);
    GLint prev_unpack = 4;
    glGetIntegerv(GL_UNPACK_ALIGNMENT, &prev_unpack);

    if (!e.fbo || e.cols != cols || e.rows != rows) {
        if (!e.fbo) {
            glGenFramebuffers(1, &e.fbo);
            glGenTextures(1, &e.values_tex);
            glGenTextures(1, &e.color_tex);
        }
        glBindTexture(GL_TEXTURE_2D, e.color_tex);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, cols, rows, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                     nullptr);
        // Nearest: a cell stays a crisp block however large ImGui draws it.
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glBindFramebuffer(GL_FRAMEBUFFER, e.fbo);
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, e.color_tex,
                               0);
        glBindTexture(GL_TEXTURE_2D, e.values_tex);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    }
    glBindTexture(GL_TEXTURE_2D, e.values_tex);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, cols, rows, 0, GL_RED, GL_FLOAT, values.data());

    glBindFramebuffer(GL_FRAMEBUFFER, e.fbo);
    glViewport(0, 0, cols, rows);
    glDisable(GL_BLEND);
    glDisable(GL_SCISSOR_TEST);
    glUseProgram(m_program);
    glUniform1i(m_loc_values, 0);
    glUniform1f(m_loc_lo, lo);
    glUniform1f(m_loc_hi, hi);
    glBindVertexArray(m_vao);
    glDrawArrays(GL_TRIANGLES, 0, 3);
    ++m_renders;

    glBindVertexArray(GLuint(prev_vao));
    glUseProgram(GLuint(prev_program));
    glBindFramebuffer(GL_FRAMEBUFFER, GLuint(prev_fbo));
    glViewport(prev_viewport[0], prev_viewport[1], prev_viewport[2], prev_viewport[3]);
    glBindTexture(GL_TEXTURE_2D, GLuint(prev_tex));
    glActiveTexture(GLenum(prev_active));
    glPixelStorei(GL_UNPACK_ALIGNMENT, prev_unpack);
    if (blend) glEnable(GL_BLEND);
    if (scissor) glEnable(GL_SCISSOR_TEST);

    e.cols = cols;
    e.rows = rows;
    e.lo = lo;
    e.hi = hi;
    e.values = values;
    return tex_id();
}

} // namespace losslab::platform

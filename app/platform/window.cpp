#include "platform/window.hpp"

#include <glad/gl.h>
#include <GLFW/glfw3.h>

#include <cstdio>
#include <string>

namespace losslab::platform {

namespace {

// The description of GLFW's most recent error (and clears it), for the messages below.
std::string last_glfw_error() {
    const char* description = nullptr;
    glfwGetError(&description);
    return description ? description : "";
}

// The OpenGL version a default context offers, for the "no OpenGL 3.3" message.
std::string probe_gl_version() {
    glfwDefaultWindowHints();
    glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
    GLFWwindow* w = glfwCreateWindow(64, 64, "probe", nullptr, nullptr);
    if (!w) return "none";
    glfwMakeContextCurrent(w);
    using GetString = const unsigned char* (*)(unsigned int);
    auto get = reinterpret_cast<GetString>(glfwGetProcAddress("glGetString"));
    const unsigned char* v = get ? get(0x1F02 /* GL_VERSION */) : nullptr;
    std::string version = v ? reinterpret_cast<const char*>(v) : "unknown";
    glfwDestroyWindow(w);
    return version;
}

} // namespace

GLFWwindow* create_gl_window(int width, int height, bool visible, int& exit_code) {
    if (!glfwInit()) {
        const std::string why = last_glfw_error();
        std::fprintf(stderr,
                     "losslab: no display found (%s). LossLab needs a graphical display; on a "
                     "machine without one run it under a virtual display: xvfb-run -a losslab "
                     "[options]\n",
                     why.empty() ? "GLFW could not start" : why.c_str());
        exit_code = 2;
        return nullptr;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    glfwWindowHint(GLFW_SAMPLES, 0);
    glfwWindowHint(GLFW_VISIBLE, visible ? GLFW_TRUE : GLFW_FALSE);
    GLFWwindow* window = glfwCreateWindow(width, height, "LossLab", nullptr, nullptr);
    if (!window) {
        const std::string why = last_glfw_error();
        const std::string found = probe_gl_version();
        std::fprintf(stderr,
                     "losslab: OpenGL 3.3 core profile is required, but this display offers "
                     "OpenGL %s (%s). Update the graphics driver, or use Mesa's software "
                     "renderer (package libgl1-mesa-dri, LIBGL_ALWAYS_SOFTWARE=1).\n",
                     found.c_str(), why.c_str());
        glfwTerminate();
        exit_code = 2;
        return nullptr;
    }
    glfwMakeContextCurrent(window);
    if (!gladLoadGL(glfwGetProcAddress)) {
        std::fprintf(stderr, "losslab: the OpenGL 3.3 functions could not be loaded\n");
        glfwDestroyWindow(window);
        glfwTerminate();
        exit_code = 2;
        return nullptr;
    }
    return window;
}


} // namespace losslab::platform

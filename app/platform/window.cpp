#include "platform/window.hpp"

#include <glad/gl.h>
#include <GLFW/glfw3.h>

#include <png.h>

#include <cstddef>
#include <cstdio>
#include <string>
#include <vector>

namespace losslab::platform {

// The icon PNG embedded at build time (app/CMakeLists.txt renders assets/icons/losslab.svg).
extern const unsigned char kWindowIconPng[];
extern const std::size_t kWindowIconPngSize;

namespace {
// Sets the embedded icon as the window's icon; a decoding failure leaves GLFW's default.
void set_window_icon(GLFWwindow* window) {
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, kWindowIconPng, kWindowIconPngSize)) return;
    image.format = PNG_FORMAT_RGBA;
    std::vector<unsigned char> pixels(PNG_IMAGE_SIZE(image));
    if (!png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr)) {
        png_image_free(&image);
        return;
    }
    const GLFWimage icon{int(image.width), int(image.height), pixels.data()};
    glfwSetWindowIcon(window, 1, &icon);
}
} // namespace

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
    set_window_icon(window);
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

#pragma once
// An OpenGL 3.3 context without a visible window, with ImGui's OpenGL3 renderer ready: what
// `losslab export` needs to render PNGs from the command line (still needs an X display;
// xvfb-run provides one on servers).

struct GLFWwindow;

namespace losslab::platform {

// Owns a hidden GLFW window, its GL context and an ImGui context with the OpenGL3 renderer.
class HeadlessGl {
public:
    // Creates it; on failure ok() is false, a one-line reason was printed, exit_code() is 2.
    HeadlessGl();
    ~HeadlessGl();
    HeadlessGl(const HeadlessGl&) = delete;
    HeadlessGl& operator=(const HeadlessGl&) = delete;

    bool ok() const { return m_window != nullptr; }
    int exit_code() const { return m_exit_code; }

private:
    GLFWwindow* m_window = nullptr;
    int m_exit_code = 0;
};

} // namespace losslab::platform

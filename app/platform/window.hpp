#pragma once
// Creating the OpenGL 3.3 core window (visible for the app, hidden for command-line PNG
// export), with the messages a user needs when there is no display or no OpenGL 3.3.

struct GLFWwindow;

namespace losslab::platform {

// Initialises GLFW, creates a `width` x `height` window with a current OpenGL 3.3 core context
// and loads the GL functions (glad). On failure prints one line saying why and what to do
// (no display: run under xvfb-run; no OpenGL 3.3: the version found), sets `exit_code` to 2,
// and returns nullptr with GLFW terminated.
GLFWwindow* create_gl_window(int width, int height, bool visible, int& exit_code);

} // namespace losslab::platform

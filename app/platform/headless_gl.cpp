#include "platform/headless_gl.hpp"

#include "platform/window.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

namespace losslab::platform {

HeadlessGl::HeadlessGl() {
    m_window = create_gl_window(64, 64, false, m_exit_code);
    if (!m_window) return;
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    ImGui_ImplOpenGL3_Init("#version 330 core");
    // The renderer makes its shaders and buffers on the first NewFrame; exports render without
    // frames, so make them now.
    ImGui_ImplOpenGL3_CreateDeviceObjects();
}

HeadlessGl::~HeadlessGl() {
    if (!m_window) return;
    ImGui_ImplOpenGL3_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(m_window);
    glfwTerminate();
}

} // namespace losslab::platform

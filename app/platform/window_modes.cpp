#include "platform/font_locator.hpp"
#include "platform/requests.hpp"
#include "ui/fonts.hpp"
#include "ui/imgui_theme.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>

namespace losslab::platform {

WindowData& window_data(GLFWwindow* window) {
    return *static_cast<WindowData*>(glfwGetWindowUserPointer(window));
}

namespace {

// The monitor the window is on: the one whose area contains the window's centre, else the
// one it overlaps most, else the primary monitor.
GLFWmonitor* monitor_of(GLFWwindow* window) {
    if (GLFWmonitor* current = glfwGetWindowMonitor(window)) return current;
    int wx = 0, wy = 0, ww = 0, wh = 0;
    glfwGetWindowPos(window, &wx, &wy);
    glfwGetWindowSize(window, &ww, &wh);
    const int cx = wx + ww / 2, cy = wy + wh / 2;
    int count = 0;
    GLFWmonitor** monitors = glfwGetMonitors(&count);
    GLFWmonitor* best = nullptr;
    long best_overlap = -1;
    for (int i = 0; i < count; ++i) {
        const GLFWvidmode* mode = glfwGetVideoMode(monitors[i]);
        if (!mode) continue;
        int mx = 0, my = 0;
        glfwGetMonitorPos(monitors[i], &mx, &my);
        if (cx >= mx && cx < mx + mode->width && cy >= my && cy < my + mode->height)
            return monitors[i];
        const long ox = std::max(0, std::min(wx + ww, mx + mode->width) - std::max(wx, mx));
        const long oy = std::max(0, std::min(wy + wh, my + mode->height) - std::max(wy, my));
        if (ox * oy > best_overlap) {
            best_overlap = ox * oy;
            best = monitors[i];
        }
    }
    return best ? best : glfwGetPrimaryMonitor();
}

} // namespace

void toggle_fullscreen(GLFWwindow* window, ui::UiContext& ui) {
    GLFWmonitor* monitor = monitor_of(window);
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
    if (!mode) {
        ui.notices.push_back("full screen is not available: no monitor was found");
        return;
    }
    auto& saved = window_data(window);
    if (!ui.fullscreen) {
        glfwGetWindowPos(window, &saved.windowed_x, &saved.windowed_y);
        glfwGetWindowSize(window, &saved.windowed_width, &saved.windowed_height);
        glfwSetWindowMonitor(window, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
    } else {
        glfwSetWindowMonitor(window, nullptr, saved.windowed_x, saved.windowed_y,
                             saved.windowed_width, saved.windowed_height, 0);
    }
    ui.fullscreen = !ui.fullscreen;
}

void apply_zoom(ui::UiContext& ui, float zoom) {
    ui.ui_zoom = std::clamp(zoom, 0.5f, 3.0f);
    ui.dpi_scale = ui.content_scale * ui.ui_zoom;
    ui.fonts = ui::load_fonts(find_font_file("DejaVu Sans"), ui.dpi_scale);
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    ui::apply_imgui_theme(ui.theme, ui.dpi_scale);
}

} // namespace losslab::platform

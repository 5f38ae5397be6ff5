#include "platform/monitor_zoom.hpp"

#include "platform/requests.hpp"

#include <GLFW/glfw3.h>

#include <algorithm>

namespace losslab::platform {

std::string window_monitor_name(GLFWwindow* window) {
    GLFWmonitor* monitor = glfwGetWindowMonitor(window);
    if (!monitor) {
        // A windowed window has no monitor in GLFW's sense: pick the one under its centre.
        int x = 0, y = 0, w = 0, h = 0;
        glfwGetWindowPos(window, &x, &y);
        glfwGetWindowSize(window, &w, &h);
        const int cx = x + w / 2, cy = y + h / 2;
        int count = 0;
        GLFWmonitor** monitors = glfwGetMonitors(&count);
        for (int i = 0; i < count && !monitor; ++i) {
            int mx = 0, my = 0;
            glfwGetMonitorPos(monitors[i], &mx, &my);
            const GLFWvidmode* mode = glfwGetVideoMode(monitors[i]);
            if (mode && cx >= mx && cx < mx + mode->width && cy >= my && cy < my + mode->height)
                monitor = monitors[i];
        }
    }
    if (!monitor) monitor = glfwGetPrimaryMonitor();
    const char* name = monitor ? glfwGetMonitorName(monitor) : nullptr;
    return name ? name : "";
}

void restore_monitor_zoom(GLFWwindow* window, ui::UiContext& ui, const model::Settings& settings) {
    const auto it = settings.zoom_by_monitor.find(window_monitor_name(window));
    if (it == settings.zoom_by_monitor.end() || it->second == ui.ui_zoom) return;
    apply_zoom(ui, it->second);
}

void remember_monitor_zoom(GLFWwindow* window, ui::UiContext& ui, model::Settings& settings,
                           bool save) {
    if (ui.presentation) return;
    const std::string name = window_monitor_name(window);
    auto& stored = settings.zoom_by_monitor[name];
    const float zoom = std::clamp(ui.ui_zoom, model::kMinUiZoom, model::kMaxUiZoom);
    if (stored == zoom) return;
    stored = zoom;
    if (!save) return;
    if (auto ok = model::save_settings(model::settings_path(), settings); !ok)
        ui.notices.push_back("the zoom was not remembered: " + ok.error().message);
}

} // namespace losslab::platform

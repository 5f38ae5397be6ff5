#include "platform/gui_app.hpp"

#include "export/png_io.hpp"
#include "losslab/version.hpp"
#include "model/file_io.hpp"
#include "model/labs.hpp"
#include "model/param_registry.hpp"
#include "model/session.hpp"
#include "plot/layout_report.hpp"
#include "platform/font_locator.hpp"
#include "platform/heatmap_service.hpp"
#include "platform/monitor_zoom.hpp"
#include "platform/requests.hpp"
#include "platform/window.hpp"
#include "ui/app_frame.hpp"
#include "ui/fonts.hpp"
#include "ui/imgui_theme.hpp"
#include "ui/lesson_panel.hpp"
#include "ui/presentation.hpp"

#include <glad/gl.h>
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace losslab::platform {

namespace {

float content_scale(GLFWwindow* window) {
    float sx = 1.0f, sy = 1.0f;
    glfwGetWindowContentScale(window, &sx, &sy);
    return std::clamp(std::max(sx, sy), 1.0f, 4.0f);
}

void setup_fonts_and_style(ui::UiContext& ui) {
    ui.fonts = ui::load_fonts(find_font_file("DejaVu Sans"), ui.dpi_scale);
    ui::apply_imgui_theme(ui.theme, ui.dpi_scale);
}

// The window's pixels (the back buffer just rendered), rows top to bottom.
exporting::Image read_back_buffer(GLFWwindow* window) {
    exporting::Image img;
    glfwGetFramebufferSize(window, &img.width, &img.height);
    img.rgba.resize(size_t(img.width) * size_t(img.height) * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, img.width, img.height, GL_RGBA, GL_UNSIGNED_BYTE, img.rgba.data());
    const size_t row = size_t(img.width) * 4;
    std::vector<std::uint8_t> tmp(row);
    for (int y = 0; y < img.height / 2; ++y) {
        auto* a = img.rgba.data() + size_t(y) * row;
        auto* b = img.rgba.data() + size_t(img.height - 1 - y) * row;
        std::copy(a, a + row, tmp.data());
        std::copy(b, b + row, a);
        std::copy(tmp.data(), tmp.data() + row, b);
    }
    for (size_t i = 3; i < img.rgba.size(); i += 4) img.rgba[i] = 255;
    return img;
}

// The first real-valued parameter of the lab: what --bench-frames sweeps.
const model::ParamBinding* main_slider(model::LabId lab) {
    for (const auto* p : model::lab_params(lab))
        if (p->spec->kind == model::ParamKind::Real) return p;
    return nullptr;
}

double percentile(std::vector<double> v, double q) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    const size_t i = std::min(v.size() - 1, size_t(q * double(v.size() - 1) + 0.5));
    return v[i];
}

int write_screenshot(GLFWwindow* window, const model::AppState& state, const std::string& path) {
    const auto img = read_back_buffer(window);
    const auto ok = exporting::write_png(
        path, img,
        {{"Software", fmt::format("{} {}", kProgramName, kVersion)},
         {"losslab:lab", std::string(model::lab_info(state.lab).key)},
         {"losslab:params", model::state_assignments(state)}});
    if (ok) return 0;
    std::fprintf(stderr, "losslab: %s\n", ok.error().message.c_str());
    return 1;
}

void render(GLFWwindow* window, const ui::UiContext& ui) {
    int w = 0, h = 0;
    glfwGetFramebufferSize(window, &w, &h);
    glViewport(0, 0, w, h);
    const auto bg = plot::plot_theme(ui.theme).background;
    glClearColor(bg.r / 255.0f, bg.g / 255.0f, bg.b / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

} // namespace

int run_gui(model::AppState& state, model::Settings& settings, const GuiOptions& options) {
    int exit_code = 0;
    GLFWwindow* window = create_gl_window(options.width, options.height, true, exit_code);
    if (!window) return exit_code;
    glfwSwapInterval(options.screenshot || options.bench_frames > 0 ? 0 : 1);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // settings live in the XDG config dir, not in the working dir
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;

    WindowData window_state;
    glfwSetWindowUserPointer(window, &window_state);
    glfwSetDropCallback(window, [](GLFWwindow* w, int count, const char** paths) {
        for (int i = 0; i < count; ++i) window_data(w).dropped_files.emplace_back(paths[i]);
    });

    ui::UiContext ui;
    ui.theme = settings.theme;
    ui.content_scale = content_scale(window);
    ui.dpi_scale = ui.content_scale * ui.ui_zoom;
    ui.notices = options.notices;
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    HeatmapService heatmaps; // GLSL viridis heatmaps for the panels (needs the GL context)
    ui.services = &heatmaps;
    setup_fonts_and_style(ui);
    restore_monitor_zoom(window, ui, settings);
    if (!options.lesson.empty())
        if (auto ok = ui::open_lesson(state, ui, options.lesson,
                                      size_t(std::max(1, options.lesson_step) - 1));
            !ok) {
            std::fprintf(stderr, "losslab: %s\n", ok.error().message.c_str());
            ui.notices.push_back(ok.error().message);
        }
    if (options.presentation) {
        ui::set_presentation(ui, true);
        service_requests(window, state, ui);
    }

    const auto* sweep = options.bench_frames > 0 ? main_slider(state.lab) : nullptr;
    std::vector<double> frame_ms;
    std::vector<double> gl_ms;
    int frame = 0;
    int busy_frames = 3; // frames to keep drawing after input so hover/animation settle
    bool closing = false;
    plot::LayoutReport frame_report;
    while (!closing) {
        if (options.layout_report) {
            frame_report = {};
            int fw = 0, fh = 0;
            glfwGetFramebufferSize(window, &fw, &fh);
            frame_report.width = float(fw);
            frame_report.height = float(fh);
            ui.plot.report = &frame_report;
        }
        const bool batch = options.screenshot || options.bench_frames > 0;
        if (batch || busy_frames > 0 || ui.animating) glfwPollEvents();
        else glfwWaitEventsTimeout(0.5);
        busy_frames = io.WantTextInput || ImGui::IsAnyMouseDown() ? 3 : std::max(0, busy_frames - 1);
        if (!batch && (io.MouseDelta.x != 0 || io.MouseDelta.y != 0 || io.MouseWheel != 0))
            busy_frames = 3;
        closing = glfwWindowShouldClose(window);

        const auto t0 = std::chrono::steady_clock::now();
        if (sweep) {
            const double t = double(frame % options.bench_frames) /
                             std::max(1, options.bench_frames - 1);
            (void)model::set_param(state, *sweep,
                                   sweep->spec->min + t * (sweep->spec->max - sweep->spec->min));
        }
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        for (auto& path : window_state.dropped_files) ui.requests.open_files.push_back(std::move(path));
        window_state.dropped_files.clear();
        const auto req = ui::draw_app(state, ui);
        ImGui::Render();
        // The CPU part of a frame: our code and ImGui's, up to the draw lists. What follows is
        // the GL driver's (on llvmpipe, software rasterisation standing in for a GPU).
        const auto t1 = std::chrono::steady_clock::now();
        render(window, ui);
        const auto t2 = std::chrono::steady_clock::now();
        frame_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
        gl_ms.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
        if (req.theme_changed) ui::apply_imgui_theme(ui.theme, ui.dpi_scale);
        const float zoom_before = ui.ui_zoom;
        service_requests(window, state, ui);
        if (ui.ui_zoom != zoom_before) remember_monitor_zoom(window, ui, settings, options.save_settings);
        closing = closing || req.quit;
        ++frame;

        // A screenshot is what the window shows after `frames` frames, or when it is closed
        // earlier (tests drive the window, then close it with Ctrl+Q).
        if (options.screenshot && (frame >= options.frames || closing)) {
            exit_code = write_screenshot(window, state, *options.screenshot);
            if (options.layout_report)
                if (auto ok = model::write_file_atomic(*options.layout_report,
                                                       plot::layout_report_json(frame_report));
                    !ok) {
                    std::fprintf(stderr, "losslab: %s\n", ok.error().message.c_str());
                    exit_code = 1;
                }
            closing = true;
        }
        if (options.bench_frames > 0 && frame >= options.bench_frames) {
            std::printf("frame cpu ms: median %.3f p90 %.3f p99 %.3f (%d frames, lab %s); "
                        "gl submit ms: median %.3f\n",
                        percentile(frame_ms, 0.5), percentile(frame_ms, 0.9),
                        percentile(frame_ms, 0.99), frame,
                        std::string(model::lab_info(state.lab).key).c_str(),
                        percentile(gl_ms, 0.5));
            closing = true;
        }
        glfwSwapBuffers(window);
    }

    ui.plot.report = nullptr;
    if (options.save_settings) {
        glfwGetWindowSize(window, &settings.window_width, &settings.window_height);
        settings.theme = ui::remembered_theme(ui);
        settings.last_lab = std::string(model::lab_info(state.lab).key);
        if (auto ok = model::save_settings(model::settings_path(), settings); !ok)
            std::fprintf(stderr, "losslab: settings not saved: %s\n", ok.error().message.c_str());
        if (auto ok = model::autosave_session(model::last_session_path(), state); !ok)
            std::fprintf(stderr, "losslab: last session not saved: %s\n", ok.error().message.c_str());
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return exit_code;
}

} // namespace losslab::platform

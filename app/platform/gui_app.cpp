#include "platform/gui_app.hpp"

#include "export/png_io.hpp"
#include "losslab/version.hpp"
#include "model/io/file_io.hpp"
#include "model/labs/labs.hpp"
#include "model/params/param_registry.hpp"
#include "model/persist/session.hpp"
#include "plot/layout_report.hpp"
#include "platform/font_locator.hpp"
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
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <string>

#include <unistd.h>

namespace losslab::platform {

namespace {

// Frames to draw after the last input event: ImGui needs a couple to settle hover state,
// popups opening and widgets whose value changed during the frame.
constexpr int kSettleFrames = 3;

// Frames drawn since start (read by the SIGUSR1 handler of --count-frames).
std::atomic<long> g_frames_drawn{0};
// Set by request_frame() from any thread; the loop draws a frame and clears it.
std::atomic<bool> g_frame_requested{false};

// Writes "frames drawn: N" with async-signal-safe calls only.
void print_frames_drawn(int) {
    char buf[48] = "frames drawn: ";
    char digits[24];
    long v = g_frames_drawn.load();
    int nd = 0;
    do {
        digits[nd++] = char('0' + v % 10);
        v /= 10;
    } while (v > 0 && nd < 20);
    int len = 14;
    while (nd > 0) buf[len++] = digits[--nd];
    buf[len++] = '\n';
    (void)!::write(STDOUT_FILENO, buf, size_t(len));
}

// Counts every input and window event so the loop knows to draw (and settle) after it.
void count_event(GLFWwindow* w) { ++window_data(w).events; }

void install_event_counters(GLFWwindow* window) {
    // Installed before ImGui's callbacks, which chain to these.
    glfwSetCursorPosCallback(window, [](GLFWwindow* w, double, double) { count_event(w); });
    glfwSetMouseButtonCallback(window, [](GLFWwindow* w, int, int, int) { count_event(w); });
    glfwSetScrollCallback(window, [](GLFWwindow* w, double, double) { count_event(w); });
    glfwSetKeyCallback(window, [](GLFWwindow* w, int, int, int, int) { count_event(w); });
    glfwSetCharCallback(window, [](GLFWwindow* w, unsigned) { count_event(w); });
    glfwSetCursorEnterCallback(window, [](GLFWwindow* w, int) { count_event(w); });
    glfwSetWindowFocusCallback(window, [](GLFWwindow* w, int) { count_event(w); });
    glfwSetWindowSizeCallback(window, [](GLFWwindow* w, int, int) { count_event(w); });
    glfwSetFramebufferSizeCallback(window, [](GLFWwindow* w, int, int) { count_event(w); });
    glfwSetWindowRefreshCallback(window, [](GLFWwindow* w) { count_event(w); });
    glfwSetWindowIconifyCallback(window, [](GLFWwindow* w, int) { count_event(w); });
    glfwSetWindowContentScaleCallback(window,
                                      [](GLFWwindow* w, float, float) { count_event(w); });
}

// CPU time of the calling thread, in milliseconds.
double thread_cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) * 1e-6;
}

// Whether every vertex of the frame's draw lists has finite coordinates.
bool draw_data_finite(const ImDrawData* dd) {
    if (!dd) return true;
    for (int l = 0; l < dd->CmdListsCount; ++l)
        for (const ImDrawVert& v : dd->CmdLists[l]->VtxBuffer)
            if (!std::isfinite(v.pos.x) || !std::isfinite(v.pos.y) || !std::isfinite(v.uv.x) ||
                !std::isfinite(v.uv.y))
                return false;
    return true;
}

float content_scale(GLFWwindow* window) {
    float sx = 1.0f, sy = 1.0f;
    glfwGetWindowContentScale(window, &sx, &sy);
    return std::clamp(std::max(sx, sy), 1.0f, 4.0f);
}

void setup_fonts_and_style(ui::UiContext& ui) {
    const std::string font = find_font_file("DejaVu Sans");
    if (font.empty()) ui.notices.push_back(missing_font_warning("DejaVu Sans"));
    ui.fonts = ui::load_fonts(font, ui.dpi_scale);
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

// Saves the settings and the last session; returns what failed ("" when both were saved).
std::string save_at_exit(GLFWwindow* window, const model::AppState& state, ui::UiContext& ui,
                         model::Settings& settings) {
    glfwGetWindowSize(window, &settings.window_width, &settings.window_height);
    settings.theme = ui::remembered_theme(ui);
    settings.last_lab = std::string(model::lab_info(state.lab).key);
    std::string problem;
    if (auto ok = model::save_settings(model::settings_path(), settings); !ok)
        problem = "settings not saved: " + ok.error().message;
    if (auto ok = model::autosave_session(model::last_session_path(), state); !ok)
        problem += (problem.empty() ? "" : "; ") + ("last session not saved: " + ok.error().message);
    if (!problem.empty()) std::fprintf(stderr, "losslab: %s\n", problem.c_str());
    return problem;
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
        count_event(w);
    });
    install_event_counters(window);

    ui::UiContext ui;
    ui.theme = settings.theme;
    ui.content_scale = content_scale(window);
    ui.dpi_scale = ui.content_scale * ui.ui_zoom;
    ui.notices = options.notices;
    ui.request_frame = [] { request_frame(); };
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
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

    const auto* sweep = options.bench_frames <= 0 ? nullptr
                       : options.bench_sweep ? options.bench_sweep
                                             : main_slider(state.lab);
    const bool batch = options.screenshot || options.bench_frames > 0;
    if (options.count_frames) std::signal(SIGUSR1, print_frames_drawn);
    std::vector<double> frame_ms, gl_ms, vertices;
    int bench_failures = 0; // frames that drew a NaN or infinite vertex
    std::string bench_failure;
    int frame = 0;
    int busy_frames = kSettleFrames; // frames still to draw after the last event
    long seen_events = -1;
    bool closing = false;
    plot::LayoutReport frame_report;
    bool saved_at_exit = false;
    while (!closing) {
        if (options.layout_report) {
            frame_report = {};
            int fw = 0, fh = 0;
            glfwGetFramebufferSize(window, &fw, &fh);
            frame_report.width = float(fw);
            frame_report.height = float(fh);
            ui.plot.report = &frame_report;
        }
        // Event-driven: while nothing changes (no input, no animation, no background job),
        // sleep until an event arrives. A focused text field wakes twice a second so its
        // cursor blinks; animations draw at the display's rate (swap interval 1).
        if (batch || busy_frames > 0 || ui.animating || g_frame_requested.exchange(false))
            glfwPollEvents();
        else if (io.WantTextInput)
            glfwWaitEventsTimeout(0.5);
        else
            glfwWaitEvents();
        if (window_state.events != seen_events) {
            seen_events = window_state.events;
            busy_frames = kSettleFrames;
        }
        if (ImGui::IsAnyMouseDown()) busy_frames = kSettleFrames; // held buttons repeat
        busy_frames = std::max(0, busy_frames - 1);
        closing = glfwWindowShouldClose(window);

        if (sweep) {
            const double t = double(frame % options.bench_frames) /
                             std::max(1, options.bench_frames - 1);
            (void)model::set_param(state, *sweep,
                                   sweep->spec->min + t * (sweep->spec->max - sweep->spec->min));
        }
        // The app's own work of a frame, in this thread's CPU time (preemption and waits for
        // the X server do not count): building, ImGui, painting into the draw lists.
        const double c0 = thread_cpu_ms();
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        for (auto& path : window_state.dropped_files) ui.requests.open_files.push_back(std::move(path));
        window_state.dropped_files.clear();
        ui::FrameRequests req;
        ui.background_work = false;
        if (options.bench_frames > 0) {
            try {
                req = ui::draw_app(state, ui);
            } catch (const std::exception& e) {
                // ImGui's frame is left unbalanced: report and leave at once.
                std::fflush(stdout);
                std::fprintf(stderr, "losslab: bench frame %d threw: %s\n", frame, e.what());
                std::_Exit(1);
            }
        } else {
            req = ui::draw_app(state, ui);
        }
        ImGui::Render();
        const double c1 = thread_cpu_ms();
        // What follows is the GL driver's (on llvmpipe, software rasterisation standing in for
        // a GPU, in its own threads): wall time from submit to glFinish, measured in benches.
        if (options.bench_frames > 0) glFinish();
        const auto t1 = std::chrono::steady_clock::now();
        render(window, ui);
        if (options.bench_frames > 0) glFinish();
        const auto t2 = std::chrono::steady_clock::now();
        ++g_frames_drawn;
        if (options.bench_frames > 0) {
            frame_ms.push_back(c1 - c0);
            gl_ms.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
            const ImDrawData* dd = ImGui::GetDrawData();
            vertices.push_back(dd ? double(dd->TotalVtxCount) : 0.0);
            if (!draw_data_finite(dd)) {
                ++bench_failures;
                if (bench_failure.empty())
                    bench_failure = fmt::format("frame {} drew a NaN or infinite vertex", frame);
            }
        }
        if (req.theme_changed) ui::apply_imgui_theme(ui.theme, ui.dpi_scale);
        const float zoom_before = ui.ui_zoom;
        service_requests(window, state, ui);
        if (ui.ui_zoom != zoom_before) remember_monitor_zoom(window, ui, settings, options.save_settings);
        closing = closing || req.quit;
        // Saved while the window is still open so that a failure is shown in it: the first
        // close is then cancelled with a notice, a second close quits (exit status 1).
        if (closing && options.save_settings && !saved_at_exit) {
            saved_at_exit = true;
            if (const auto problem = save_at_exit(window, state, ui, settings); !problem.empty()) {
                ui.notices.push_back(problem + ". Close again to quit without saving.");
                exit_code = 1;
                closing = false;
                glfwSetWindowShouldClose(window, GLFW_FALSE);
            }
        }
        ++frame;

        // A screenshot is what the window shows after `frames` frames, or when it is closed
        // earlier (tests drive the window, then close it with Ctrl+Q).
        // A background load (the calibration lab's model outputs) is waited for; its worker
        // wakes the loop through ui.request_frame.
        if (options.screenshot && ((frame >= options.frames && !ui.background_work) || closing)) {
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
            std::printf("bench lab %s, %d frames sweeping %s: app cpu ms median %.3f p90 %.3f "
                        "p99 %.3f; vertices median %.0f max %.0f; gl render ms median %.3f "
                        "p90 %.3f\n",
                        std::string(model::lab_info(state.lab).key).c_str(), frame,
                        sweep ? sweep->key().c_str() : "nothing", percentile(frame_ms, 0.5),
                        percentile(frame_ms, 0.9), percentile(frame_ms, 0.99),
                        percentile(vertices, 0.5), percentile(vertices, 1.0),
                        percentile(gl_ms, 0.5), percentile(gl_ms, 0.9));
            if (bench_failures > 0) {
                std::fprintf(stderr, "losslab: %d bad frames; first: %s\n", bench_failures,
                             bench_failure.c_str());
                exit_code = 1;
            }
            closing = true;
        }
        glfwSwapBuffers(window);
    }
    ui.plot.report = nullptr;
    if (options.count_frames) {
        std::fflush(stdout);
        print_frames_drawn(0);
    }

    if (options.save_settings && !saved_at_exit) (void)save_at_exit(window, state, ui, settings);
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return exit_code;
}

void request_frame() {
    g_frame_requested = true;
    glfwPostEmptyEvent();
}

} // namespace losslab::platform

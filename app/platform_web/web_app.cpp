// LossLab's entry point in the browser: one GLFW window on the page's canvas (emscripten's
// GLFW 3.2 over WebGL2), ImGui, and the page around it: the state in the address fragment,
// settings in localStorage, exports as downloads, uploads as opened files.
#include "export/figure_files.hpp"
#include "losslab/version.hpp"
#include "model/io/file_io.hpp"
#include "model/labs/labs.hpp"
#include "model/persist/lesson.hpp"
#include "model/persist/link_state.hpp"
#include "model/params/param_registry.hpp"
#include "model/persist/settings.hpp"
#include "platform/font_locator.hpp"
#include "platform/requests.hpp"
#include "platform_web/browser.hpp"
#include "plot/theme.hpp"
#include "ui/app_frame.hpp"
#include "ui/fonts.hpp"
#include "ui/imgui_theme.hpp"
#include "ui/lesson_panel.hpp"
#include "ui/presentation.hpp"

#include <glad/gl.h>
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <imgui.h>
#include <imgui_internal.h> // BeginViewportSideBar
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

namespace losslab::platform {

namespace {
constexpr const char* kFontFile = "/fonts/DejaVuSans.ttf"; // embedded at link time
constexpr const char* kSettingsKey = "losslab.settings";
} // namespace

std::string find_font_file(const std::string&) { return kFontFile; }

WindowData& window_data(GLFWwindow* window) {
    return *static_cast<WindowData*>(glfwGetWindowUserPointer(window));
}

void toggle_fullscreen(GLFWwindow*, ui::UiContext& ui) {
    // The page owns the browser's full screen (F11); presentation mode still applies.
    ui.fullscreen = !ui.fullscreen;
}

void apply_zoom(ui::UiContext& ui, float zoom) {
    ui.ui_zoom = std::clamp(zoom, 0.5f, 3.0f);
    ui.dpi_scale = ui.content_scale * ui.ui_zoom;
    ui.fonts = ui::load_fonts(kFontFile, ui.dpi_scale);
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    ui::apply_imgui_theme(ui.theme, ui.dpi_scale);
}

namespace {

// Exports go to the in-memory file system, then to the user as a download of that name
// (instead of platform/export_service.cpp's service_exports, which writes to disk).
void download_exports(model::AppState& state, ui::UiContext& ui) {
    std::error_code ec;
    std::filesystem::create_directories("/exports", ec);
    for (auto r : ui.requests.exports) {
        const std::string name = std::filesystem::path(r.path).filename().string();
        r.path = "/exports/" + name;
        // Anything thrown below is reported, never left to stop the page's main loop.
        Status ok = Ok{};
        try {
            ok = export_figure_file(state, r, kFontFile);
        } catch (const std::exception& e) {
            ok = Error{std::string("unexpected error: ") + e.what()};
        }
        if (!ok) {
            ui.notices.push_back(fmt::format("export failed: {}", ok.error().message));
            continue;
        }
        const auto bytes = model::read_file(r.path);
        if (!bytes) {
            ui.notices.push_back(fmt::format("export failed: {}", bytes.error().message));
            continue;
        }
        const auto format = exporting::format_from_path(r.path);
        const char* mime = !format ? "application/octet-stream"
                           : format.value() == exporting::FigureFormat::Png ? "image/png"
                           : format.value() == exporting::FigureFormat::Svg ? "image/svg+xml"
                                                                            : "text/csv";
        web::download_bytes(name, bytes.value(), mime);
        std::filesystem::remove(r.path, ec);
        ui.notices.push_back(fmt::format("exported {} as the download {}", r.figure, name));
    }
}

} // namespace

void service_requests(GLFWwindow* window, model::AppState& state, ui::UiContext& ui) {
    if (ui.requests.toggle_fullscreen) toggle_fullscreen(window, ui);
    if (ui.requests.zoom) apply_zoom(ui, *ui.requests.zoom);
    download_exports(state, ui);
    service_open_files(state, ui);
    ui.requests = {};
}

} // namespace losslab::platform

namespace {

using namespace losslab;
using platform::kFontFile;
using platform::kSettingsKey;

struct WebApp {
    GLFWwindow* window = nullptr;
    platform::WindowData window_state;
    model::AppState state;
    model::Settings settings;
    ui::UiContext ui;
    std::string lesson;              // from the link, kept in the address
    std::string written_hash;        // the fragment last written or read
    std::string pending_hash;        // the fragment the state asks for
    double pending_since = 0.0;      // when pending_hash last changed (debounce)
    std::string saved_settings;      // settings JSON last stored in localStorage
    double pixel_ratio = 1.0;
};

WebApp* g_app = nullptr;

// Applies a fragment (at start-up, or when the user edits the address).
void apply_fragment(WebApp& app, const std::string& fragment) {
    auto request = model::apply_link(app.state, fragment);
    app.ui.hide_sidebar = request.hidden.count("sidebar") > 0;
    app.ui.hide_params = request.hidden.count("params") > 0;
    for (auto& e : request.errors) app.ui.notices.push_back(std::move(e));
    if (!request.lesson.empty() && request.lesson != app.lesson) {
        std::string file = request.lesson;
        if (file.find('/') != std::string::npos)
            app.ui.notices.push_back("link: lesson requires a shipped lesson's name, got " +
                                     quote(file));
        else {
            if (std::filesystem::path(file).extension() != ".json") file += ".json";
            const auto path = std::filesystem::path("/assets/lessons") / file;
            if (auto ok = ui::open_lesson(app.state, app.ui, path, 0); !ok)
                app.ui.notices.push_back("link: " + ok.error().message);
        }
        app.lesson = request.lesson;
    }
    app.written_hash = fragment;
}

std::set<std::string> hidden_panels(const ui::UiContext& ui) {
    std::set<std::string> h;
    if (ui.hide_sidebar) h.insert("sidebar");
    if (ui.hide_params) h.insert("params");
    return h;
}

// The web bar: a strip across the top of the page, with the upload and the link buttons at its
// right. It takes its own row of the viewport (ImGui's side-bar mechanism, as the main menu
// bar does), so the app's window and menu bar start below it at every width: on a phone the
// buttons never cover the menu (they did when the bar floated over the top-right corner).
// Drawn before the app's window each frame; the work area it leaves holds from frame two on.
void draw_web_bar(WebApp& app) {
    ImGuiViewport* vp = ImGui::GetMainViewport();
    const ImGuiStyle& style = ImGui::GetStyle();
    // One button's height plus half the window padding above and below it.
    const float height = ImGui::GetFrameHeight() + style.WindowPadding.y;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding,
                        ImVec2(style.WindowPadding.x, style.WindowPadding.y * 0.5f));
    const bool open = ImGui::BeginViewportSideBar(
        "##web-bar", vp, ImGuiDir_Up, height,
        ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings |
            ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoScrollWithMouse);
    ImGui::PopStyleVar();
    if (open) {
        const char* open_label = "Open file...";
        const char* link_label = "Copy link";
        const float buttons = ImGui::CalcTextSize(open_label).x +
                              ImGui::CalcTextSize(link_label).x + 4.0f * style.FramePadding.x +
                              style.ItemSpacing.x;
        const float room = ImGui::GetContentRegionAvail().x;
        const std::string title = std::string(kProgramName) + " in the browser";
        if (room - buttons > ImGui::CalcTextSize(title.c_str()).x + style.ItemSpacing.x) {
            ImGui::AlignTextToFramePadding();
            ImGui::TextDisabled("%s", title.c_str());
            ImGui::SameLine();
        }
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() +
                             std::max(0.0f, ImGui::GetContentRegionAvail().x - buttons));
        if (ImGui::Button(open_label)) web::pick_upload();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Open a session (.json) or a LossLab PNG");
        ImGui::SameLine();
        if (ImGui::Button(link_label)) {
            const auto fragment = model::state_link(app.state, hidden_panels(app.ui), app.lesson);
            const auto link = web::link_with_fragment(fragment);
            web::copy_to_clipboard(link);
            ImGui::SetClipboardText(link.c_str());
            app.ui.notices.push_back("link copied: " + link);
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Copy a link that opens this exact state");
    }
    ImGui::End();
}

// Keeps the canvas's pixels equal to its CSS size times devicePixelRatio (crisp text): the
// window is sized in device pixels, and the UI scale follows the ratio.
void fit_canvas(WebApp& app) {
    const auto size = web::canvas_size();
    const int w = std::max(64, int(std::lround(size.css_width * size.pixel_ratio)));
    const int h = std::max(64, int(std::lround(size.css_height * size.pixel_ratio)));
    int cw = 0, ch = 0;
    glfwGetWindowSize(app.window, &cw, &ch);
    if (cw != w || ch != h) glfwSetWindowSize(app.window, w, h);
    const double ratio = std::clamp(size.pixel_ratio, 1.0, 4.0);
    if (std::abs(ratio - app.pixel_ratio) > 1e-3) {
        app.pixel_ratio = ratio;
        app.ui.content_scale = float(ratio);
        platform::apply_zoom(app.ui, app.ui.ui_zoom);
    }
}

void sync_address_and_settings(WebApp& app) {
    const double now = ImGui::GetTime();
    // The user edited the address: apply it.
    if (app.ui.frame % 15 == 0) {
        const auto hash = web::location_hash();
        if (hash != app.written_hash) {
            apply_fragment(app, hash);
            app.pending_hash = hash;
        }
    }
    // The state changed: write the address once it has been still for 300 ms.
    const auto fragment = model::state_link(app.state, hidden_panels(app.ui), app.lesson);
    if (fragment != app.pending_hash) {
        app.pending_hash = fragment;
        app.pending_since = now;
    } else if (fragment != app.written_hash && now - app.pending_since > 0.3) {
        web::replace_location_hash(fragment);
        app.written_hash = fragment;
    }
    if (app.ui.frame % 30 == 0) {
        app.settings.theme = ui::remembered_theme(app.ui);
        app.settings.last_lab = std::string(model::lab_info(app.state.lab).key);
        const auto json = model::settings_json(app.settings);
        if (json != app.saved_settings) {
            web::local_storage_set(kSettingsKey, json);
            app.saved_settings = json;
        }
    }
}

void frame(void*) {
    WebApp& app = *g_app;
    glfwPollEvents();
    fit_canvas(app);
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    // ImGui 1.86 asserts on a zero time step; the browser's clock can repeat a value.
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = std::max(io.DeltaTime, 1e-4f);
    ImGui::NewFrame();
    for (auto& path : app.window_state.dropped_files)
        app.ui.requests.open_files.push_back(std::move(path));
    app.window_state.dropped_files.clear();
    draw_web_bar(app);
    const auto req = ui::draw_app(app.state, app.ui);
    ImGui::Render();
    int w = 0, h = 0;
    glfwGetFramebufferSize(app.window, &w, &h);
    glViewport(0, 0, w, h);
    const auto bg = plot::plot_theme(app.ui.theme).background;
    glClearColor(bg.r / 255.0f, bg.g / 255.0f, bg.b / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (req.theme_changed) ui::apply_imgui_theme(app.ui.theme, app.ui.dpi_scale);
    platform::service_requests(app.window, app.state, app.ui);
    sync_address_and_settings(app);
}

} // namespace

// Called by the upload picker's JavaScript once the file is in the in-memory file system.
extern "C" EMSCRIPTEN_KEEPALIVE void losslab_web_open_upload(const char* path) {
    if (g_app) g_app->ui.requests.open_files.emplace_back(path);
}

// Queues an export of `figure` as the download `name` (format from its extension), as the
// Export dialog does; for scripted use (the browser tests) and the page's own buttons.
extern "C" EMSCRIPTEN_KEEPALIVE void losslab_web_export(const char* figure, const char* name) {
    if (!g_app) return;
    ui::ExportRequest r;
    r.figure = figure;
    r.path = name;
    g_app->ui.requests.exports.push_back(r);
}

// The boxes of the windows drawn in the last frame, in CSS pixels, as JSON: {"name": {"x",
// "y", "w", "h", "menu_bar": {...} or absent}}. For the browser tests (what overlaps what).
extern "C" EMSCRIPTEN_KEEPALIVE const char* losslab_web_layout() {
    static std::string out;
    const ImGuiContext* g = ImGui::GetCurrentContext();
    if (!g_app || !g) return "{}";
    const double r = g_app->pixel_ratio;
    const auto box = [r](const ImRect& b) {
        return fmt::format(R"({{"x":{:.1f},"y":{:.1f},"w":{:.1f},"h":{:.1f}}})", b.Min.x / r,
                           b.Min.y / r, b.GetWidth() / r, b.GetHeight() / r);
    };
    out = "{";
    for (const ImGuiWindow* w : g->Windows) {
        const std::string_view name(w->Name);
        if (!w->WasActive || w->Hidden || name.find_first_of("\\\"") != std::string_view::npos)
            continue;
        if (out.size() > 1) out += ",";
        out += fmt::format(R"("{}":{})", w->Name, box(w->Rect()));
        if (w->Flags & ImGuiWindowFlags_MenuBar) {
            out.pop_back();
            out += fmt::format(R"(,"menu_bar":{}}})", box(w->MenuBarRect()));
        }
    }
    out += "}";
    return out.c_str();
}

int main() {
    static WebApp app;
    g_app = &app;
    app.state = model::default_app_state();
    // Settings: localStorage stands in for the settings file.
    if (const auto stored = web::local_storage_get(kSettingsKey); !stored.empty()) {
        const auto path = model::settings_path();
        std::error_code ec;
        std::filesystem::create_directories(path.parent_path(), ec);
        (void)model::write_file_atomic(path, stored);
        const auto loaded = model::load_settings(path);
        app.settings = loaded.settings;
        app.saved_settings = stored;
        if (auto lab = model::find_lab(app.settings.last_lab)) app.state.lab = *lab;
    }
    if (!glfwInit()) {
        std::fprintf(stderr, "losslab: GLFW could not start on this page\n");
        return 2;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    const auto size = web::canvas_size();
    app.window = glfwCreateWindow(std::max(64, size.css_width), std::max(64, size.css_height),
                                  "LossLab", nullptr, nullptr);
    if (!app.window) {
        std::fprintf(stderr, "losslab: WebGL2 is not available in this browser\n");
        return 2;
    }
    glfwMakeContextCurrent(app.window);
    glfwSetWindowUserPointer(app.window, &app.window_state);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    app.ui.theme = app.settings.theme;
    ImGui_ImplGlfw_InitForOpenGL(app.window, true);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    app.pixel_ratio = std::clamp(size.pixel_ratio, 1.0, 4.0);
    app.ui.content_scale = float(app.pixel_ratio);
    app.ui.dpi_scale = app.ui.content_scale * app.ui.ui_zoom;
    app.ui.fonts = ui::load_fonts(kFontFile, app.ui.dpi_scale);
    ui::apply_imgui_theme(app.ui.theme, app.ui.dpi_scale);
    apply_fragment(app, web::location_hash());
    app.pending_hash = app.written_hash;
    emscripten_set_main_loop_arg(frame, nullptr, 0, true);
    return 0;
}

#include "ui/export_dialog.hpp"

#include "ui/figure_widget.hpp"

#include "model/io/export_sizes.hpp"
#include "model/io/file_io.hpp"
#include "model/params/param_registry.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <array>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace losslab::ui {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPopup = "Export figure";
constexpr std::array<const char*, 4> kFormats{"png", "pdf", "svg", "csv"};
constexpr std::array<const char*, 3> kAnimationFormats{"gif", "webp", "mp4"};
constexpr int kCustom = 9;
constexpr std::array<plot::Theme, 3> kThemes{plot::Theme::Light, plot::Theme::Dark,
                                              plot::Theme::Transparent};

// Between-frame state of the dialog: the choices and the text fields' buffers.
struct ExportDialog {
    ExportChoices c;
    int format = 0;
    int theme = 0;
    std::array<char, 1024> folder{};
    std::array<char, 256> name{}, title{}, x_label{}, y_label{};
    std::string error;
    bool confirm_overwrite = false;
    bool open_requested = false;
};

// The folder exports go to first: ~/Pictures when it exists, else the home folder.
std::string default_folder() {
    const char* home = std::getenv("HOME");
    if (!home || !*home) return fs::current_path().string();
    std::error_code ec;
    const fs::path pictures = fs::path(home) / "Pictures";
    return fs::is_directory(pictures, ec) ? pictures.string() : std::string(home);
}

// The pixel size, dpi and text size (pixels; 0 = scaled from the size) of the chosen size.
void size_of(const ExportChoices& d, int& w, int& h, double& dpi, float& font_px) {
    dpi = 96.0;
    font_px = 0.0f;
    auto physical = [&](double wcm, double hcm, double at_dpi, double pt) {
        dpi = at_dpi;
        w = int(wcm / 2.54 * dpi + 0.5);
        h = int(hcm / 2.54 * dpi + 0.5);
        font_px = float(pt / 72.0 * dpi);
    };
    switch (d.size) {
    case 0: w = 1600, h = 1000; return;
    case 1: w = 3200, h = 2000; return;
    case 5: physical(8.5, 6.5, 300.0, 8.0); return;
    case 6: physical(17.5, 8.0, 300.0, 8.0); return;
    case 7: w = 1920, h = 1080, font_px = 28.0f; return;
    case 8: physical(40.0, 30.0, 150.0, 24.0); return;
    case kCustom:
        physical(d.custom_width_cm, d.custom_height_cm, d.custom_dpi, d.custom_font_pt);
        return;
    default: {
        const int k = d.size == 2 ? 1 : d.size == 3 ? 2 : 4;
        w = int(d.screen_width) * k;
        h = int(d.screen_height) * k;
    }
    }
}

void copy_text(std::array<char, 256>& to, const std::string& from) {
    to.fill('\0');
    std::strncpy(to.data(), from.c_str(), to.size() - 1);
}

// An input field with a grey hint when empty; true when edited.
bool text_field(const char* label, const char* hint, std::array<char, 256>& buffer, float width) {
    ImGui::SetNextItemWidth(width);
    return ImGui::InputTextWithHint(label, hint, buffer.data(), buffer.size());
}

void draw_body(UiContext& ui, ExportDialog& d) {
    const bool animated = d.c.animation.has_value();
    if (animated) {
        const auto& a = *d.c.animation;
        ImGui::Text("Animation of %s: %s from %g to %g", d.c.figure.c_str(), a.key.c_str(), a.from, a.to);
    } else {
        ImGui::Text("Figure: %s", d.c.figure.c_str());
    }
    ImGui::Separator();
    ImGui::TextUnformatted("Format");
    const int n_formats = animated ? int(kAnimationFormats.size()) : int(kFormats.size());
    for (int i = 0; i < n_formats; ++i) {
        ImGui::SameLine();
        const char* name = animated ? kAnimationFormats[size_t(i)] : kFormats[size_t(i)];
        if (ImGui::RadioButton(name, d.format == i)) d.format = i, d.confirm_overwrite = false;
    }
    d.c.format = animated ? kAnimationFormats[size_t(d.format)] : kFormats[size_t(d.format)];
    const float field = 260.0f * ui.dpi_scale, small = 90.0f * ui.dpi_scale;
    if (animated) {
        auto& a = *d.c.animation;
        ImGui::SetNextItemWidth(small);
        ImGui::InputInt("frames", &a.frames, 0, 0);
        ImGui::SameLine();
        ImGui::SetNextItemWidth(small);
        ImGui::InputDouble("fps", &a.fps, 0, 0, "%.0f");
        ImGui::SameLine();
        ImGui::Checkbox("there and back", &a.ping_pong);
    }
    if (d.c.format != "csv") {
        std::vector<const char*> sizes;
        for (const auto& s : export_size_names()) sizes.push_back(s.c_str());
        ImGui::SetNextItemWidth(field);
        ImGui::Combo("size", &d.c.size, sizes.data(), int(sizes.size()));
        if (d.c.size == kCustom) {
            ImGui::SetNextItemWidth(small);
            ImGui::InputFloat("width cm", &d.c.custom_width_cm, 0, 0, "%.1f");
            ImGui::SameLine();
            ImGui::SetNextItemWidth(small);
            ImGui::InputFloat("height cm", &d.c.custom_height_cm, 0, 0, "%.1f");
            ImGui::SetNextItemWidth(small);
            ImGui::InputFloat("dpi", &d.c.custom_dpi, 0, 0, "%.0f");
            ImGui::SameLine();
            ImGui::SetNextItemWidth(small);
            ImGui::InputFloat("text pt", &d.c.custom_font_pt, 0, 0, "%.1f");
        }
        int w = 0, h = 0;
        double dpi = 96.0;
        float font_px = 0.0f;
        size_of(d.c, w, h, dpi, font_px);
        ImGui::SameLine();
        ImGui::TextDisabled("%d × %d px", w, h);
        if (!animated) {
            ImGui::TextUnformatted("Background");
            for (int i = 0; i < int(kThemes.size()); ++i) {
                ImGui::SameLine();
                const std::string name(plot::theme_name(kThemes[size_t(i)]));
                if (ImGui::RadioButton(name.c_str(), d.theme == i)) d.theme = i;
            }
        }
        d.c.theme = animated ? plot::Theme::Light : kThemes[size_t(d.theme)];
        // The figure's texts, as --title, --xlabel, --ylabel and --no-title edit them.
        ImGui::Checkbox("no title", &d.c.no_title);
        if (!d.c.no_title) {
            ImGui::SameLine();
            text_field("title", "the figure's own", d.title, field);
        }
        text_field("x label", "the figure's own", d.x_label, field);
        text_field("y label", "the figure's own", d.y_label, field);
        d.c.title = d.title.data();
        d.c.x_label = d.x_label.data();
        d.c.y_label = d.y_label.data();
    }
    ImGui::SetNextItemWidth(420.0f * ui.dpi_scale);
    if (ImGui::InputText("folder", d.folder.data(), d.folder.size())) d.confirm_overwrite = false;
    ImGui::SetNextItemWidth(420.0f * ui.dpi_scale);
    if (ImGui::InputText("file name", d.name.data(), d.name.size())) d.confirm_overwrite = false;
    d.c.folder = d.folder.data();
    d.c.name = d.name.data();
    const fs::path path = export_choice_path(d.c);
    ImGui::TextDisabled("→ %s", path.string().c_str());

    std::error_code ec;
    const bool exists = fs::exists(path, ec);
    if (exists && d.confirm_overwrite)
        ImGui::TextColored(ImVec4(0.85f, 0.37f, 0.0f, 1.0f), "%s exists. Press Replace to overwrite it.",
                           path.filename().string().c_str());
    if (!d.error.empty()) ImGui::TextColored(ImVec4(0.85f, 0.2f, 0.1f, 1.0f), "%s", d.error.c_str());

    const char* action = exists && d.confirm_overwrite ? "Replace" : "Export";
    if (ImGui::Button(action, ImVec2(120.0f * ui.dpi_scale, 0))) {
        d.error.clear();
        auto request = export_request_from_choices(d.c, hidden_series(ui, d.c.figure));
        if (!request) {
            d.error = request.error().message;
        } else if (!fs::is_directory(d.c.folder, ec)) {
            d.error = "the folder " + quote(d.c.folder) + " does not exist";
        } else if (exists && !d.confirm_overwrite) {
            d.confirm_overwrite = true;
        } else {
            ui.requests.exports.push_back(request.value());
            d.confirm_overwrite = false;
            ImGui::CloseCurrentPopup();
        }
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel", ImVec2(120.0f * ui.dpi_scale, 0))) {
        d.confirm_overwrite = false;
        ImGui::CloseCurrentPopup();
    }
}

// A small window per running background export: a progress bar and Stop; a finished one
// becomes a notice and goes.
void draw_background_exports(UiContext& ui) {
    auto& jobs = background_exports(ui);
    for (auto it = jobs.begin(); it != jobs.end();) {
        auto& job = **it;
        if (job.finished) {
            const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - job.started).count();
            std::lock_guard<std::mutex> lock(job.mutex);
            ui.notices.push_back(job.error.empty()
                                     ? fmt::format("exported an animation of {} to {} ({} frames, {:.1f} s)",
                                                   job.figure, job.path, job.total.load(), s)
                                     : fmt::format("export failed: {}", job.error));
            it = jobs.erase(it);
            continue;
        }
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        const float pad = 12.0f * ui.dpi_scale;
        ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x - pad,
                                       vp->WorkPos.y + vp->WorkSize.y - pad -
                                           float(it - jobs.begin()) * 70.0f * ui.dpi_scale),
                                ImGuiCond_Always, ImVec2(1.0f, 1.0f));
        const std::string title = "Exporting##" + job.path;
        if (ImGui::Begin(title.c_str(), nullptr,
                         ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                             ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing)) {
            const int total = std::max(1, job.total.load());
            const int done = job.done.load();
            ImGui::Text("%s", fs::path(job.path).filename().string().c_str());
            ImGui::ProgressBar(float(done) / float(total), ImVec2(220.0f * ui.dpi_scale, 0),
                               fmt::format("{} / {} frames", done, total).c_str());
            ImGui::SameLine();
            if (ImGui::Button(("Stop##" + job.path).c_str())) job.cancel = true;
        }
        ImGui::End();
        ++it;
    }
    if (!jobs.empty()) ui.background_work = true;
}

// The file name offered first: the (first) figure's name, then the animated key
// ("loss-vs-probability-loss-gamma").
std::string default_stem(const ExportChoices& c) {
    std::string stem = c.figure.substr(0, c.figure.find(','));
    if (c.animation) {
        std::string key = c.animation->key;
        for (auto& ch : key)
            if (ch == '.') ch = '-';
        stem += "-" + key;
    }
    return stem;
}

void open_dialog(UiContext& ui, const std::string& figure, ImVec2 screen_size,
                 std::optional<ExportAnimation> animation) {
    auto& d = panel_data<ExportDialog>(ui, "export-dialog");
    const bool was_animated = d.c.animation.has_value();
    d.c.figure = figure;
    d.c.screen_width = screen_size.x;
    d.c.screen_height = screen_size.y;
    d.c.animation = std::move(animation);
    if (was_animated != d.c.animation.has_value()) d.format = 0;
    // An animation defaults to a size that keeps the file small.
    if (d.c.animation && !was_animated) d.c.size = 2;
    d.error.clear();
    d.confirm_overwrite = false;
    if (d.folder[0] == '\0') std::strncpy(d.folder.data(), default_folder().c_str(), d.folder.size() - 1);
    copy_text(d.name, default_stem(d.c));
    d.open_requested = true;
}

} // namespace

const std::vector<std::string>& export_size_names() {
    static const std::vector<std::string> names{
        "1600 × 1000",           "3200 × 2000",          "on-screen size × 1",
        "on-screen size × 2",    "on-screen size × 4",   "column 8.5 × 6.5 cm, 8 pt",
        "wide 17.5 × 8 cm, 8 pt", "slide 1920 × 1080, 28 px", "poster 40 × 30 cm, 24 pt",
        "custom (cm, dpi, pt)"};
    return names;
}

std::string export_choice_path(const ExportChoices& c) {
    const std::string stem = c.name.empty() ? c.figure : c.name;
    return (fs::path(c.folder) / (stem + "." + c.format)).string();
}

Result<ExportRequest> export_request_from_choices(const ExportChoices& c,
                                                  const std::set<std::string>& hidden) {
    if (c.name.empty() || c.name.find('/') != std::string::npos)
        return make_error("the file name", "at least one character and no '/'", quote(c.name));
    const bool animated = c.animation.has_value();
    bool format_ok = false;
    for (const char* f : kFormats) format_ok = format_ok || (!animated && c.format == f);
    for (const char* f : kAnimationFormats) format_ok = format_ok || (animated && c.format == f);
    if (!format_ok)
        return make_error("the format", animated ? "gif, webp or mp4" : "png, pdf, svg or csv",
                          quote(c.format));
    if (c.size < 0 || c.size >= int(export_size_names().size()))
        return make_error("the size", fmt::format("0 to {}", export_size_names().size() - 1),
                          fmt::format("{}", c.size));
    ExportRequest r;
    r.figure = c.figure;
    r.path = export_choice_path(c);
    size_of(c, r.width, r.height, r.dpi, r.font_px);
    // The sizes in cm (column, wide, poster, custom) print their strokes and ticks in points.
    r.strokes_in_points = c.size >= 5 && c.size != 7;
    r.theme = c.theme;
    // What the user hid in the plot's legend stays hidden in the file.
    r.hidden = hidden;
    if (c.no_title) r.title = "";
    else if (!c.title.empty()) r.title = c.title;
    if (!c.x_label.empty()) r.x_label = c.x_label;
    if (!c.y_label.empty()) r.y_label = c.y_label;
    if (c.size == kCustom &&
        (!(r.dpi >= 10.0 && r.dpi <= 2400.0) || !(c.custom_font_pt > 0.0f && r.font_px < 1000.0f)))
        return make_error("the custom size", "10 <= dpi <= 2400 and a text size above 0 pt",
                          fmt::format("{:g} dpi, {:g} pt", r.dpi, c.custom_font_pt));
    if (auto ok = model::check_export_size(r.width, r.height); !ok) return ok.error();
    if (animated) {
        const auto& a = *c.animation;
        if (a.frames < 2 || a.frames > 2000)
            return make_error("the frames", "2 to 2000", fmt::format("{}", a.frames));
        if (!(a.fps > 0.0 && a.fps <= 100.0))
            return make_error("the fps", "above 0, at most 100", fmt::format("{:g}", a.fps));
        if (!model::find_param(a.key))
            return make_error("the animated parameter", "a parameter key", quote(a.key));
        r.animation = a;
    }
    return r;
}

std::vector<std::shared_ptr<BackgroundExport>>& background_exports(UiContext& ui) {
    return panel_data<std::vector<std::shared_ptr<BackgroundExport>>>(ui, "background-exports");
}

std::string& last_hovered_figure(UiContext& ui) { return panel_data<std::string>(ui, "last-hovered-figure"); }

void open_export_dialog(UiContext& ui, const std::string& figure, ImVec2 screen_size) {
    open_dialog(ui, figure, screen_size, std::nullopt);
}

void open_animation_export_dialog(UiContext& ui, const std::string& figure,
                                  const model::ParamSweep& sweep) {
    ExportAnimation a;
    a.key = sweep.key;
    a.from = sweep.from;
    a.to = sweep.to;
    a.fps = 20.0;
    a.frames = std::clamp(int(std::lround(sweep.seconds * a.fps)), 2, 2000);
    a.ping_pong = sweep.loop;
    open_dialog(ui, figure, ImVec2(800.0f, 500.0f), a);
}

void draw_export_dialog(UiContext& ui, const std::string& fallback_figure) {
    // GLFW's key code for E equals ASCII 'E' (ImGui 1.86 indexes keys by backend codes).
    if (ImGui::GetIO().KeyCtrl && ImGui::IsKeyPressed('E', false)) {
        const std::string& hovered = last_hovered_figure(ui);
        open_export_dialog(ui, hovered.empty() ? fallback_figure : hovered,
                           ImVec2(1200.0f, 750.0f));
    }
    auto& d = panel_data<ExportDialog>(ui, "export-dialog");
    if (d.open_requested && d.c.figure.empty()) {
        d.c.figure = fallback_figure;
        copy_text(d.name, default_stem(d.c));
    }
    if (d.open_requested) {
        ImGui::OpenPopup(kPopup);
        d.open_requested = false;
    }
    if (ImGui::BeginPopupModal(kPopup, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        draw_body(ui, d);
        ImGui::EndPopup();
    }
    draw_background_exports(ui);
}

} // namespace losslab::ui

#include "ui/export_dialog.hpp"

#include "ui/figure_widget.hpp"

#include "model/io/export_sizes.hpp"
#include "model/io/file_io.hpp"

#include <imgui.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace losslab::ui {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPopup = "Export figure";
constexpr std::array<const char*, 4> kFormats{"png", "pdf", "svg", "csv"};
constexpr int kCsv = 3;
constexpr std::array<const char*, 10> kSizes{
    "1600 × 1000",           "3200 × 2000",          "on-screen size × 1",
    "on-screen size × 2",    "on-screen size × 4",   "column 8.5 × 6.5 cm, 8 pt",
    "wide 17.5 × 8 cm, 8 pt", "slide 1920 × 1080, 28 px", "poster 40 × 30 cm, 24 pt",
    "custom (cm, dpi, pt)"};
constexpr int kCustom = 9;
constexpr std::array<plot::Theme, 3> kThemes{plot::Theme::Light, plot::Theme::Dark,
                                              plot::Theme::Transparent};

// Between-frame state of the dialog.
struct ExportDialog {
    std::string figure;
    ImVec2 screen_size{800, 500};
    int format = 0;
    int size = 0;
    int theme = 0;
    // The custom size: centimetres, dots per inch and the text size in points.
    float custom_width_cm = 8.5f, custom_height_cm = 6.5f, custom_dpi = 300.0f, custom_font_pt = 8.0f;
    std::array<char, 1024> folder{};
    // The file name without its extension; the format adds .png, .svg or .csv.
    std::array<char, 256> name{};
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
void size_of(const ExportDialog& d, int& w, int& h, double& dpi, float& font_px) {
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
    case kCustom: physical(d.custom_width_cm, d.custom_height_cm, d.custom_dpi, d.custom_font_pt); return;
    default: {
        const int k = d.size == 2 ? 1 : d.size == 3 ? 2 : 4;
        w = int(d.screen_size.x) * k;
        h = int(d.screen_size.y) * k;
    }
    }
}

fs::path target_path(const ExportDialog& d) {
    const std::string stem = d.name[0] ? std::string(d.name.data()) : d.figure;
    return fs::path(d.folder.data()) / (stem + "." + kFormats[size_t(d.format)]);
}

void draw_body(UiContext& ui, ExportDialog& d) {
    ImGui::Text("Figure: %s", d.figure.c_str());
    ImGui::Separator();
    ImGui::TextUnformatted("Format");
    for (int i = 0; i < int(kFormats.size()); ++i) {
        ImGui::SameLine();
        if (ImGui::RadioButton(kFormats[size_t(i)], d.format == i)) d.format = i, d.confirm_overwrite = false;
    }
    if (d.format != kCsv) {
        ImGui::SetNextItemWidth(260.0f * ui.dpi_scale);
        ImGui::Combo("size", &d.size, kSizes.data(), int(kSizes.size()));
        if (d.size == kCustom) {
            ImGui::SetNextItemWidth(90.0f * ui.dpi_scale);
            ImGui::InputFloat("width cm", &d.custom_width_cm, 0, 0, "%.1f");
            ImGui::SameLine();
            ImGui::SetNextItemWidth(90.0f * ui.dpi_scale);
            ImGui::InputFloat("height cm", &d.custom_height_cm, 0, 0, "%.1f");
            ImGui::SetNextItemWidth(90.0f * ui.dpi_scale);
            ImGui::InputFloat("dpi", &d.custom_dpi, 0, 0, "%.0f");
            ImGui::SameLine();
            ImGui::SetNextItemWidth(90.0f * ui.dpi_scale);
            ImGui::InputFloat("text pt", &d.custom_font_pt, 0, 0, "%.1f");
        }
        int w = 0, h = 0;
        double dpi = 96.0;
        float font_px = 0.0f;
        size_of(d, w, h, dpi, font_px);
        ImGui::SameLine();
        ImGui::TextDisabled("%d × %d px", w, h);
        ImGui::TextUnformatted("Background");
        for (int i = 0; i < int(kThemes.size()); ++i) {
            ImGui::SameLine();
            const std::string name(plot::theme_name(kThemes[size_t(i)]));
            if (ImGui::RadioButton(name.c_str(), d.theme == i)) d.theme = i;
        }
    }
    ImGui::SetNextItemWidth(420.0f * ui.dpi_scale);
    if (ImGui::InputText("folder", d.folder.data(), d.folder.size())) d.confirm_overwrite = false;
    ImGui::SetNextItemWidth(420.0f * ui.dpi_scale);
    if (ImGui::InputText("file name", d.name.data(), d.name.size())) d.confirm_overwrite = false;
    const fs::path path = target_path(d);
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
        const std::string stem(d.name.data());
        if (stem.empty() || stem.find('/') != std::string::npos) {
            d.error = "the file name requires at least one character and no '/', got " + quote(stem);
        } else if (!fs::is_directory(d.folder.data(), ec)) {
            d.error = "the folder " + quote(d.folder.data()) + " does not exist";
        } else if (exists && !d.confirm_overwrite) {
            d.confirm_overwrite = true;
        } else {
            ExportRequest r;
            r.figure = d.figure;
            r.path = path.string();
            size_of(d, r.width, r.height, r.dpi, r.font_px);
            r.theme = kThemes[size_t(d.theme)];
            // What the user hid in the plot's legend stays hidden in the file.
            r.hidden = hidden_series(ui, d.figure);
            if (auto ok = model::check_export_size(r.width, r.height); !ok) {
                d.error = ok.error().message;
            } else if (!(r.dpi >= 10.0 && r.dpi <= 2400.0) || !(r.font_px >= 0.0f && r.font_px < 1000.0f)) {
                d.error = "the custom size requires 10 <= dpi <= 2400 and a text size above 0";
            } else {
                ui.requests.exports.push_back(r);
                d.confirm_overwrite = false;
                ImGui::CloseCurrentPopup();
            }
        }
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel", ImVec2(120.0f * ui.dpi_scale, 0))) {
        d.confirm_overwrite = false;
        ImGui::CloseCurrentPopup();
    }
}

} // namespace

std::string& last_hovered_figure(UiContext& ui) { return panel_data<std::string>(ui, "last-hovered-figure"); }

void open_export_dialog(UiContext& ui, const std::string& figure, ImVec2 screen_size) {
    auto& d = panel_data<ExportDialog>(ui, "export-dialog");
    d.figure = figure;
    d.screen_size = screen_size;
    d.error.clear();
    d.confirm_overwrite = false;
    if (d.folder[0] == '\0') std::strncpy(d.folder.data(), default_folder().c_str(), d.folder.size() - 1);
    d.name.fill('\0');
    std::strncpy(d.name.data(), figure.c_str(), d.name.size() - 1);
    d.open_requested = true;
}

void draw_export_dialog(UiContext& ui, const std::string& fallback_figure) {
    // GLFW's key code for E equals ASCII 'E' (ImGui 1.86 indexes keys by backend codes).
    if (ImGui::GetIO().KeyCtrl && ImGui::IsKeyPressed('E', false)) {
        const std::string& hovered = last_hovered_figure(ui);
        open_export_dialog(ui, hovered.empty() ? fallback_figure : hovered,
                           ImVec2(1200.0f, 750.0f));
    }
    auto& d = panel_data<ExportDialog>(ui, "export-dialog");
    if (d.open_requested) {
        ImGui::OpenPopup(kPopup);
        d.open_requested = false;
    }
    if (ImGui::BeginPopupModal(kPopup, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        draw_body(ui, d);
        ImGui::EndPopup();
    }
}

} // namespace losslab::ui

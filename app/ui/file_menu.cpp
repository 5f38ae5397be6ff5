#include "ui/file_menu.hpp"

#include "model/labs/labs.hpp"
#include "model/params/param_registry.hpp"
#include "model/persist/recent_files.hpp"
#include "model/persist/session.hpp"
#include "ui/lab_calibration_data_panel.hpp"

#include <imgui.h>

#include <string>

namespace losslab::ui {

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kSessionExtensions{".json", ".png"};

std::vector<fs::path>& recent_list(UiContext& ui) {
    auto& files = session_files(ui);
    if (!files.recent_loaded) {
        auto loaded = model::load_recent_files(model::recent_files_path());
        files.recent = std::move(loaded.files);
        if (!loaded.notice.empty()) ui.notices.push_back(loaded.notice);
        files.recent_loaded = true;
    }
    return files.recent;
}

void remember(UiContext& ui, const fs::path& path) {
    auto& recent = recent_list(ui);
    recent = model::add_recent_file(recent, path);
    if (auto ok = model::save_recent_files(model::recent_files_path(), recent); !ok)
        ui.notices.push_back("recent files not saved: " + ok.error().message);
}

void new_session(model::AppState& state, UiContext& ui) {
    const auto lab = state.lab;
    state = model::default_app_state();
    state.lab = lab;
    auto& files = session_files(ui);
    files.current.reset();
    files.saved.reset();
}

void start_open(UiContext& ui) {
    auto& files = session_files(ui);
    const fs::path folder = files.current ? files.current->parent_path() : fs::path();
    files.dialog.open_for_open("Open session or LossLab PNG", folder, kSessionExtensions);
    files.pending = SessionFiles::Pending::Open;
}

void start_save_as(const model::AppState& state, UiContext& ui) {
    auto& files = session_files(ui);
    fs::path folder;
    std::string name = std::string(model::lab_info(state.lab).key) + "-session.json";
    if (files.current) {
        folder = files.current->parent_path();
        name = files.current->stem().string() + ".json";
    }
    files.dialog.open_for_save("Save session as", folder, name, {".json"});
    files.pending = SessionFiles::Pending::SaveAs;
}

// A current file that is a LossLab PNG is never overwritten with JSON: Save asks for a name.
void save(const model::AppState& state, UiContext& ui) {
    auto& files = session_files(ui);
    if (files.current && files.current->extension() == ".json") save_session_as(state, ui, *files.current);
    else start_save_as(state, ui);
}

} // namespace

SessionFiles& session_files(UiContext& ui) { return panel_data<SessionFiles>(ui, "session-files"); }

bool session_modified(const model::AppState& state, UiContext& ui) {
    const auto& files = session_files(ui);
    if (files.saved) return state != *files.saved;
    auto defaults = model::default_app_state();
    defaults.lab = state.lab;
    return state != defaults;
}

bool open_session_file(model::AppState& state, UiContext& ui, const fs::path& path) {
    auto loaded = model::load_session_file(path);
    if (!loaded) {
        ui.notices.push_back("not opened: " + loaded.error().message);
        return false;
    }
    for (const auto& w : loaded.value().warnings) ui.notices.push_back(w);
    state = loaded.value().state;
    auto& files = session_files(ui);
    files.current = path;
    files.saved = state;
    files.dialog.last_folder = fs::absolute(path).parent_path();
    remember(ui, path);
    return true;
}

bool save_session_as(const model::AppState& state, UiContext& ui, const fs::path& path) {
    if (auto ok = model::save_session_file(path, state); !ok) {
        ui.notices.push_back("session not saved: " + ok.error().message);
        return false;
    }
    auto& files = session_files(ui);
    files.current = path;
    files.saved = state;
    remember(ui, path);
    return true;
}

void draw_file_menu_items(model::AppState& state, UiContext& ui) {
    auto& files = session_files(ui);
    if (ImGui::MenuItem("New", "Ctrl+N")) new_session(state, ui);
    if (ImGui::MenuItem("Open…", "Ctrl+O")) start_open(ui);
    if (ImGui::MenuItem("Load model outputs…")) open_model_outputs_dialog(ui);
    if (ImGui::BeginMenu("Open Recent", !recent_list(ui).empty())) {
        std::optional<fs::path> pick;
        for (const auto& path : files.recent)
            if (ImGui::MenuItem(path.filename().string().c_str())) pick = path;
            else if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", path.c_str());
        ImGui::Separator();
        if (ImGui::MenuItem("Clear list")) {
            files.recent.clear();
            if (auto ok = model::save_recent_files(model::recent_files_path(), files.recent); !ok)
                ui.notices.push_back("recent files not saved: " + ok.error().message);
        }
        ImGui::EndMenu();
        if (pick) open_session_file(state, ui, *pick);
    }
    const std::string save_label =
        session_modified(state, ui) ? "Save  (unsaved changes)" : "Save";
    if (ImGui::MenuItem(save_label.c_str(), "Ctrl+S")) save(state, ui);
    if (ImGui::MenuItem("Save As…", "Ctrl+Shift+S")) start_save_as(state, ui);
    if (files.current) ImGui::TextDisabled("%s", files.current->filename().c_str());
    ImGui::Separator();
}

void draw_file_dialogs(model::AppState& state, UiContext& ui) {
    draw_model_outputs_dialog(state, ui);
    auto& files = session_files(ui);
    const ImGuiIO& io = ImGui::GetIO();
    // Shortcuts wait while a dialog or a text field has the keyboard.
    if (!files.dialog.is_open() && !io.WantTextInput && io.KeyCtrl) {
        if (ImGui::IsKeyPressed('N', false)) new_session(state, ui);
        if (ImGui::IsKeyPressed('O', false)) start_open(ui);
        if (ImGui::IsKeyPressed('S', false)) {
            if (io.KeyShift) start_save_as(state, ui);
            else save(state, ui);
        }
    }
    if (auto path = files.dialog.draw(ui.dpi_scale)) {
        if (files.pending == SessionFiles::Pending::Open) open_session_file(state, ui, *path);
        else if (files.pending == SessionFiles::Pending::SaveAs) save_session_as(state, ui, *path);
        files.pending = SessionFiles::Pending::None;
    }
}

} // namespace losslab::ui

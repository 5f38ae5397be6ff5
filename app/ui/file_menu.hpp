#pragma once
// The File menu and its sessions: New, Open… (a session .json or a PNG exported by LossLab),
// Save, Save As…, Open Recent; the shortcuts Ctrl+N, Ctrl+O, Ctrl+S, Ctrl+Shift+S; the
// in-app file dialog they use. Failures become ui.notices; the state is replaced only by a
// session that was read without error.

#include "model/app_state.hpp"
#include "ui/file_dialog.hpp"
#include "ui/ui_context.hpp"

#include <filesystem>
#include <optional>
#include <vector>

namespace losslab::ui {

// The sessions' between-frame data, kept in panel_data<SessionFiles>(ui, "session-files").
struct SessionFiles {
    // What the open dialog is for.
    enum class Pending { None, Open, SaveAs };

    // The session file last opened or saved; empty for a new session.
    std::optional<std::filesystem::path> current;
    // The state as last opened or saved, to tell whether there are unsaved changes.
    std::optional<model::AppState> saved;
    // The recent files (newest first), read from model::recent_files_path() on first use.
    std::vector<std::filesystem::path> recent;
    bool recent_loaded = false;
    // The dialog shared by Open and Save As.
    FileDialog dialog;
    Pending pending = Pending::None;
};

// The sessions data of `ui` (created on first use).
SessionFiles& session_files(UiContext& ui);

// Whether `state` differs from what was last opened or saved (a new session counts as
// modified once it differs from the defaults).
bool session_modified(const model::AppState& state, UiContext& ui);

// The File menu's session items; call between ImGui::BeginMenu("File") and EndMenu.
void draw_file_menu_items(model::AppState& state, UiContext& ui);

// The shortcuts Ctrl+N/O/S, Ctrl+Shift+S and the file dialog; call once per frame inside
// the main window.
void draw_file_dialogs(model::AppState& state, UiContext& ui);

// Opens `path` (session JSON or LossLab PNG) into `state`: on success the state is replaced,
// the file becomes current and recent, and warnings become notices; on failure `state` is
// untouched and the error becomes a notice. Returns whether the state was replaced.
bool open_session_file(model::AppState& state, UiContext& ui, const std::filesystem::path& path);

// Saves `state` to `path`; the outcome is a notice on failure. Returns whether it was saved.
bool save_session_as(const model::AppState& state, UiContext& ui, const std::filesystem::path& path);

} // namespace losslab::ui

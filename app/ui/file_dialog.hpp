#pragma once
// FileDialog: an in-app (ImGui) dialog to choose a file to open or a file name to save, with
// no OS dialog. Lists the folders and the matching files of a folder, has a path field, an
// "Up" button and a file-name field; Save asks before replacing an existing file and never
// replaces one silently; a folder that cannot be read is reported inside the dialog.
//
// Usage (state kept between frames, e.g. in panel_data<FileDialog>(ui, "export-dialog")):
//   if (ImGui::Button("Export…")) dialog.open_for_save("Export figure", {}, "focal.png", {".png"});
//   if (auto path = dialog.draw(ui.dpi_scale)) write_figure(*path);   // once, when chosen

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace losslab::ui {

// One entry of the listed folder.
struct FileDialogEntry {
    std::string name;
    bool is_folder = false;
};

// The dialog's state: plain data, no ImGui objects (safe to copy, test or keep in UiContext).
struct FileDialog {
    enum class Mode { Closed, Open, Save };

    // Default: closed.
    Mode mode = Mode::Closed;
    // Window title ("Save session"), also its ImGui ID.
    std::string title;
    // The folder listed. Defaults to last_folder, else $HOME, else the current folder.
    std::filesystem::path folder;
    // The folder of the last file chosen, the default of the next opening. Default empty.
    std::filesystem::path last_folder;
    // Accepted extensions with their dot, lowercase (".json", ".png"); empty lists all files.
    // Save appends the first one to a name typed without an extension.
    std::vector<std::string> extensions;
    // The file-name field (a bare name, or a path relative to `folder`, or absolute).
    std::string file_name;
    // The path field's text (kept apart from `folder` while the user types).
    std::string folder_text;
    // The listing of `folder` (folders first, then files, each sorted by name).
    std::vector<FileDialogEntry> entries;
    // A message shown in the dialog (unreadable folder, no such file). Empty when none.
    std::string error;
    // The file Save asked about: set while "replace it?" is on screen.
    std::optional<std::filesystem::path> confirm_replace;
    // True on the frame after opening (to open the popup and focus the name field).
    bool just_opened = false;

    // Opens the dialog to choose a new or existing file name to save to; `folder` empty means
    // the default folder.
    void open_for_save(std::string title, std::filesystem::path folder, std::string file_name,
                       std::vector<std::string> extensions);
    // Opens the dialog to choose an existing file; `folder` empty means the default folder.
    void open_for_open(std::string title, std::filesystem::path folder,
                       std::vector<std::string> extensions);
    // Whether the dialog is on screen.
    bool is_open() const { return mode != Mode::Closed; }
    // Lists `target` (when readable: else `error` says why and the listing is kept).
    void navigate(const std::filesystem::path& target);
    // What choosing the current file name means: the full path, or an error for the user
    // (empty name, a folder, a missing file in Open mode). Adds Save's default extension.
    std::optional<std::filesystem::path> resolve_choice(std::string& why) const;

    // Draws the dialog when open (a modal window, scaled by `scale`). Returns the chosen path
    // once, on the frame it is chosen (after "replace it?" was confirmed, for Save), and
    // closes; nullopt otherwise.
    std::optional<std::filesystem::path> draw(float scale = 1.0f);
};

// The default folder of a dialog: $HOME, else the current folder.
std::filesystem::path default_dialog_folder();

// Whether `name`'s extension is one of `extensions` (case-insensitive); true when empty.
bool matches_extension(const std::string& name, const std::vector<std::string>& extensions);

} // namespace losslab::ui

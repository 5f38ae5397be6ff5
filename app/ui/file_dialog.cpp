#include "ui/file_dialog.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace losslab::ui {

namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

bool name_less(const FileDialogEntry& a, const FileDialogEntry& b) {
    if (a.is_folder != b.is_folder) return a.is_folder;
    return lower(a.name) < lower(b.name);
}

std::string extension_list(const std::vector<std::string>& extensions) {
    if (extensions.empty()) return "all files";
    std::string s;
    for (const auto& e : extensions) s += (s.empty() ? "*" : ", *") + e;
    return s;
}

} // namespace

fs::path default_dialog_folder() {
    std::error_code ec;
    if (const char* home = std::getenv("HOME"); home && *home && fs::is_directory(home, ec))
        return home;
    const auto cwd = fs::current_path(ec);
    return ec ? fs::path("/") : cwd;
}

bool matches_extension(const std::string& name, const std::vector<std::string>& extensions) {
    if (extensions.empty()) return true;
    const std::string ext = lower(fs::path(name).extension().string());
    return std::find(extensions.begin(), extensions.end(), ext) != extensions.end();
}

void FileDialog::open_for_save(std::string title_, fs::path folder_, std::string file_name_,
                               std::vector<std::string> extensions_) {
    mode = Mode::Save;
    title = std::move(title_);
    extensions = std::move(extensions_);
    file_name = std::move(file_name_);
    error.clear();
    confirm_replace.reset();
    just_opened = true;
    entries.clear();
    folder.clear();
    std::error_code ec;
    if (folder_.empty()) folder_ = !last_folder.empty() && fs::is_directory(last_folder, ec)
                                       ? last_folder
                                       : default_dialog_folder();
    navigate(folder_);
    if (folder.empty()) { // the folder asked for is unreadable: list a readable one instead
        const std::string why = error;
        navigate(default_dialog_folder());
        error = why;
    }
}

void FileDialog::open_for_open(std::string title_, fs::path folder_,
                               std::vector<std::string> extensions_) {
    open_for_save(std::move(title_), std::move(folder_), "", std::move(extensions_));
    mode = Mode::Open;
}

void FileDialog::navigate(const fs::path& target) {
    std::error_code ec;
    fs::path dir = fs::absolute(target, ec).lexically_normal();
    if (dir.has_filename() == false && dir != dir.root_path()) dir = dir.parent_path();
    std::vector<FileDialogEntry> listed;
    fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.empty() || name[0] == '.') continue; // hidden files, and our atomic temporaries
        std::error_code type_ec;
        const bool is_folder = it->is_directory(type_ec);
        if (is_folder || matches_extension(name, extensions)) listed.push_back({name, is_folder});
    }
    if (ec) {
        error = "cannot list '" + dir.string() + "': " + ec.message();
        folder_text = folder.string();
        return;
    }
    std::sort(listed.begin(), listed.end(), name_less);
    folder = dir;
    folder_text = dir.string();
    entries = std::move(listed);
    error.clear();
}

std::optional<fs::path> FileDialog::resolve_choice(std::string& why) const {
    if (file_name.empty()) {
        why = mode == Mode::Save ? "type a file name" : "choose a file";
        return std::nullopt;
    }
    fs::path path = folder / fs::path(file_name); // an absolute name replaces the folder
    path = path.lexically_normal();
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        why = "'" + path.string() + "' is a folder";
        return std::nullopt;
    }
    if (mode == Mode::Save) {
        if (!extensions.empty() && path.extension().empty()) path += extensions.front();
        if (!matches_extension(path.filename().string(), extensions)) {
            why = "the file name requires " + extension_list(extensions) + ", got '" +
                  path.filename().string() + "'";
            return std::nullopt;
        }
        if (!fs::is_directory(path.parent_path(), ec)) {
            why = "there is no folder '" + path.parent_path().string() + "'";
            return std::nullopt;
        }
        return path;
    }
    if (!fs::is_regular_file(path, ec)) {
        why = "there is no file '" + path.string() + "'";
        return std::nullopt;
    }
    return path;
}

std::optional<fs::path> FileDialog::draw(float scale) {
    if (mode == Mode::Closed) return std::nullopt;
    const std::string popup_id = title + "##file-dialog";
    if (just_opened) ImGui::OpenPopup(popup_id.c_str());
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const ImVec2 size(std::min(760.0f * scale, vp->WorkSize.x * 0.95f),
                      std::min(520.0f * scale, vp->WorkSize.y * 0.9f));
    ImGui::SetNextWindowSize(size, ImGuiCond_Appearing);
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f,
                                   vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                            ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    bool keep_open = true;
    if (!ImGui::BeginPopupModal(popup_id.c_str(), &keep_open)) {
        // Closed by its title-bar button or Escape (ImGui closes modals itself).
        if (!just_opened) mode = Mode::Closed;
        return std::nullopt;
    }
    std::optional<fs::path> chosen;
    bool accept = false;
    // ImGui 1.86 leaves modals open on Escape; the dialog closes itself (the "replace it?"
    // question, when shown, takes Escape first).
    if (!confirm_replace && !just_opened &&
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) {
        mode = Mode::Closed;
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return std::nullopt;
    }

    // Folder row: Up, then the path field (Enter goes there).
    if (ImGui::Button("Up") && folder.has_parent_path() && folder != folder.root_path())
        navigate(folder.parent_path());
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1.0f);
    if (ImGui::InputText("##folder", &folder_text, ImGuiInputTextFlags_EnterReturnsTrue)) {
        std::error_code ec;
        if (fs::is_regular_file(folder_text, ec)) { // a file's path: choose it
            const fs::path typed(folder_text);
            navigate(typed.parent_path());
            file_name = typed.filename().string();
            accept = true;
        } else {
            navigate(folder_text);
        }
    }

    // The listing: a click on a folder enters it; a click on a file takes its name, a double
    // click chooses it.
    const float footer = ImGui::GetFrameHeightWithSpacing() * 3.2f +
                         (error.empty() ? 0.0f : ImGui::GetTextLineHeightWithSpacing() * 2.0f);
    ImGui::BeginChild("##entries", ImVec2(0, -footer), true);
    std::optional<fs::path> enter;
    for (const auto& e : entries) {
        const std::string label = (e.is_folder ? "[folder]  " + e.name + "/" : e.name) + "##" + e.name;
        const bool selected = !e.is_folder && e.name == file_name;
        if (ImGui::Selectable(label.c_str(), selected, ImGuiSelectableFlags_AllowDoubleClick)) {
            if (e.is_folder) enter = folder / e.name;
            else {
                file_name = e.name;
                if (ImGui::IsMouseDoubleClicked(0)) accept = true;
            }
        }
    }
    if (entries.empty()) ImGui::TextDisabled("(no folders or %s here)", extension_list(extensions).c_str());
    ImGui::EndChild();
    if (enter) navigate(*enter);

    // Name row.
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("File name");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1.0f);
    if (just_opened) ImGui::SetKeyboardFocusHere();
    if (ImGui::InputText("##name", &file_name,
                         ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll))
        accept = true;
    ImGui::TextDisabled("Shows %s", extension_list(extensions).c_str());
    if (!error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(213, 94, 0, 255));
        ImGui::TextWrapped("%s", error.c_str());
        ImGui::PopStyleColor();
    }
    if (ImGui::Button(mode == Mode::Save ? "Save" : "Open", ImVec2(110.0f * scale, 0))) accept = true;
    ImGui::SameLine();
    if (ImGui::Button("Cancel", ImVec2(110.0f * scale, 0))) {
        mode = Mode::Closed;
        ImGui::CloseCurrentPopup();
    }

    if (accept && mode != Mode::Closed) {
        std::string why;
        if (auto path = resolve_choice(why)) {
            std::error_code ec;
            if (mode == Mode::Save && fs::exists(*path, ec)) {
                confirm_replace = *path;
                ImGui::OpenPopup("Replace file?##file-dialog-replace");
            } else {
                chosen = *path;
            }
        } else {
            error = why;
        }
    }

    // Never replace silently: a second modal asks, naming the file.
    if (ImGui::BeginPopupModal("Replace file?##file-dialog-replace", nullptr,
                               ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::Text("'%s' already exists.", confirm_replace ? confirm_replace->filename().c_str() : "");
        ImGui::TextDisabled("in %s", confirm_replace ? confirm_replace->parent_path().c_str() : "");
        ImGui::TextUnformatted("Replace it?");
        if (ImGui::Button("Replace", ImVec2(110.0f * scale, 0)) && confirm_replace) {
            chosen = *confirm_replace;
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel##replace", ImVec2(110.0f * scale, 0)) ||
            ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) {
            confirm_replace.reset();
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }

    if (chosen) {
        last_folder = chosen->parent_path();
        confirm_replace.reset();
        mode = Mode::Closed;
        ImGui::CloseCurrentPopup();
    }
    just_opened = false;
    ImGui::EndPopup();
    return chosen;
}

} // namespace losslab::ui

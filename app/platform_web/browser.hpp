#pragma once
// The page around the canvas, reached through emscripten's JavaScript glue: the address
// fragment, the clipboard, localStorage, downloads, the upload picker and the canvas size.

#include <string>
#include <string_view>

namespace losslab::web {

// location.hash without the '#' ("" when none).
std::string location_hash();

// Replaces the address fragment without adding a history entry (history.replaceState).
void replace_location_hash(const std::string& fragment);

// The page's address with `fragment` as its fragment.
std::string link_with_fragment(const std::string& fragment);

// Copies `text` to the system clipboard (navigator.clipboard, else a hidden textarea).
void copy_to_clipboard(const std::string& text);

// The value stored under `key` in localStorage ("" when none or storage is unavailable).
std::string local_storage_get(const std::string& key);

// Stores `value` under `key` in localStorage (ignored when storage is unavailable).
void local_storage_set(const std::string& key, const std::string& value);

// Offers `bytes` to the user as a download named `name` with MIME type `mime`.
void download_bytes(const std::string& name, std::string_view bytes, const std::string& mime);

// Opens the browser's file picker; the chosen file is copied into the in-memory file system
// and handed to losslab_web_open_upload(path).
void pick_upload();

// The canvas's CSS size and the device pixel ratio.
struct CanvasSize {
    int css_width = 0, css_height = 0;
    double pixel_ratio = 1.0;
};
CanvasSize canvas_size();

} // namespace losslab::web

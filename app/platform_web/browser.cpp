#include "platform_web/browser.hpp"

#include <emscripten.h>

#include <cstdlib>

// The JavaScript side (no backslashes: emscripten 3.1.6 passes EM_JS bodies through JSON). Strings cross as UTF-8 in the wasm heap; returned strings are malloc'd
// by JS and freed by the C++ wrappers.
EM_JS(char*, losslab_js_hash, (), {
    const h = window.location.hash.substring(1);
    const n = lengthBytesUTF8(h) + 1;
    const p = _malloc(n);
    stringToUTF8(h, p, n);
    return p;
});
EM_JS(void, losslab_js_replace_hash, (const char* f), {
    const url = window.location.href.split("#")[0] + "#" + UTF8ToString(f);
    try { history.replaceState(null, "", url); } catch (e) { window.location.hash = UTF8ToString(f); }
});
EM_JS(char*, losslab_js_link, (const char* f), {
    const s = window.location.href.split("#")[0] + "#" + UTF8ToString(f);
    const n = lengthBytesUTF8(s) + 1;
    const p = _malloc(n);
    stringToUTF8(s, p, n);
    return p;
});
EM_JS(void, losslab_js_copy, (const char* t), {
    const text = UTF8ToString(t);
    window.losslabLastCopied = text;
    const fallback = () => {
        const a = document.createElement("textarea");
        a.value = text;
        document.body.appendChild(a);
        a.select();
        try { document.execCommand("copy"); } catch (e) {}
        a.remove();
    };
    if (navigator.clipboard && navigator.clipboard.writeText)
        navigator.clipboard.writeText(text).catch(fallback);
    else fallback();
});
EM_JS(char*, losslab_js_storage_get, (const char* k), {
    let v = null;
    try { v = window.localStorage.getItem(UTF8ToString(k)); } catch (e) {}
    v = v || "";
    const n = lengthBytesUTF8(v) + 1;
    const p = _malloc(n);
    stringToUTF8(v, p, n);
    return p;
});
EM_JS(void, losslab_js_storage_set, (const char* k, const char* v), {
    try { window.localStorage.setItem(UTF8ToString(k), UTF8ToString(v)); } catch (e) {}
});
EM_JS(void, losslab_js_download, (const char* name, const char* data, int size, const char* mime), {
    const bytes = HEAPU8.slice(data, data + size);
    const blob = new Blob([bytes], {type: UTF8ToString(mime)});
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = UTF8ToString(name);
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
});
EM_JS(void, losslab_js_pick_upload, (), {
    const input = document.createElement("input");
    input.type = "file";
    input.accept = ".json,.png,application/json,image/png";
    input.onchange = () => {
        const file = input.files && input.files[0];
        if (!file) return;
        file.arrayBuffer().then((buf) => {
            try { FS.mkdir("/uploads"); } catch (e) {}
            const path = "/uploads/" + file.name.split("/").join("_");
            FS.writeFile(path, new Uint8Array(buf));
            ccall("losslab_web_open_upload", null, ["string"], [path]);
        });
    };
    input.click();
});
EM_JS(int, losslab_js_css_width, (), { return Module.canvas.clientWidth || window.innerWidth; });
EM_JS(int, losslab_js_css_height, (), { return Module.canvas.clientHeight || window.innerHeight; });
EM_JS(double, losslab_js_pixel_ratio, (), { return window.devicePixelRatio || 1; });

namespace losslab::web {

namespace {
std::string take(char* p) {
    std::string s = p ? p : "";
    std::free(p);
    return s;
}
} // namespace

std::string location_hash() { return take(losslab_js_hash()); }

void replace_location_hash(const std::string& fragment) { losslab_js_replace_hash(fragment.c_str()); }

std::string link_with_fragment(const std::string& fragment) {
    return take(losslab_js_link(fragment.c_str()));
}

void copy_to_clipboard(const std::string& text) { losslab_js_copy(text.c_str()); }

std::string local_storage_get(const std::string& key) {
    return take(losslab_js_storage_get(key.c_str()));
}

void local_storage_set(const std::string& key, const std::string& value) {
    losslab_js_storage_set(key.c_str(), value.c_str());
}

void download_bytes(const std::string& name, std::string_view bytes, const std::string& mime) {
    losslab_js_download(name.c_str(), bytes.data(), int(bytes.size()), mime.c_str());
}

void pick_upload() { losslab_js_pick_upload(); }

CanvasSize canvas_size() {
    return {losslab_js_css_width(), losslab_js_css_height(), losslab_js_pixel_ratio()};
}

} // namespace losslab::web

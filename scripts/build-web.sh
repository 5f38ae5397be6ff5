#!/usr/bin/env bash
# Builds LossLab for the browser: build-web/losslab.html, one self-contained file (wasm, JS,
# the DejaVu Sans font and the shipped lessons inside). Everything comes from Debian 12's
# packages: emscripten 3.1.6 (GLFW and WebGL2 are built into it), Dear ImGui 1.86's sources
# from Debian's source package (fetched with `apt-get source` into build-web/, never committed).
# Idempotent: packages and sources already present are reused.
# Usage: scripts/build-web.sh [--core-tests]   (also builds the core tests as node programs)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=${LOSSLAB_WEB_BUILD_DIR:-$root/build-web}
mkdir -p "$out"

as_root=()
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "build-web: not root and no sudo" >&2; exit 1; }
    as_root=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive

# 1. Packages (scripts/install-deps.sh --web): the compiler, the library headers the app shares
#    with the desktop build, the font, GoogleTest's sources (for the core tests), dpkg-dev for
#    `apt-get source`, node and chromium for the tests.
scripts/install-deps.sh --web

# 2. Dear ImGui 1.86's sources (Debian ships only a prebuilt archive in libimgui-dev). The
#    source package needs a deb-src entry: one file of our own, for the mirror apt already uses.
imgui_dir=$(find "$out/src" -maxdepth 1 -type d -name 'imgui-1.86*' 2>/dev/null | head -n1 || true)
if [[ -z "$imgui_dir" ]]; then
    # The mirror of the first active (uncommented) deb entry; our file is rewritten only when
    # its line would change, and apt's lists are refreshed only then.
    src_list=/etc/apt/sources.list.d/losslab-src.list
    mirror=$(ls /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
                 grep -vx "$src_list" | xargs cat 2>/dev/null \
                 | grep -v '^[[:space:]]*#' |
             grep -oE 'https?://[^ ]+/debian/?( |$)' | grep -v security | head -n1 | tr -d ' ' || true)
    mirror=${mirror:-http://deb.debian.org/debian}
    # The same keyring as the deb entries (apt refuses two Signed-By values for one source).
    keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    opts=""
    [[ -f $keyring ]] && opts="[signed-by=$keyring] "
    line="deb-src ${opts}${mirror%/} bookworm main"
    if [[ "$(cat "$src_list" 2>/dev/null)" != "$line" ]]; then
        echo "build-web: writing $src_list ($line)"
        echo "$line" | "${as_root[@]}" tee "$src_list" >/dev/null
        "${as_root[@]}" apt-get update -qq
    elif ! apt-cache showsrc imgui >/dev/null 2>&1; then
        "${as_root[@]}" apt-get update -qq
    fi
    mkdir -p "$out/src"
    (cd "$out/src" && apt-get source --download-only imgui=1.86* >/dev/null 2>&1 ||
                      apt-get source --download-only imgui >/dev/null)
    (cd "$out/src" && dpkg-source --no-check -x imgui_*.dsc >/dev/null)
    imgui_dir=$(find "$out/src" -maxdepth 1 -type d -name 'imgui-1.86*' | head -n1)
    [[ -n "$imgui_dir" ]] || { echo "build-web: the imgui 1.86 sources were not unpacked" >&2; exit 1; }
fi

# 3. Configure and build with emscripten's CMake wrapper. emcmake's sysroot hides Debian's
#    headers, so the header-only libraries' include paths are passed explicitly.
# Debian's emscripten finds its JavaScript tools (acorn) under /usr/share/nodejs, which a
# node from outside Debian (e.g. nodesource) does not search.
export NODE_PATH=${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs
# ccache wraps em++ as it wraps g++ (the key holds paths relative to the checkout, so another
# clone or an emptied build folder reuses the objects). emscripten's own libraries (libc, libc++,
# GLFW, GL) come prebuilt in Debian's package (its frozen cache), so they are never rebuilt.
launcher=()
if command -v ccache >/dev/null; then
    export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root}
    launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
emcmake cmake -S web -B "$out/cmake" -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" \
    -DLOSSLAB_IMGUI_DIR="$imgui_dir" -DLOSSLAB_OUT_DIR="$out" \
    -DLOSSLAB_WEB_CORE_TESTS="$([[ "${1:-}" == --core-tests ]] && echo ON || echo OFF)" >/dev/null
cmake --build "$out/cmake" -j "${JOBS:-$(nproc)}"
ls -l "$out/losslab.html"

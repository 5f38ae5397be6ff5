#!/usr/bin/env bash
# Installs the Debian 12 packages LossLab needs to build, run and test. Idempotent: packages
# already present are skipped, and apt is not touched at all when nothing is missing.
# Usage: scripts/install-deps.sh [--test | --generators | --web]   (--test adds the packages the
# tests need, --generators those of the fixture generators and benchmark anchors; --web installs
# only what the browser build and its tests need: scripts/build-web.sh, tests/web/run.sh)
# Build packages include librsvg2-bin (icons rendered at build time), help2man (the man page)
# and dpkg-dev (dpkg-shlibdeps, for `make package`).
set -euo pipefail

build_pkgs=(
    build-essential cmake pkg-config
    libimgui-dev libstb-dev libglfw3-dev python3-glad libgl-dev libgl1-mesa-dri
    libpng-dev libisal-dev libfontconfig-dev fonts-dejavu-core libcairo2-dev
    nlohmann-json3-dev libcli11-dev libfmt-dev libeigen3-dev libsleef-dev
    libzip-dev libgif-dev libwebp-dev librsvg2-bin help2man dpkg-dev
)
# --test: the test suites, and the checkers of the install test (desktop entry, AppStream,
# man page, .deb).
test_pkgs=(libgtest-dev libbenchmark-dev xvfb xauth xdotool
    desktop-file-utils appstream man-db lintian fakeroot file poppler-utils)
# Not installed here: ffmpeg, which `losslab export` runs for .mp4 animations when it is on PATH
# (the MP4 tests skip without it). Its codec libraries alone (libavcodec59, libavfilter8,
# libx265, libcodec2, libaom3, libsvtav1enc1, ...) are about 80 MB installed, its whole dependency
# closure 276 packages / 514 MB: too much for a test dependency. `apt-get install ffmpeg` by hand.
# The fixture generators tests/reference/gen_*.py and the benchmarks' anchors (not needed to
# run the tests): --generators.
generator_pkgs=(python3-numpy python3-torch python3-torchvision python3-mpmath python3-matplotlib)

# --web: the browser build (emscripten with its prebuilt system libraries; the header-only
# libraries and the font the page embeds; GoogleTest's sources for the core tests; dpkg-dev for
# `apt-get source imgui`; ccache) and its tests (node, chromium). Not with the desktop packages.
web_pkgs=(emscripten cmake ccache nlohmann-json3-dev libfmt-dev libeigen3-dev libstb-dev
    fonts-dejavu-core googletest dpkg-dev nodejs chromium)

want=("${build_pkgs[@]}")
if [[ "${1:-}" == "--web" ]]; then
    want=("${web_pkgs[@]}")
fi
if [[ "${1:-}" == "--test" ]]; then
    want+=("${test_pkgs[@]}")
fi
if [[ "${1:-}" == "--generators" ]]; then
    want+=("${generator_pkgs[@]}")
fi

missing=()
for pkg in "${want[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
    echo "install-deps: all ${#want[@]} packages present"
    exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
    if ! command -v sudo >/dev/null; then
        echo "install-deps: not root and no sudo; install as root: apt-get install ${missing[*]}" >&2
        exit 1
    fi
    sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"

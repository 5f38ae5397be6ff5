#!/bin/sh
# Regenerates the README's browser screenshot (docs/screenshot-web.png): build-web/losslab.html
# opened in headless chromium at 1280x800 with the Focal lab and gamma = 3 in the link.
# Usage: scripts/screenshot-web.sh [HTML]   (default build-web/losslab.html; `make web` first)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
html=${1:-$root/build-web/losslab.html}
node "$root/tests/web/screenshot.mjs" "$html" "lab=focal&focal.gamma=3" 1280x800 \
    "$root/docs/screenshot-web.png"

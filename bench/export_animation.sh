#!/usr/bin/env bash
# Whole-process time, peak memory and file size of one animation in each format: 30 frames of
# focal-figure-1 at 1280x800 while gamma goes 0 -> 5 (GIF, WebP; MP4 when ffmpeg is on PATH).
# Usage: bench/export_animation.sh [BINARY] [FRAMES]
set -euo pipefail
bin=${1:-build/losslab}
frames=${2:-30}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
formats="gif webp"
command -v ffmpeg >/dev/null && formats="$formats mp4"
printf '%-5s %8s %10s %10s\n' format seconds "peak KB" bytes
for ext in $formats; do
    /usr/bin/time -f "%e %M" -o "$work/time" "$bin" export --figure focal-figure-1 \
        --animate focal.gamma=0:5 --frames "$frames" --size 1280x800 -o "$work/a.$ext" 2>/dev/null
    read -r seconds peak <"$work/time"
    printf '%-5s %8s %10s %10s\n' "$ext" "$seconds" "$peak" "$(stat -c %s "$work/a.$ext")"
done

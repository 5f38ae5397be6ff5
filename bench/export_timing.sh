#!/usr/bin/env bash
# Export speed benchmark: times `losslab export` of a few figures at 3200x2000 (PNG, under
# Xvfb) and as SVG and CSV, five runs each, and prints the median of the in-process time that
# the command reports per file (GL start-up excluded). Usage: bench/export_timing.sh [build-dir]
set -euo pipefail
bin="${1:-build}/losslab"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for fig in loss-vs-probability focal-figure-1 calibration-reliability-after normalization-histograms; do
    for fmt in png svg csv; do
        times=$(for i in 1 2 3 4 5; do
            if [[ $fmt == png ]]; then
                xvfb-run -a "$bin" export --figure "$fig" --size 3200x2000 -o "$out/f.$fmt"
            else
                "$bin" export --figure "$fig" --size 3200x2000 -o "$out/f.$fmt"
            fi | awk '{print $(NF-1)}'
        done | median)
        printf '%-32s %s 3200x2000  median %s ms\n' "$fig" "$fmt" "$times"
    done
done

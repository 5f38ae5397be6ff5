#!/usr/bin/env bash
# Export speed inside one running process: LossLab's cairo export (PNG 1600x1000, PNG
# 3200x2000, PDF) of every figure, timed per file by `losslab export --all` (its status lines),
# against matplotlib's savefig of a comparable figure in a running Python process
# (bench/matplotlib_export.py, needs python3-matplotlib). Whole-process times with
# /usr/bin/time -v are printed as well (start-up included).
# Usage: bench/export_vs_matplotlib.sh BUILD_DIR
set -euo pipefail
build=${1:?usage: export_vs_matplotlib.sh BUILD_DIR}
bin=$build/losslab
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
unset DISPLAY
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
for spec in "png 1600x1000" "png 3200x2000" "pdf 1600x1000"; do
    set -- $spec
    # Status lines: "PATH  WxH  N ms"; the first file pays for the font cache.
    "$bin" export --all "$out/$1-$2" --format "$1" --size "$2" 2>"$out/log"
    ms=$(awk '{print $(NF-1)}' "$out/log" | tail -n +2 | median)
    echo "losslab $1 $2 median $ms ms per figure ($(wc -l <"$out/log") figures, one process)"
    /usr/bin/time -f "losslab $1 $2 whole process %e s, %M KiB max RSS" \
        "$bin" export --all "$out/$1-$2" --format "$1" --size "$2" 2>&1 >/dev/null | tail -1
done
if /usr/bin/env python3 -c "import matplotlib" 2>/dev/null; then
    mkdir -p "$out/mpl"
    python3 "$(dirname "$0")/matplotlib_export.py" "$out/mpl"
else
    echo "matplotlib: not installed (apt-get install python3-matplotlib)"
fi

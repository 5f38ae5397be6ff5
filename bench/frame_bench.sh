#!/usr/bin/env bash
# Speed report, one run: per lab and view, the app's own CPU per frame (thread CPU time of
# building + ImGui + painting into the draw lists, from `losslab --bench-frames`) while the lab's
# main slider sweeps, at default and at the largest settings the sliders allow; the idle cost
# of the window (bench/idle_cpu.sh); and PNG/SVG export times per figure inside one process,
# with matplotlib's savefig of a comparable figure (bench/matplotlib_export.py) in the same run.
# Writes bench/README.md. Usage: bench/frame_bench.sh [build-dir] [frames per run, default 120]
# Needs Xvfb, xdotool, python3-matplotlib.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin="$(cd "${1:-build}" && pwd)/losslab"
frames="${2:-120}"
readme="$here/README.md"
tmp=$(mktemp -d)
disp=":$((500 + RANDOM % 400))"
Xvfb "$disp" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null || true; rm -rf "$tmp"' EXIT
sleep 1
export DISPLAY="$disp" XDG_CONFIG_HOME="$tmp/config"
failures=0
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# lab | view assignments (space separated; VIEW@PARAM sweeps PARAM instead of the lab's
# main slider) | largest-setting assignments
configs=(
    "loss|loss.x_axis=probability loss.x_axis=logit|loss.K=1000"
    "focal|focal.view=figure-1 focal.view=modulating focal.view=imbalance focal.view=pitfalls|focal.pitfall_classes=100"
    "smoothing|smoothing.view=targets smoothing.view=editor smoothing.view=distillation|smoothing.K=20"
    "information|information.view=discrete information.view=continuous|information.K=20"
    "calibration|calibration.view=temperature calibration.view=temperature@calibration.temperature calibration.view=training|calibration.examples=10000 calibration.classes=50"
    "normalization|normalization.view=figure-2 normalization.view=histograms normalization.view=batch-size normalization.view=cousins|normalization.n=32 normalization.c=64 normalization.h=32 normalization.w=32"
)

# Runs one bench; prints "median p90 p99 vertices gl-median slider" or "failed".
# Usage: bench_one LAB SWEEP-PARAM-OR-EMPTY ASSIGNMENT...
bench_one() {
    local lab=$1 sweep=$2
    shift 2
    local sets=()
    for a in "$@"; do sets+=(--set "$a"); done
    [[ -n $sweep ]] && sets+=(--bench-sweep "$sweep")
    local line
    if ! line=$("$bin" --lab "$lab" "${sets[@]}" --size 1280x800 --bench-frames "$frames" 2>"$tmp/err"); then
        echo "failed"
        return
    fi
    # bench lab L, N frames sweeping K: app cpu ms median A p90 B p99 C; vertices median V max
    # M; gl render ms median G p90 H
    echo "$line" | sed -E 's/.*sweeping ([^:]+): app cpu ms median ([0-9.]+) p90 ([0-9.]+) p99 ([0-9.]+); vertices median ([0-9]+) max ([0-9]+); gl render ms median ([0-9.]+).*/\2 \3 \4 \5 \7 \1/'
}

rows=()
for cfg in "${configs[@]}"; do
    IFS='|' read -r lab views largest <<<"$cfg"
    read -r -a largest_sets <<<"$largest"
    for token in $views; do
        view=${token%%@*}
        sweep=""
        [[ $token == *@* ]] && sweep=${token#*@}
        d=$(bench_one "$lab" "$sweep" "$view")
        l=$(bench_one "$lab" "$sweep" "$view" "${largest_sets[@]}")
        [[ $d == failed || $l == failed ]] && failures=$((failures + 1))
        read -r dm dp dp99 dv dg slider <<<"$d"
        read -r lm lp lp99 lv lg _ <<<"$l"
        rows+=("| $lab | ${view#*=} | ${slider:-?} | $dm | $dp | $dv | $dg | $lm | $lp | $lv | $lg |")
        echo "${rows[-1]}"
    done
done

idle=$("$here/idle_cpu.sh" "$bin" 20)
echo "$idle"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# In-process time of one export (the command reports it on stderr; GL start-up excluded),
# median of 3.
export_ms() {
    local fig=$1 size=$2 ext=$3
    for _ in 1 2 3; do
        "$bin" export --figure "$fig" --size "$size" -o "$tmp/f.$ext" 2>&1 | awk '{print $(NF-1)}'
    done | median
}
# Debian's python3 has python3-matplotlib; PYTHON overrides.
mpl=$("${PYTHON:-/usr/bin/python3}" "$here/matplotlib_export.py" "$tmp")
echo "$mpl"
mpl_ms() { echo "$mpl" | awk -v f="$1" -v s="$2" '$2 == f && $3 == s {print $5}'; }
export_rows=()
for fig in loss-vs-probability focal-figure-1 calibration-reliability-after normalization-histograms; do
    for spec in "png 1600x1000" "png 3200x2000" "svg 1600x1000"; do
        read -r ext size <<<"$spec"
        ms=$(export_ms "$fig" "$size" "$ext")
        ref=$(mpl_ms "$ext" "$size")
        ratio=$(awk -v a="$ref" -v b="$ms" 'BEGIN {if (b > 0) printf "%.1f", a / b; else print "n/a"}')
        export_rows+=("| $fig | $ext | $size | $ms | $ref | $ratio |")
        echo "${export_rows[-1]}"
    done
done

{
    echo "# Benchmarks"
    echo
    echo "Written by \`bench/frame_bench.sh\` ($(date -u +%Y-%m-%d), $(nproc) cores, load average"
    echo "$load_start at the start and $(cut -d' ' -f1-3 /proc/loadavg) at the end, commit"
    echo "$(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown), $frames frames per run, window 1280x800 under Xvfb)."
    echo "Wall-clock columns (GL, exports, matplotlib) grow with the machine's load; app CPU is"
    echo "thread CPU time, which does not count time spent waiting for a core."
    echo
    echo "## CPU per frame while a slider moves"
    echo
    echo "App CPU = thread CPU time of the app's own work per frame (building the figures, ImGui,"
    echo "painting into the draw lists), in ms. GL = wall time from submitting the draw lists to"
    echo "glFinish (the rasteriser; on Mesa llvmpipe it runs on the CPU in its own threads)."
    echo "The slider is the lab's main (first real-valued) slider unless the row names another"
    echo "(\`--bench-sweep\`)."
    echo "Largest = normalization 32x64x32x32, calibration 10000 examples x 50 classes,"
    echo "loss K = 1000, focal pitfalls 100 classes, smoothing and information 20 classes."
    echo
    echo "| lab | view | slider | default median | default p90 | default vertices | default GL | largest median | largest p90 | largest vertices | largest GL |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
    echo
    echo "## Idle"
    echo
    echo "Window open on the loss lab, untouched: $idle (\`bench/idle_cpu.sh\`)."
    echo
    echo "## Export, per figure inside one process"
    echo
    echo "LossLab: the time \`losslab export\` reports for the file (GL start-up excluded), median of 3."
    echo "matplotlib: savefig of a comparable line figure (\`bench/matplotlib_export.py\`), median of 7."
    echo
    echo "| figure | format | size | LossLab ms | matplotlib ms | matplotlib / LossLab |"
    echo "|---|---|---|---|---|---|"
    printf '%s\n' "${export_rows[@]}"
} >"$readme"
echo "wrote $readme"
exit $((failures > 0))

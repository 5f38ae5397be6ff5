#!/usr/bin/env bash
# The whole speed report in one run, written to bench/README.md:
#  1. per lab and view, the app's own CPU per frame (thread CPU time of building + ImGui +
#     painting into the draw lists, from `losslab --bench-frames`) while the lab's main slider
#     sweeps, at default and at the largest settings the sliders allow;
#  2. the idle cost of the window (bench/idle_cpu.sh);
#  3. export per figure inside one process (losslab_bench_export_app: building, drawing,
#     encoding, whole file; the first text measurement of the process; start-up of a CLI call)
#     against matplotlib's savefig of a comparable figure in a running Python process
#     (bench/matplotlib_export.py), both as thread CPU and wall time;
#  4. core kernels in ns per element (losslab_bench_losses) against PyTorch on one thread
#     (bench/time_pytorch_losses.py).
# The load average is recorded at the start and the end: the machine may be shared, and thread
# CPU time (which does not count time spent waiting for a core) is the robust figure.
# Usage: bench/run_all.sh [app-build-dir, default build] [bench-build-dir, default build-bench]
#        [frames per run, default 60]
# The bench build is configured with -DLOSSLAB_BUILD_BENCH=ON (Google Benchmark). Needs Xvfb,
# xdotool, python3-matplotlib, python3-torch and python3-torchvision.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin="$(cd "${1:-build}" && pwd)/losslab"
bench_dir="$(cd "${2:-build-bench}" && pwd)/bench"
frames="${3:-60}"
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
python=${PYTHON:-/usr/bin/python3}

# ---------------------------------------------------------------- 1. frames
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
over=()
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
        awk -v a="$dm" 'BEGIN {exit !(a > 1.0)}' && over+=("$lab ${view#*=} default $dm ms")
        awk -v a="$lm" 'BEGIN {exit !(a > 8.0)}' && over+=("$lab ${view#*=} largest $lm ms")
    done
done

# ---------------------------------------------------------------- 2. idle
idle=$("$here/idle_cpu.sh" "$bin" 20)
echo "$idle"

# ---------------------------------------------------------------- 3. export
# name,iterations,real_time,cpu_time,time_unit,...,label,...
"$bench_dir/losslab_bench_export_app" --benchmark_format=csv --benchmark_min_time=0.3 \
    2>/dev/null >"$tmp/export.csv"
# cpu and wall ms of the row whose name starts with $1 and whose label is $2
bm() { awk -F, -v n="\"$1" -v l="\"$2\"" 'index($1, n) == 1 && $8 == l {printf "%.2f %.2f\n", $4, $3}' "$tmp/export.csv"; }
read -r font_cpu font_wall <<<"$(awk -F, 'index($1, "\"BM_font_first_use") == 1 {printf "%.2f %.2f\n", $4, $3}' "$tmp/export.csv")"
mpl=$("$python" "$here/matplotlib_export.py" "$tmp")
echo "$mpl"
# matplotlib cpu and wall ms for format $1 and size $2
mpl_ms() { echo "$mpl" | awk -v f="$1" -v s="$2" '$2 == f && $3 == s {print $8, $5}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.1f", a / b; else print "n/a"}'; }
export_rows=()
split_rows=()
for fig in loss-vs-probability focal-figure-1 calibration-reliability-after normalization-histograms; do
    read -r build_cpu _ <<<"$(bm BM_build "$fig")"
    for spec in "png 1600x1000" "png 3200x2000" "svg 1600x1000"; do
        read -r ext size <<<"$spec"
        read -r cpu wall <<<"$(bm BM_file "$fig $ext $size")"
        read -r mcpu mwall <<<"$(mpl_ms "$ext" "$size")"
        export_rows+=("| $fig | $ext | $size | $cpu | $wall | $mcpu | $mwall | $(ratio "$mcpu" "$cpu") | $(ratio "$mwall" "$wall") |")
        echo "${export_rows[-1]}"
        if [[ $ext == png ]]; then
            read -r draw_cpu _ <<<"$(bm BM_draw "$fig $size")"
            read -r enc_cpu _ <<<"$(bm BM_encode "$fig $size")"
            split_rows+=("| $fig | $size | $build_cpu | $draw_cpu | $enc_cpu | $cpu |")
        fi
    done
done
# Start-up of one CLI call: whole-process CPU (user + system, mean of 5 calls, from the
# children's rusage) of an SVG export, minus the in-process file time.
startup=$("$python" - "$bin" "$tmp/one.svg" <<'PY'
import resource, subprocess, sys
for _ in range(5):
    subprocess.run([sys.argv[1], "export", "--figure", "loss-vs-probability", "--size",
                    "1600x1000", "-o", sys.argv[2]], check=True, stderr=subprocess.DEVNULL)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{(r.ru_utime + r.ru_stime) * 1000 / 5:.1f}")
PY
)
read -r svg_cpu _ <<<"$(bm BM_file "loss-vs-probability svg 1600x1000")"

# ---------------------------------------------------------------- 4. core kernels
"$bench_dir/losslab_bench_losses" --benchmark_format=csv --benchmark_min_time=0.5 2>/dev/null \
    >"$tmp/losses.csv"
torch=$("$python" "$here/time_pytorch_losses.py")
echo "$torch"
# ns per element: the benchmarks take 1e6 elements, so CPU ms per call = ns per element
ll() { awk -F, -v n="\"$1\"" '$1 == n {printf "%.1f", $4}' "$tmp/losses.csv"; }
pt() { echo "$torch" | awk -v n="$1" 'index($0, n) == 1 {for (i = 1; i <= NF; ++i) if ($i == "cpu") {printf "%.1f", $(i + 1); exit}}'; }
kernel_rows=(
    "| bce_with_logits | $(ll BM_BceWithLogitsMean) | $(pt "bce_with_logits mean f64") | $(pt "bce_with_logits mean f32") |"
    "| sigmoid focal loss, gamma 2 | $(ll BM_FocalLogitMean) | $(pt "sigmoid_focal_loss mean g2 f64") | $(pt "sigmoid_focal_loss mean g2 f32") |"
    "| sigmoid focal loss, gamma 2, targets 0.05 / 0.95 | $(ll BM_FocalLogitSmoothedMean) | — | — |"
    "| sigmoid focal loss, gamma 3.7 | $(ll BM_FocalLogitGamma37Mean) | $(pt "sigmoid_focal_loss mean g3.7 f64") | $(pt "sigmoid_focal_loss mean g3.7 f32") |"
    "| cross_entropy, K = 10 | $(ll BM_CrossEntropyMean) | $(pt "cross_entropy mean (K=10) f64") | $(pt "cross_entropy mean (K=10) f32") |"
)
printf '%s\n' "${kernel_rows[@]}"

{
    echo "# Benchmarks"
    echo
    echo "Written by \`bench/run_all.sh\` ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average"
    echo "$load_start at the start and $(cut -d' ' -f1-3 /proc/loadavg) at the end, commit"
    echo "$(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown), $frames frames per run, window 1280x800 under Xvfb)."
    echo "Thread CPU time is the robust figure on a shared machine: it does not count time spent"
    echo "waiting for a core. Wall-clock columns (GL, wall) grow with the machine's load."
    echo
    echo "## CPU per frame while a slider moves"
    echo
    echo "App CPU = thread CPU time of the app's own work per frame (building the figures, ImGui,"
    echo "painting into the draw lists), in ms. GL = wall time from submitting the draw lists to"
    echo "glFinish (the rasteriser; on Mesa llvmpipe it runs on the CPU in its own threads)."
    echo "The slider is the lab's main (first real-valued) slider unless the row names another"
    echo "(\`--bench-sweep\`). Targets: median <= 1 ms at default, <= 8 ms at the largest settings."
    echo "Largest = normalization 32x64x32x32, calibration 10000 examples x 50 classes,"
    echo "loss K = 1000, focal pitfalls 100 classes, smoothing and information 20 classes."
    echo
    echo "| lab | view | slider | default median | default p90 | default vertices | default GL | largest median | largest p90 | largest vertices | largest GL |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
    echo
    if ((${#over[@]})); then
        echo "Over target in this run: $(printf '%s; ' "${over[@]}")"
    else
        echo "Every row is within target in this run."
    fi
    echo
    echo "## Idle"
    echo
    echo "Window open on the loss lab, untouched: $idle (\`bench/idle_cpu.sh\`)."
    echo
    echo "## Export, per figure inside one process"
    echo
    echo "LossLab: \`losslab_bench_export_app\` (bench/bench_export_app.cpp), the whole file as"
    echo "\`losslab export\` writes it (building the figure, drawing with cairo, encoding, session"
    echo "metadata, atomic write), one process, Google Benchmark's mean per iteration. matplotlib:"
    echo "savefig of a comparable line figure in a running Python process"
    echo "(\`bench/matplotlib_export.py\`), median of 7. Targets: PNG 1600x1000 <= 30 ms,"
    echo "3200x2000 <= 150 ms, SVG <= 3 ms."
    echo
    echo "| figure | format | size | LossLab CPU ms | LossLab wall ms | matplotlib CPU ms | matplotlib wall ms | ratio (CPU) | ratio (wall) |"
    echo "|---|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${export_rows[@]}"
    echo
    echo "Where a PNG's time goes (thread CPU ms; the file also writes session metadata):"
    echo
    echo "| figure | size | build | draw (cairo) | encode (PNG) | whole file |"
    echo "|---|---|---|---|---|---|"
    printf '%s\n' "${split_rows[@]}"
    echo
    echo "Paid once per process, not per figure: the first text measurement (fontconfig, the font"
    echo "file) $font_cpu ms CPU ($font_wall ms wall); the start-up of one \`losslab export\` call"
    echo "is about $(awk -v a="$startup" -v b="$svg_cpu" 'BEGIN {printf "%.1f", a - b}') ms CPU (the whole process, $startup ms user + system, mean"
    echo "of 5 calls, minus the SVG file's $svg_cpu ms). \`losslab export --all\` and lesson decks pay"
    echo "both once."
    echo
    echo "## Core kernels against PyTorch, one thread"
    echo
    echo "CPU ns per element, mean over 1e6 elements: \`losslab_bench_losses\` (bench/bench_losses.cpp)"
    echo "and \`bench/time_pytorch_losses.py\` (PyTorch $("$python" -c 'import torch; print(torch.__version__)' 2>/dev/null), \`torch.set_num_threads(1)\`, best of 20)."
    echo
    echo "| mean of | LossLab f64 | PyTorch f64 | PyTorch f32 |"
    echo "|---|---|---|---|"
    printf '%s\n' "${kernel_rows[@]}"
} >"$readme"
echo "wrote $readme"
exit $((failures > 0))

#!/usr/bin/env bash
# `losslab calibrate` against the same metrics in NumPy/SciPy (bench/calibrate_numpy.py) on
# N x K float32 logits, one run each, side by side: wall and CPU time, peak RSS (/usr/bin/time -v)
# and the stage times each prints.
# Usage: bench/calibrate_bench.sh [BUILD_DIR] [N] [K]     (default build, 1000000, 100: 400 MB)
set -euo pipefail
build=${1:-build}
n=${2:-1000000}
k=${3:-100}
here=$(cd "$(dirname "$0")" && pwd)
data=${TMPDIR:-/tmp}/losslab-calibrate-bench-${n}x${k}
mkdir -p "$data"
if [[ ! -f "$data/logits.npy" ]]; then
    /usr/bin/python3 - "$data" "$n" "$k" <<'PY'
import sys, numpy as np
d, n, k = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(1)
z = np.lib.format.open_memmap(f"{d}/logits.npy", mode="w+", dtype=np.float32, shape=(n, k))
y = np.empty(n, dtype=np.int64)
for i in range(0, n, 100000):
    c = rng.standard_normal((min(100000, n - i), k), dtype=np.float32) * 2.5
    z[i:i + len(c)] = c
    # Half the labels are the arg max (an over-confident model), half random.
    y[i:i + len(c)] = np.where(rng.random(len(c)) < 0.5, c.argmax(1), rng.integers(0, k, len(c)))
z.flush()
np.save(f"{d}/labels.npy", y)
PY
fi
size=$(stat -c %s "$data/logits.npy")
echo "input: $n x $k float32 logits, $((size / 1000000)) MB (+ int64 labels); $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$data/logits.npy" "$data/labels.npy" > /dev/null  # both start from the page cache

report() {
    local name=$1 log=$2
    local wall user sys rss
    wall=$(grep "Elapsed (wall clock)" "$log" | awk '{print $NF}')
    user=$(grep "User time" "$log" | awk '{print $NF}')
    sys=$(grep "System time" "$log" | awk '{print $NF}')
    rss=$(grep "Maximum resident" "$log" | awk '{print $NF}')
    printf "%-28s wall %-9s CPU %6.2f s   peak RSS %5d MB (%.2fx the logits file)\n" "$name" "$wall" \
        "$(echo "$user + $sys" | bc)" $((rss / 1000)) "$(echo "$rss * 1000 / $size" | bc -l)"
}

/usr/bin/time -v "$build/losslab" calibrate --logits "$data/logits.npy" --labels "$data/labels.npy" \
    --format json --timing > "$data/losslab.json" 2> "$data/losslab.time"
/usr/bin/time -v /usr/bin/python3 "$here/calibrate_numpy.py" "$data/logits.npy" "$data/labels.npy" \
    > "$data/numpy.json" 2> "$data/numpy.time"
report "losslab calibrate" "$data/losslab.time"
grep "timing:" "$data/losslab.time" | sed 's/^losslab: /    /'
report "numpy/scipy (chunked)" "$data/numpy.time"
/usr/bin/python3 - "$data" <<'PY'
import json, sys
d = sys.argv[1]
a = json.load(open(f"{d}/losslab.json")); b = json.load(open(f"{d}/numpy.json"))
s = b["seconds"]
print(f"    timing: load {s['load']*1e3:.0f} ms, metrics at T = 1 {s['metrics']*1e3:.0f} ms, "
      f"temperature fit {s['fit']*1e3:.0f} ms ({s['fit_nll_evaluations']} NLL passes), "
      f"metrics at T {s['after']*1e3:.0f} ms")
worst = max(abs(a[k] - b[k]) / max(1.0, abs(b[k])) for k in
            ("accuracy", "mean_confidence", "nll", "brier", "ece", "mce", "rmsce", "classwise_ece"))
print(f"agreement: T {a['temperature']:.10f} vs {b['temperature']:.10f}; "
      f"largest relative metric difference {worst:.1e}")
PY

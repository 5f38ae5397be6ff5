#!/usr/bin/env bash
# `losslab calibrate` against the same metrics in NumPy/SciPy (bench/calibrate_numpy.py) and in
# PyTorch (bench/calibrate_torch.py) on N x K float32 logits, side by side in one run: wall and
# CPU time, peak RSS (/usr/bin/time -v) and the stage times each prints. losslab runs REPEAT
# times (the machine may be shared: compare CPU time, and the best wall time).
# Usage: bench/calibrate_bench.sh [BUILD_DIR] [N] [K] [REPEAT]
#        (default build, 1000000, 100, 3: 400 MB of float32)
set -euo pipefail
build=${1:-build}
n=${2:-1000000}
k=${3:-100}
repeat=${4:-3}
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

for run in $(seq 1 "$repeat"); do
    /usr/bin/time -v "$build/losslab" calibrate --logits "$data/logits.npy" --labels "$data/labels.npy" \
        --format json --timing > "$data/losslab.json" 2> "$data/losslab.time"
    report "losslab calibrate (run $run)" "$data/losslab.time"
    grep "timing (wall" "$data/losslab.time" | sed 's/^losslab: /    /'
done
/usr/bin/time -v /usr/bin/python3 "$here/calibrate_numpy.py" "$data/logits.npy" "$data/labels.npy" \
    > "$data/numpy.json" 2> "$data/numpy.time"
report "numpy/scipy (chunked)" "$data/numpy.time"
/usr/bin/time -v /usr/bin/python3 "$here/calibrate_torch.py" "$data/logits.npy" "$data/labels.npy" \
    > "$data/torch.json" 2> "$data/torch.time"
report "pytorch (chunked, LBFGS)" "$data/torch.time"
/usr/bin/python3 - "$data" <<'PY'
import json, sys
d = sys.argv[1]
a = json.load(open(f"{d}/losslab.json"))
keys = ("accuracy", "mean_confidence", "nll", "brier", "ece", "mce", "rmsce", "classwise_ece")
for name in ("numpy", "torch"):
    b = json.load(open(f"{d}/{name}.json"))
    s = b["seconds"]
    wall = lambda v: v[0] if isinstance(v, list) else v
    print(f"    {name} stages (wall): load {wall(s['load'])*1e3:.0f} ms, metrics at T = 1 "
          f"{wall(s['metrics'])*1e3:.0f} ms, temperature fit {wall(s['fit'])*1e3:.0f} ms "
          f"({s['fit_nll_evaluations']} NLL passes), metrics at T {wall(s['after'])*1e3:.0f} ms")
    worst = max(abs(a[k] - b[k]) / max(1.0, abs(b[k])) for k in keys)
    print(f"    agreement with losslab: T {a['temperature']:.10f} vs {b['temperature']:.10f}; "
          f"largest relative metric difference {worst:.1e}")
PY

#!/usr/bin/env bash
# Idle cost of the window: starts LossLab under a private Xvfb, lets it settle for 3 s, then
# measures the process's CPU (utime+stime from /proc/PID/stat) over 20 s untouched, closes it
# with Ctrl+Q and prints the frames it drew in those 20 s (--count-frames).
# Usage: bench/idle_cpu.sh [losslab-binary] [seconds]   (needs Xvfb and xdotool)
set -euo pipefail
bin="${1:-build/losslab}"
secs="${2:-20}"
tmp=$(mktemp -d)
disp=":$((90 + RANDOM % 400))"
Xvfb "$disp" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null || true; rm -rf "$tmp"' EXIT
sleep 1
export DISPLAY="$disp" XDG_CONFIG_HOME="$tmp" HOME="$tmp"
extra=()
help=$("$bin" --help)
[[ $help == *--count-frames* ]] && extra=(--count-frames)
"$bin" --size 1280x800 --lab loss "${extra[@]}" >"$tmp/out.txt" 2>&1 &
pid=$!
xdotool search --sync --onlyvisible --name '^LossLab$' >/dev/null
sleep 3
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
frames() { grep -o 'frames drawn: [0-9]*' "$tmp/out.txt" | tail -1 | awk '{print $3}'; }
hz=$(getconf CLK_TCK)
[[ ${#extra[@]} -gt 0 ]] && kill -USR1 "$pid" # --count-frames: SIGUSR1 prints the count so far
sleep 0.2
f0=$(frames || true)
t0=$(ticks)
sleep "$secs"
t1=$(ticks)
[[ ${#extra[@]} -gt 0 ]] && kill -USR1 "$pid"
sleep 0.2
f1=$(frames || true)
# Close it as a user would (pointer in the window, Ctrl+Q); kill it if that did not work.
xdotool mousemove 100 700 && xdotool keydown ctrl+q && sleep 0.2 && xdotool keyup ctrl+q || true
for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
kill "$pid" 2>/dev/null || true
wait "$pid" || true
pct=$(awk -v a="$t0" -v b="$t1" -v hz="$hz" -v s="$secs" 'BEGIN {printf "%.2f", 100 * (b - a) / hz / s}')
if [[ -n "${f0:-}" && -n "${f1:-}" ]]; then drawn=$((f1 - f0)); else drawn="n/a"; fi
echo "idle ${secs} s: cpu ${pct} % of a core, frames drawn ${drawn}"

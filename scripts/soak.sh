#!/usr/bin/env bash
# Soak test: drives the LossLab window with random input for MINUTES (default 10) and samples
# its memory. Random clicks (sidebar labs, tabs, widgets), drags, wheel zoom far out of every
# plot's domain followed by hovering, keys (lesson navigation, presentation mode F11, UI zoom,
# Escape), a lesson opened at start. Prints a summary; exits 1 if the program died.
# Usage: scripts/soak.sh [MINUTES] [BINARY]   (BINARY default build/losslab)
# Needs xdotool; without a DISPLAY it re-runs itself under xvfb-run.
set -euo pipefail
minutes=${1:-10}
binary=${2:-build/losslab}
here=$(cd "$(dirname "$0")/.." && pwd)
W=1600
H=1000

if [[ -z "${DISPLAY:-}" ]]; then
    exec xvfb-run -a -s "-screen 0 ${W}x${H}x24" "$0" "$minutes" "$binary"
fi

work=$(mktemp -d /tmp/losslab-soak-XXXXXX)
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
"$binary" --size "${W}x${H}" --lesson "$here/assets/lessons/03-focal-loss.json" \
    >"$work/out.txt" 2>"$work/err.txt" &
pid=$!
win=$(xdotool search --sync --onlyvisible --name '^LossLab$' | head -1)
sleep 1

rss() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0; }
alive() { kill -0 "$pid" 2>/dev/null; }
rnd() { echo $((RANDOM % ($2 - $1 + 1) + $1)); } # rnd LO HI
x() { xdotool "$@" >/dev/null 2>&1 || true; }

rss_start=$(rss)
rss_max=$rss_start
actions=0
samples=0
start=$(date +%s)
end=$((start + minutes * 60))
next_sample=$start
keys=(Right Left space Next Prior Home End F11 ctrl+equal ctrl+minus ctrl+0 Escape Tab)

while (($(date +%s) < end)); do
    alive || break
    case $((RANDOM % 10)) in
    0 | 1) # a click anywhere: widgets, tabs, legend entries, menus
        x mousemove --window "$win" "$(rnd 5 $((W - 5)))" "$(rnd 5 $((H - 5)))" click 1 ;;
    2) # a lab from the sidebar
        x mousemove --window "$win" "$(rnd 20 200)" "$(rnd 60 420)" click 1 ;;
    3) # a drag (sliders, panning)
        x mousemove --window "$win" "$(rnd 250 $((W - 50)))" "$(rnd 100 $((H - 50)))" mousedown 1
        x mousemove_relative -- "$(rnd -300 300)" "$(rnd -200 200)"
        x mouseup 1 ;;
    4 | 5) # wheel zoom far out of the plot's domain, then hover across it
        px=$(rnd 300 $((W - 100)))
        py=$(rnd 150 $((H - 100)))
        x mousemove --window "$win" "$px" "$py"
        x click --repeat "$(rnd 5 40)" --delay 5 5
        for _ in 1 2 3 4; do
            x mousemove --window "$win" "$(rnd 250 $((W - 20)))" "$(rnd 100 $((H - 20)))"
            sleep 0.05
        done ;;
    6) # zoom back in / double-click resets the view
        x click --repeat "$(rnd 1 10)" --delay 5 4
        ((RANDOM % 3 == 0)) && x click --repeat 2 --delay 80 1 ;;
    7 | 8) # keys: lesson steps, presentation mode, UI zoom
        k=${keys[$((RANDOM % ${#keys[@]}))]}
        x keydown "$k"
        sleep 0.1
        x keyup "$k" ;;
    9) # a right click and Escape (closes popups and dialogs)
        x mousemove --window "$win" "$(rnd 5 $((W - 5)))" "$(rnd 5 $((H - 5)))" click 3
        x key Escape ;;
    esac
    actions=$((actions + 1))
    sleep 0.05
    now=$(date +%s)
    if ((now >= next_sample)); then
        r=$(rss)
        ((r > rss_max)) && rss_max=$r
        samples=$((samples + 1))
        next_sample=$((now + 10))
    fi
done

elapsed=$(($(date +%s) - start))
status=0
if alive; then
    rss_end=$(rss)
    x windowactivate --sync "$win"
    for _ in 1 2 3; do x key Escape; sleep 0.3; done # close popups and dialogs first
    x keydown ctrl+q
    sleep 0.3
    x keyup ctrl+q
    for _ in $(seq 1 300); do alive || break; sleep 0.1; done
    if alive; then
        kill "$pid"
        wait "$pid" || status=$?
        result="did not quit on Ctrl+Q within 30 s (stopped with SIGTERM, status $status)"
    else
        wait "$pid" || status=$?
        result="quit on Ctrl+Q with status $status"
    fi
else
    rss_end=0
    wait "$pid" || status=$?
    result="DIED with status $status during the soak"
fi
printf 'soak: %d min %02d s, %d actions, RSS start %d KiB, end %d KiB, max %d KiB (%d samples); losslab %s\n' \
    $((elapsed / 60)) $((elapsed % 60)) "$actions" "$rss_start" "$rss_end" "$rss_max" "$samples" "$result"
if [[ -s "$work/err.txt" ]]; then
    echo "soak: stderr (last 20 lines):"
    tail -20 "$work/err.txt"
fi
[[ $result != DIED* ]]

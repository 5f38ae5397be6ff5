#!/usr/bin/env bash
# Kept for old instructions: the frame table is now part of the whole report, bench/run_all.sh.
# Usage: bench/frame_bench.sh [build-dir] [frames per run, default 60]
exec "$(dirname "$0")/run_all.sh" "${1:-build}" build-bench "${2:-60}"

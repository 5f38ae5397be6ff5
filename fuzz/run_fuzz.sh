#!/usr/bin/env bash
# Runs libFuzzer harnesses one after another (`make fuzz` calls this after building them).
# Usage: fuzz/run_fuzz.sh FUZZ_DIR SECONDS HARNESS...
# Each harness runs for SECONDS on its committed seed corpus fuzz/corpus/<h> plus the inputs it
# found before (FUZZ_DIR/corpus/<h>, where new inputs go); its log is FUZZ_DIR/fuzz-<h>.log and
# a crash, leak, sanitizer report or timeout (an input taking over 10 s) leaves
# FUZZ_DIR/crash-<h>-*. A crash does not stop the other harnesses; the exit status is 1 if any
# harness found one. A table of executions, time, coverage and crashes ends the output.
# To fold new inputs into the committed corpus, minimised:
#   FUZZ_DIR/fuzz/fuzz_<h> -merge=1 NEW fuzz/corpus/<h> FUZZ_DIR/corpus/<h>  (then review NEW)
set -uo pipefail
dir=${1:?usage: run_fuzz.sh FUZZ_DIR SECONDS HARNESS...}
seconds=${2:?usage: run_fuzz.sh FUZZ_DIR SECONDS HARNESS...}
shift 2
src=$(cd "$(dirname "$0")" && pwd)
failed=0
table="harness        executions  seconds  cov    ft      corpus  crashes"
for h in "$@"; do
    mkdir -p "$dir/corpus/$h"
    log="$dir/fuzz-$h.log"
    count() { find "$dir" -maxdepth 1 -name "crash-$h-*" | wc -l; }
    before=$(count)
    start=$(date +%s)
    # Leaks are checked too (LSan is on with ASan); Mesa is never loaded by a harness.
    "$dir/fuzz/fuzz_$h" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
        -print_final_stats=1 -artifact_prefix="$dir/crash-$h-" \
        "$dir/corpus/$h" "$src/corpus/$h" >"$log" 2>&1
    rc=$?
    took=$(($(date +%s) - start))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    last=$(grep -E '^#[0-9]+' "$log" | tail -1)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
    crashes=$(($(count) - before))
    if ((rc != 0)); then
        failed=1
        echo "fuzz: $h stopped with status $rc; see $log" >&2
        ((crashes == 0)) && crashes="rc=$rc"
    fi
    line=$(printf '%-14s %10s  %7s  %-5s  %-6s  %-6s  %s' "$h" "${execs:-?}" "$took" \
        "${cov:-?}" "${ft:-?}" "${corp:-?}" "$crashes")
    echo "$line"
    table+=$'\n'"$line"
done
echo
echo "$table"
exit $failed

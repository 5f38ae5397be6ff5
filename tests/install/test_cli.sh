#!/usr/bin/env bash
# The command-line conventions of BINARY: --help fits a screen, `params` lists kind, range,
# default and help, `figures` one line per figure, `lessons`, `-` for standard output, every
# write checked (/dev/full exits 1 with "write error"), exit codes 0 / 1 / 2.
# Usage: test_cli.sh BINARY
set -uo pipefail
bin=${1:?usage: test_cli.sh BINARY}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work/home XDG_CONFIG_HOME=$work/config XDG_STATE_HOME=$work/state
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
# expect_rc WANT ARGS...: runs the binary, stdout to $work/out, stderr to $work/err.
expect_rc() {
    local want=$1
    shift
    "$bin" "$@" >"$work/out" 2>"$work/err"
    local rc=$?
    ((rc == want)) || fail "losslab $* exited $rc, expected $want; stderr: $(head -c 300 "$work/err")"
}

# --help: under 60 lines, points to `losslab params`, exit 0; --version.
expect_rc 0 --help
lines=$(wc -l <"$work/out")
((lines < 60)) || fail "--help has $lines lines"
grep -q 'losslab params \[LAB\]' "$work/out" || fail "--help does not point to losslab params"
awk 'length > 200 { exit 1 }' "$work/out" || fail "--help has a line over 200 characters"
expect_rc 0 --version
grep -q '^losslab [0-9]' "$work/out" || fail "--version: $(cat "$work/out")"

# params: kind, range, default and help of each key.
expect_rc 0 params
grep -Eq '^  focal\.gamma +real +\[0, 10\] +default 2 +[A-Z]' "$work/out" ||
    fail "params: focal.gamma line: $(grep focal.gamma "$work/out")"
grep -Eq '^  [a-z_.]+ +whole number +\[' "$work/out" || fail "params: no whole-number key"
grep -Eq '^  [a-z_.]+ +choice +[a-z0-9-]+\|' "$work/out" || fail "params: no choice key"
grep -Eq '^  [a-z_.]+ +toggle +true\|false' "$work/out" || fail "params: no toggle key"
all_keys=$(grep -c '^  ' "$work/out")
((all_keys > 50)) || fail "params listed only $all_keys keys"
expect_rc 0 params focal
grep -q '^  loss\.' "$work/out" && fail "params focal lists another lab's keys"
grep -q '^  focal\.gamma ' "$work/out" || fail "params focal lacks focal.gamma"
expect_rc 2 params no-such-lab
grep -q 'no-such-lab' "$work/err" || fail "params no-such-lab: message does not name it"

# figures: a header and one line per figure (name, lab, view, description); --params long form.
expect_rc 0 figures
figures=$("$bin" list-names figures | wc -l)
rows=$(grep -Ec '^[a-z0-9-]+ +[a-z]+ +.+( vs |\(drawing\))' "$work/out")
((rows == figures)) || fail "figures: $rows figure lines, $figures figures"
grep -Eq '^loss-vs-probability +loss +loss vs ' "$work/out" || fail "figures: loss-vs-probability line"
size=$(wc -c <"$work/out")
((size < 12000)) || fail "figures prints $size bytes"
expect_rc 0 figures --params
grep -q '^  description: ' "$work/out" || fail "figures --params lacks descriptions"

# lessons.
expect_rc 0 lessons
grep -q '^folder: ' "$work/out" || fail "lessons names no folder"

# `-` for standard output; status lines on standard error.
expect_rc 0 export --figure loss-vs-probability -o - --format svg
head -c 5 "$work/out" | grep -q '<?xml' || fail "export -o - svg: stdout is not SVG"
grep -q '^- ' "$work/err" || fail "export -o -: no status line on stderr"
expect_rc 0 export --figure loss-vs-probability -o - --format csv
head -1 "$work/out" | grep -q ',' || fail "export -o - csv: stdout is not CSV"
grep -q '<svg' "$work/out" && fail "export -o - csv wrote SVG"
ls "${TMPDIR:-/tmp}"/losslab-stdout-* >/dev/null 2>&1 && fail "export -o - left a temporary file"
expect_rc 2 export --figure loss-vs-probability -o - --format gif
expect_rc 0 norm-stats --method bn --generate 2,3,4,4 --output -
head -c 6 "$work/out" | od -An -c | grep -q 'N   U   M   P   Y' || fail "norm-stats --output -: not .npy"
grep -q '^c,mean,var' "$work/err" || fail "norm-stats --output -: statistics not on stderr"
dir_out=$work/fig.svg
expect_rc 0 export --figure loss-vs-probability -o "$dir_out"
[[ -s "$dir_out" && ! -s "$work/out" ]] || fail "export -o FILE: file missing or stdout not empty"

# Every write checked: /dev/full exits 1 with "write error".
for args in "curve ce --from 0.1 --to 0.9" "params" "figures" "lessons" "--help" \
            "export --figure loss-vs-probability -o - --format svg"; do
    # shellcheck disable=SC2086
    "$bin" $args >/dev/full 2>"$work/err"
    rc=$?
    ((rc == 1)) || fail "losslab $args > /dev/full exited $rc, expected 1"
    grep -q 'write error' "$work/err" || fail "losslab $args > /dev/full: no 'write error'"
done
expect_rc 1 export --figure loss-vs-probability -o /dev/full/x.svg

# Exit codes: 2 for usage errors.
expect_rc 2 --no-such-option
expect_rc 2 no-such-command
expect_rc 2 --lab no-such-lab --screenshot "$work/x.png"
expect_rc 2 export --figure no-such-figure -o "$work/x.svg"
expect_rc 2 curve ce --from 0.1 --to 0.9 --no-such-param 3
expect_rc 2 export --figure loss-vs-probability -o "$work/x.gif"

if ((failures)); then
    echo "$failures check(s) failed" >&2
    exit 1
fi
echo "cli: help, params, figures, lessons, '-' output, /dev/full and exit codes as documented"

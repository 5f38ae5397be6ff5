#!/usr/bin/env bash
# The web build's tests (after scripts/build-web.sh --core-tests):
#  1. every core test program compiled to wasm, under node (emscripten's libc and libm instead
#     of glibc's; the same accuracy bounds and messages as on the desktop): any failure fails;
#  2. headless chromium (Debian's) opens build-web/losslab.html with a state in the link
#     (tests/web/browser_test.mjs, through the DevTools protocol: tests/web/cdp.mjs).
# Needs node and chromium (scripts/install-deps.sh --web).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${LOSSLAB_WEB_BUILD_DIR:-build-web}
status=0

# emscripten 3.1.6's output predates Node's built-in fetch, which confuses its loader.
node_flags=()
node --help 2>/dev/null | grep -q -- --no-experimental-fetch && node_flags+=(--no-experimental-fetch)

# The programs the build made must be every tests/core/test_*.cpp (none left out).
expected=$(ls tests/core/test_*.cpp | wc -l)
found=$(ls "$out"/core-tests/core_test_*.js 2>/dev/null | wc -l)
if ((found != expected)); then
    echo "FAIL node: $found core test programs in $out/core-tests, $expected in tests/core"
    status=1
fi
for js in "$out"/core-tests/core_test_*.js; do
    [[ -e $js ]] || continue
    name=$(basename "$js" .js)
    log="$out/core-tests/$name.log"
    if node "${node_flags[@]}" "$js" --gtest_brief=1 >"$log" 2>&1; then
        echo "ok   node $name ($(grep -oE '[0-9]+ tests? from [0-9]+ test suites? ran' "$log" | head -n1))"
    else
        failed=$(grep -E '^\[  FAILED  \] [A-Za-z]' "$log" | sed 's/^\[  FAILED  \] //; s/ .*//' | sort -u)
        echo "FAIL node $name: $(echo ${failed:-crashed}) (see $log)"
        status=1
    fi
done

node tests/web/browser_test.mjs "$out/losslab.html" "$out/screenshots" || status=1
exit $status

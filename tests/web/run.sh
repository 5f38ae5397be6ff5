#!/usr/bin/env bash
# The web build's tests (after scripts/build-web.sh --core-tests):
#  1. the core tests compiled to wasm, under node (emscripten's libm instead of glibc's);
#     tests in tests/web/known-failing.txt are reported but do not fail the run;
#  2. headless chromium (Debian's) opens build-web/losslab.html with a state in the link
#     (tests/web/browser_test.mjs through playwright-core, which drives but bundles no browser).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${LOSSLAB_WEB_BUILD_DIR:-build-web}
status=0

# emscripten 3.1.6's output predates Node's built-in fetch, which confuses its loader.
node_flags=()
node --help 2>/dev/null | grep -q -- --no-experimental-fetch && node_flags+=(--no-experimental-fetch)

known=tests/web/known-failing.txt
declare -A known_failing=()
if [[ -f $known ]]; then
    while read -r name _; do [[ -n "$name" && "$name" != \#* ]] && known_failing[$name]=1; done < "$known"
fi
for js in "$out"/core-tests/*.js; do
    name=$(basename "$js" .js)
    log="$out/core-tests/$name.log"
    if node "${node_flags[@]}" "$js" --gtest_brief=1 >"$log" 2>&1; then
        echo "ok   node $name"
    else
        failed=$(grep -E '^\[  FAILED  \] [A-Za-z]' "$log" | sed 's/^\[  FAILED  \] //; s/ .*//' | sort -u)
        unexpected=0
        for t in $failed; do [[ -n "${known_failing[$t]:-}" ]] || { echo "FAIL node $name: $t"; unexpected=1; }; done
        [[ -z "$failed" ]] && { echo "FAIL node $name (crashed; see $log)"; unexpected=1; }
        ((unexpected)) && status=1 || echo "ok   node $name (known failures only: $(echo $failed))"
    fi
done

if [[ ! -d tests/web/node_modules/playwright-core ]]; then
    (cd tests/web && npm install --no-audit --no-fund --silent)
fi
dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q "install ok installed" || {
    [[ $(id -u) -eq 0 ]] && apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium ||
        sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium
}
node tests/web/browser_test.mjs "$out/losslab.html" "$out/screenshots" || status=1
exit $status

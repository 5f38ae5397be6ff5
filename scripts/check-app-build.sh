#!/usr/bin/env bash
# Proves that the app alone (what `make run` builds) needs no test tool: configures BUILD_DIR
# from scratch with LOSSLAB_BUILD_TESTS=OFF under a PATH from which xvfb-run and xdotool are
# removed, fails if the configure looked up a test tool (GoogleTest, Google Benchmark,
# xvfb-run, xdotool), then builds the app there. Object files of an earlier build are reused.
# Usage: scripts/check-app-build.sh BUILD_DIR [--configure-only] [extra cmake flags...]
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:?usage: check-app-build.sh BUILD_DIR [--configure-only] [cmake flags]}
shift
configure_only=0
if [[ "${1:-}" == "--configure-only" ]]; then
    configure_only=1
    shift
fi

build_dir=$(realpath -m "$build_dir")
mkdir -p "$build_dir"
# The compilers by their real paths (the same ones a plain configure finds), so the cache
# stays usable under the normal PATH (`make run` reconfigures this folder).
compilers=(-DCMAKE_C_COMPILER="$(command -v cc)" -DCMAKE_CXX_COMPILER="$(command -v c++)")

# A PATH holding every program of the current PATH except xvfb-run and xdotool. It stays in
# the build folder: the tools the configure finds are recorded through it.
bin=$build_dir/.path-without-test-tools
rm -rf "$bin"
mkdir -p "$bin"
IFS=: read -r -a path_dirs <<<"$PATH"
for dir in "${path_dirs[@]}"; do
    [[ -d "$dir" ]] || continue
    for prog in "$dir"/*; do
        name=${prog##*/}
        [[ "$name" == xvfb-run || "$name" == xdotool ]] && continue
        [[ -x "$prog" && ! -e "$bin/$name" ]] && ln -s "$prog" "$bin/$name"
    done
done
if PATH="$bin" command -v xvfb-run >/dev/null || PATH="$bin" command -v xdotool >/dev/null; then
    echo "check-app-build: could not hide xvfb-run/xdotool" >&2
    exit 1
fi

rm -f "$build_dir/CMakeCache.txt"
log="$build_dir/app-configure.log"
if ! PATH="$bin" cmake -S . -B "$build_dir" -DLOSSLAB_BUILD_TESTS=OFF -DLOSSLAB_BUILD_BENCH=OFF \
        "${compilers[@]}" "$@" >"$log" 2>&1; then
    cat "$log" >&2
    echo "check-app-build: configuring the app without the test tools failed (log: $log)" >&2
    exit 1
fi
# Any trace of a test tool in the configure output or the cache is a failure.
# (Cache entries a lookup leaves: find_program's variable, find_package's _DIR and message.)
cache_pattern='^(XVFB_RUN|XDOTOOL|GTest_DIR|GTEST_[A-Z_]*|benchmark_DIR|FIND_PACKAGE_MESSAGE_DETAILS_(GTest|benchmark))[:=]'
log_pattern='xvfb|xdotool|gtest|googletest|benchmark'
if grep -E "$cache_pattern" "$build_dir/CMakeCache.txt" || grep -iE "$log_pattern" "$log"; then
    echo "check-app-build: the app's configure looked up a test tool (lines above)" >&2
    exit 1
fi
echo "check-app-build: configured $build_dir without test tools (PATH without xvfb-run, xdotool)"
((configure_only)) && exit 0
PATH="$bin" cmake --build "$build_dir" -j "$(nproc 2>/dev/null || echo 2)"
echo "check-app-build: built $build_dir/losslab"

#!/usr/bin/env bash
# Installs BUILD_DIR into a temporary prefix and checks every installed file: the binary,
# lessons, desktop entry (desktop-file-validate), icons (SVG + PNG sizes), AppStream metainfo
# (appstreamcli validate --no-net), man page (renders with man -l, has EXIT STATUS), bash
# completion (labs, figures, curves, keys), licence. Then copies the prefix elsewhere and
# checks that the copied binary lists its lessons from the copy, and only from there.
# Usage: test_install.sh BUILD_DIR
set -uo pipefail
build=${1:?usage: test_install.sh BUILD_DIR}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
check_file() { [[ -s "$1" ]] || fail "missing or empty: ${1#$work/}"; }

prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 || {
    cat "$work/install.log" >&2
    echo "FAIL: cmake --install" >&2
    exit 1
}
id=io.github.losslab.LossLab
check_file "$prefix/bin/losslab"
[[ -x "$prefix/bin/losslab" ]] || fail "bin/losslab is not executable"
check_file "$prefix/share/applications/$id.desktop"
check_file "$prefix/share/metainfo/$id.metainfo.xml"
check_file "$prefix/share/icons/hicolor/scalable/apps/$id.svg"
for size in 16 32 48 64 128 256; do
    png=$prefix/share/icons/hicolor/${size}x${size}/apps/$id.png
    check_file "$png"
    # The PNG header's width and height (bytes 16-23, big-endian).
    dims=$(od -An -tu1 -j16 -N8 "$png" 2>/dev/null | awk '{print $3*256+$4 "x" $7*256+$8}')
    [[ "$dims" == "${size}x${size}" ]] || fail "icon ${size}x${size} is $dims"
done
check_file "$prefix/share/man/man1/losslab.1.gz"
check_file "$prefix/share/bash-completion/completions/losslab"
check_file "$prefix/share/doc/losslab/LICENSE"
lessons=$(find "$prefix/share/losslab/lessons" -name '*.json' 2>/dev/null | wc -l)
((lessons >= 6)) || fail "expected at least 6 lessons installed, found $lessons"

desktop-file-validate "$prefix/share/applications/$id.desktop" || fail "desktop-file-validate"
grep -q "^Exec=losslab" "$prefix/share/applications/$id.desktop" || fail "desktop Exec"
grep -q "^Icon=$id\$" "$prefix/share/applications/$id.desktop" || fail "desktop Icon"
appstreamcli validate --no-net "$prefix/share/metainfo/$id.metainfo.xml" >"$work/as.log" 2>&1 ||
    { cat "$work/as.log" >&2; fail "appstreamcli validate --no-net"; }

man_text=$(MANWIDTH=80 man -l "$prefix/share/man/man1/losslab.1.gz" 2>"$work/man.err" | col -b)
[[ -s "$work/man.err" ]] && { cat "$work/man.err" >&2; fail "man -l printed warnings"; }
for want in "EXIT STATUS" "losslab params" "--lab" "write error"; do
    grep -qF -- "$want" <<<"$man_text" || fail "man page lacks '$want'"
done

completion=$prefix/share/bash-completion/completions/losslab
bash -n "$completion" || fail "completion is not valid bash"
for word in focal loss-vs-probability focal-logits focal.gamma params figures lessons; do
    grep -qw -- "$word" "$completion" || fail "completion lacks '$word'"
done
# The completion answers: `losslab --lab fo<TAB>` and `losslab --set focal.ga<TAB>`.
got=$(bash -c "source '$completion'; COMP_WORDS=(losslab --lab fo); COMP_CWORD=2; _losslab; echo \${COMPREPLY[*]}")
[[ "$got" == "focal" ]] || fail "completion of --lab fo gave '$got'"
got=$(bash -c "source '$completion'; COMP_WORDS=(losslab --set focal.gam); COMP_CWORD=2; _losslab; echo \${COMPREPLY[*]}")
[[ "$got" == "focal.gamma=" ]] || fail "completion of --set focal.gam gave '$got'"

# The prefix copied elsewhere (the build and source trees out of the binary's reach): it
# finds its lessons from its own location, and nowhere else.
copy=$work/elsewhere/opt-copy
mkdir -p "$work/elsewhere"
cp -a "$prefix" "$copy"
out=$(cd / && env -u XDG_DATA_HOME XDG_DATA_DIRS="$work/none" HOME="$work/home" \
      "$copy/bin/losslab" lessons 2>&1)
rc=$?
((rc == 0)) || fail "losslab lessons exited $rc: $out"
folders=$(grep '^folder: ' <<<"$out")
[[ "$folders" == "folder: $copy/share/losslab/lessons" ]] ||
    fail "the copied binary looked in: $folders (expected only $copy/share/losslab/lessons)"
listed=$(grep -c '\.json' <<<"$(grep -v '^folder' <<<"$out" | grep -v '^  ')")
((listed == lessons)) || fail "the copied binary listed $listed lessons, $lessons installed"
# $XDG_DATA_DIRS is searched too.
mkdir -p "$work/xdg/losslab/lessons"
cp "$prefix/share/losslab/lessons/"*.json "$work/xdg/losslab/lessons/"
cp "$copy/bin/losslab" "$work/lonely-losslab"
out=$(cd / && env -u XDG_DATA_HOME XDG_DATA_DIRS="$work/xdg" HOME="$work/home" "$work/lonely-losslab" lessons)
grep -q "^folder: $work/xdg/losslab/lessons\$" <<<"$out" || fail "XDG_DATA_DIRS not searched: $out"

if ((failures)); then
    echo "$failures check(s) failed" >&2
    exit 1
fi
echo "install: every file present and valid; the copied prefix lists its $lessons lessons"

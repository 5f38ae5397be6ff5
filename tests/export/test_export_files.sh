#!/usr/bin/env bash
# Every figure exports to PNG, PDF, SVG and CSV with no display (DISPLAY unset, no xvfb-run);
# the PDF's text is selectable (pdftotext finds the title and tick labels), its fonts are
# embedded (pdffonts), it carries the session (`losslab open f.pdf --print`); a physical size
# gives the exact pixel size and pHYs; the SVG drawn by rsvg-convert matches the PNG.
# Usage: test_export_files.sh BINARY
set -uo pipefail
bin=${1:?usage: test_export_files.sh BINARY}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work/home XDG_CONFIG_HOME=$work/config XDG_STATE_HOME=$work/state
unset DISPLAY WAYLAND_DISPLAY
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# Every figure in every format, no display.
for format in png pdf svg csv; do
    if ! "$bin" export --all "$work/$format" --format "$format" 2>"$work/err"; then
        fail "export --all --format $format: $(head -c 400 "$work/err")"
    fi
done
figures=$("$bin" figures | tail -n +2 | awk 'NF > 2 && $1 ~ /^[a-z0-9-]+$/ {print $1}')
[[ -n "$figures" ]] || fail "losslab figures listed nothing"
for f in $figures; do
    for format in png pdf svg csv; do
        [[ -s "$work/$format/$f.$format" ]] || fail "$f.$format missing or empty"
    done
    head -c 8 "$work/png/$f.png" | od -An -c | grep -q 'P   N   G' || fail "$f.png is not a PNG"
    head -c 5 "$work/pdf/$f.pdf" | grep -q '%PDF-' || fail "$f.pdf is not a PDF"
    # Text in the PDF is real text: the title (its first word) is found by pdftotext.
    pdftotext "$work/pdf/$f.pdf" "$work/pdf/$f.txt" 2>/dev/null || fail "pdftotext $f.pdf failed"
    # Embedded fonts: every font row of pdffonts says "yes" in the emb column.
    fonts=$(pdffonts "$work/pdf/$f.pdf" 2>/dev/null | tail -n +3)
    [[ -n "$fonts" ]] || fail "$f.pdf has no fonts"
    echo "$fonts" | awk '{ if ($(NF-4) != "yes") exit 1 }' || fail "$f.pdf has a font not embedded: $fonts"
    # At least one data row in every CSV (header plus rows).
    rows=$(grep -vc '^#' "$work/csv/$f.csv")
    ((rows >= 2)) || fail "$f.csv has no data rows"
done

# The focal figure: title and tick labels in the PDF text; the session reopens from the PDF.
"$bin" export --figure focal-figure-1 --set focal.gamma=3.5 -o "$work/focal.pdf" 2>/dev/null ||
    fail "export focal.pdf"
pdftotext "$work/focal.pdf" "$work/focal.txt"
grep -q "Focal" "$work/focal.txt" || fail "pdftotext does not find the title: $(head -c 200 "$work/focal.txt")"
grep -qx '0.5\|0.50' "$work/focal.txt" || grep -q '0\.5' "$work/focal.txt" ||
    fail "pdftotext does not find the tick label 0.5: $(head -c 300 "$work/focal.txt")"
"$bin" open "$work/focal.pdf" --print >"$work/session.json" 2>"$work/err" ||
    fail "open focal.pdf --print: $(cat "$work/err")"
grep -q '"focal.gamma": *3.5' "$work/session.json" || fail "the PDF's session lost gamma=3.5: $(head -c 300 "$work/session.json")"

# Physical size: 8.5 cm x 6 cm at 300 dpi = 1004 x 709 pixels, pHYs 11811 pixels per metre.
"$bin" export --figure focal-figure-1 --width 8.5cm --height 6cm --dpi 300 --font-size 8pt \
    -o "$work/column.png" 2>/dev/null || fail "export column.png"
size=$(od -An -tu1 -j16 -N8 "$work/column.png" | awk '{print $3*256+$4 "x" $7*256+$8}')
[[ "$size" == "1004x709" ]] || fail "8.5cm x 6cm at 300 dpi gave $size, expected 1004x709"
phys=$(grep -abo pHYs "$work/column.png" | head -1 | cut -d: -f1)
if [[ -z "$phys" ]]; then
    fail "column.png has no pHYs chunk"
else
    ppm=$(od -An -tu1 -j$((phys + 4)) -N4 "$work/column.png" | awk '{print (($1*256+$2)*256+$3)*256+$4}')
    [[ "$ppm" == 11811 ]] || fail "pHYs is $ppm pixels per metre, expected 11811 (300 dpi)"
fi
# The column preset: 8.5 cm x 6.5 cm at 300 dpi.
"$bin" export --figure focal-figure-1 --preset column -o "$work/preset.pdf" 2>/dev/null ||
    fail "export --preset column"
pdfinfo "$work/preset.pdf" | grep -q 'Page size: *240.9[0-9]* x 184.[23]' ||
    fail "column preset page size: $(pdfinfo "$work/preset.pdf" | grep 'Page size')"
# A bad unit is a usage error naming what is allowed.
"$bin" export --figure focal-figure-1 --width 8.5furlong --height 6cm -o "$work/x.png" 2>"$work/err"
(($? == 2)) || fail "--width 8.5furlong did not exit 2"
grep -q "8.5cm" "$work/err" || fail "--width error does not show an allowed form: $(cat "$work/err")"
[[ ! -e "$work/x.png" ]] || fail "a usage error left x.png"

# A failed write exits 1 with "write error" and no file.
"$bin" export --figure focal-figure-1 -o - --format pdf >/dev/full 2>"$work/err"
(($? == 1)) || fail "PDF to /dev/full did not exit 1"
grep -q "write error" "$work/err" || fail "PDF to /dev/full: $(cat "$work/err")"
"$bin" export --figure focal-figure-1 -o - --format pdf >"$work/stdout.pdf" 2>/dev/null
[[ "$(head -c 5 "$work/stdout.pdf")" == "%PDF-" ]] ||
    fail "-o - --format pdf does not write a PDF to standard output"

# The SVG drawn by rsvg-convert matches the PNG of the same figure (text boxes and pixels).
"$bin" export --figure focal-figure-1 --size 800x500 -o "$work/same.png" 2>/dev/null
"$bin" export --figure focal-figure-1 --size 800x500 -o "$work/same.svg" 2>/dev/null
rsvg-convert -w 800 -h 500 -b white -o "$work/svg.png" "$work/same.svg" || fail "rsvg-convert failed"
python3 "$(dirname "$0")/compare_png.py" "$work/same.png" "$work/svg.png" 3 ||
    fail "the SVG drawn by rsvg-convert differs from the PNG"
grep -q '<title>' "$work/same.svg" || fail "the SVG has no <title>"

# A hidden series is absent from the CSV; every visible one has rows.
"$bin" export --figure focal-figure-1 -o "$work/all.csv" 2>/dev/null
"$bin" export --figure focal-figure-1 --hide yours -o "$work/hidden.csv" 2>/dev/null
n_all=$(tail -n +2 "$work/all.csv" | cut -d, -f1 | sort -u | wc -l)
n_hidden=$(tail -n +2 "$work/hidden.csv" | cut -d, -f1 | sort -u | wc -l)
((n_hidden == n_all - 1)) || fail "--hide yours: $n_all series before, $n_hidden after"
grep -q 'γ' "$work/all.csv" || fail "the focal CSV has no γ series"
# The smoothing figures' CSVs have rows (they held only their header before).
for f in $figures; do
    [[ $f == smoothing-targets* ]] || continue
    (($(wc -l <"$work/csv/$f.csv") > 1)) || fail "$f.csv has only its header"
done
# Two panels side by side in every format.
for format in png pdf svg csv; do
    "$bin" export --figure focal-figure-1,loss-vs-probability --grid 1x2 --size 1600x600 \
        -o "$work/panels.$format" 2>"$work/err" || fail "--grid 1x2 $format: $(cat "$work/err")"
done
grep -q '^focal-figure-1: ' "$work/panels.csv" && grep -q '^loss-vs-probability: ' "$work/panels.csv" ||
    fail "the two-panel CSV lacks a panel"
# An animated GIF: the requested frame count and size; the first and last frames differ.
"$bin" export --figure focal-figure-1 --animate focal.gamma=0:5 --frames 12 --fps 20 \
    --size 480x300 -o "$work/gamma.gif" 2>"$work/err" || fail "export --animate: $(cat "$work/err")"
python3 - "$work/gamma.gif" <<'PY' || fail "gamma.gif: wrong frames or size"
import struct, sys
b = open(sys.argv[1], "rb").read()
assert b[:6] == b"GIF89a", b[:6]
w, h, flags = struct.unpack("<HHB", b[6:11])
assert (w, h) == (480, 300), (w, h)
i = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
frames = []
def blocks(i):
    data = b""
    while b[i]:
        data += b[i + 1:i + 1 + b[i]]
        i += 1 + b[i]
    return data, i + 1
while b[i] != 0x3B:
    if b[i] == 0x21:
        _, i = blocks(i + 2)
    elif b[i] == 0x2C:
        lflags = b[i + 9]
        i += 10 + (3 * 2 ** ((lflags & 7) + 1) if lflags & 0x80 else 0)
        data, i = blocks(i + 1)
        frames.append(data)
    else:
        raise SystemExit("bad block %x" % b[i])
assert len(frames) == 12, len(frames)
assert frames[0] != frames[-1], "first and last frames are the same"
PY

# WebP and MP4 animations next to GIF; MP4 needs ffmpeg on PATH, and says so when missing.
"$bin" export --figure focal-figure-1 --animate focal.gamma=0:5 --frames 6 --size 320x200 \
    -o "$work/gamma.webp" 2>"$work/err" || fail "export --animate .webp: $(cat "$work/err")"
[[ "$(head -c 4 "$work/gamma.webp")" == RIFF && "$(tail -c +9 "$work/gamma.webp" | head -c 4)" == WEBP ]] ||
    fail "gamma.webp is not a WebP"
env PATH="$work/no-bin" "$bin" export --figure focal-figure-1 --animate focal.gamma=0:5 \
    --frames 4 --size 320x200 -o "$work/gamma.mp4" 2>"$work/err"
(($? == 2)) || fail "an .mp4 without ffmpeg on PATH did not exit 2"
grep -q "requires an ffmpeg program on PATH" "$work/err" && grep -q "$work/no-bin" "$work/err" ||
    fail "the no-ffmpeg message does not say what is needed and what PATH held: $(cat "$work/err")"
[[ ! -e "$work/gamma.mp4" ]] || fail "a refused .mp4 left a file"
if command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null; then
    "$bin" export --figure focal-figure-1 --animate focal.gamma=0:5 --frames 8 --size 320x200 \
        -o "$work/gamma.mp4" 2>"$work/err" || fail "export --animate .mp4: $(cat "$work/err")"
    n=$(ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames \
        -of csv=p=0 "$work/gamma.mp4")
    [[ "$n" == 8 ]] || fail "gamma.mp4 has $n frames, expected 8"
else
    echo "note: no ffmpeg/ffprobe on PATH: the MP4 export itself is not tested" >&2
fi

# Every format to a full standard output: exit 1, "write error".
formats="png pdf svg csv gif webp"
command -v ffmpeg >/dev/null && formats="$formats mp4"
for format in $formats; do
    animate=()
    [[ $format == gif || $format == webp || $format == mp4 ]] &&
        animate=(--animate focal.gamma=0:5 --frames 3 --size 200x120)
    "$bin" export --figure focal-figure-1 "${animate[@]}" -o - --format "$format" >/dev/full 2>"$work/err"
    (($? == 1)) || fail "$format to /dev/full did not exit 1"
    grep -q "write error" "$work/err" || fail "$format to /dev/full: $(cat "$work/err")"
done

# A lesson step with "animate" exports as an animation: beside a deck, and alone with --step.
lesson=$(dirname "$0")/../../assets/lessons/03-focal-loss.json
mkdir -p "$work/deck"
"$bin" export --lesson "$lesson" --out "$work/deck/focal.pdf" 2>"$work/err" ||
    fail "export --lesson deck: $(cat "$work/err")"
[[ "$(head -c 6 "$work/deck/focal-step-02.gif" 2>/dev/null)" == GIF89a ]] ||
    fail "the deck has no focal-step-02.gif beside it: $(ls "$work/deck")"
(($(ls "$work/deck" | wc -l) == 2)) || fail "only step 2 animates, got: $(ls "$work/deck")"
"$bin" export --lesson "$lesson" --step 2 --fps 4 --out "$work/step2.webp" 2>"$work/err" ||
    fail "export --lesson --step 2: $(cat "$work/err")"
[[ "$(tail -c +9 "$work/step2.webp" | head -c 4)" == WEBP ]] || fail "step2.webp is not a WebP"
"$bin" export --lesson "$lesson" --step 1 --out "$work/step1.gif" 2>"$work/err"
(($? == 2)) || fail "--step 1 (no animate) did not exit 2"
grep -q 'a step with "animate": 2, got 1' "$work/err" || fail "--step 1: $(cat "$work/err")"
[[ ! -e "$work/step1.gif" ]] || fail "a refused --step left a file"

# No interface wording in any exported figure's texts (legends, titles, labels).
for f in $figures; do
    if grep -l -E 'yours:|\((drag|click|hover|press|scroll) ' "$work/svg/$f.svg" "$work/csv/$f.csv"; then
        fail "$f: interface wording in the export: $(grep -ho -E '.{0,30}(yours:|\((drag|click|hover|press|scroll) ).{0,30}' "$work/svg/$f.svg" "$work/csv/$f.csv" | head -3)"
    fi
done

# A reader that stops early leaves no temporary file behind.
mkdir -p "$work/tmp"
TMPDIR=$work/tmp "$bin" export --figure focal-figure-1 -o - --format csv 2>/dev/null | head -c 10 >/dev/null
[[ -z "$(ls -A "$work/tmp")" ]] || fail "export -o - left a temporary file: $(ls "$work/tmp")"

exit $((failures > 0))

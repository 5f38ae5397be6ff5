#!/usr/bin/env bash
# Writes the large regression inputs of issue 20 (too big to commit) into OUT/<harness>/:
# 100,000-deep arrays for every JSON reader, a 1 MB string value (messages must not echo it),
# a 10,000-step lesson (must parse in linear time) and a PNG whose session is 100,000 deep.
# Usage: fuzz/make_big_inputs.sh OUT
set -euo pipefail
out=${1:?usage: make_big_inputs.sh OUT}
for h in session png_session settings recent lesson npy set; do mkdir -p "$out/$h"; done

deep() { head -c "$1" /dev/zero | tr '\0' '['; head -c "$1" /dev/zero | tr '\0' ']'; }
for h in session settings recent lesson; do deep 100000 >"$out/$h/deep-100000.json"; done
deep 100000 >"$out/set/deep-100000.txt"

mb=$(head -c 1048576 /dev/zero | tr '\0' 'x')
printf '{"format": "losslab-session", "version": 1, "lab": "%s"}' "$mb" >"$out/session/long-value.json"
printf '{"title": "t", "steps": [{"lab": "%s"}]}' "$mb" >"$out/lesson/long-value.json"
printf '{"theme": "%s"}' "$mb" >"$out/settings/long-value.json"
printf 'loss.gamma=%s' "$mb" >"$out/set/long-value.txt"

{
    printf '{"title": "long", "steps": ['
    for ((i = 0; i < 10000; i++)); do
        ((i)) && printf ','
        printf '{"lab": "focal", "set": {"focal.gamma": %d.%d}}' $((i % 5)) $((i % 10))
    done
    printf ']}'
} >"$out/lesson/steps-10000.json"

# A PNG signature, one tEXt chunk "losslab:session" holding a 100,000-deep array, IEND
# (the reader does not check CRCs; zeros stand in for them).
{
    text_len=$((16 + 200000))
    printf '\x89PNG\r\n\x1a\n'
    printf "\\x$(printf %02x $((text_len >> 24 & 255)))\\x$(printf %02x $((text_len >> 16 & 255)))"
    printf "\\x$(printf %02x $((text_len >> 8 & 255)))\\x$(printf %02x $((text_len & 255)))"
    printf 'tEXtlosslab:session\0'
    deep 100000
    printf '\0\0\0\0\0\0\0\0IEND\0\0\0\0'
} >"$out/png_session/deep-100000.png"
echo "make_big_inputs: wrote $(find "$out" -type f | wc -l) files to $out"

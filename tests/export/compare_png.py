#!/usr/bin/env python3
"""Compares two PNGs of the same size drawn from one figure (LossLab's PNG and rsvg-convert's
rendering of LossLab's SVG). Prints and checks two scores:
- the bounding box of dark (text and frame) pixels: each edge within TOL pixels;
- the share of pixels whose luminance differs by more than 96 of 255: under 1.5 % (both are
  anti-aliased renderings of the same vectors and glyphs; a font-size or layout mismatch moves
  whole words and exceeds it).
Usage: compare_png.py A.png B.png [TOL]   (standard library only)"""
import struct
import sys
import zlib


def read_png(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    i, idat = 8, b""
    while i < len(data):
        n, kind = struct.unpack(">I4s", data[i:i + 8])
        body = data[i + 8:i + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        i += 12 + n
    assert depth == 8 and ctype in (2, 6), (path, depth, ctype)
    ch = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * ch
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - ch] if x >= ch else 0
            b = prev[x]
            c = prev[x - ch] if x >= ch else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[x] = (line[x] + pr) & 255
        rows.append(line)
        prev = line
    lum = [[(r[x * ch] * 3 + r[x * ch + 1] * 6 + r[x * ch + 2]) // 10 if ch == 3 or r[x * ch + 3] > 0
             else 255 for x in range(w)] for r in rows]
    return w, h, lum


def dark_box(w, h, lum):
    xs = [x for y in range(h) for x in range(w) if lum[y][x] < 100]
    ys = [y for y in range(h) for x in range(w) if lum[y][x] < 100]
    return min(xs), min(ys), max(xs), max(ys)


def main():
    tol = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    wa, ha, a = read_png(sys.argv[1])
    wb, hb, b = read_png(sys.argv[2])
    assert (wa, ha) == (wb, hb), ((wa, ha), (wb, hb))
    box_a, box_b = dark_box(wa, ha, a), dark_box(wb, hb, b)
    differ = sum(1 for y in range(ha) for x in range(wa) if abs(a[y][x] - b[y][x]) > 96)
    share = differ / (wa * ha)
    print(f"dark box {box_a} vs {box_b}; pixels differing by > 96: {100 * share:.2f} %")
    ok = all(abs(p - q) <= tol for p, q in zip(box_a, box_b)) and share < 0.015
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

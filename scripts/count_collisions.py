#!/usr/bin/env python3
"""Counts text collisions in LossLab windows from their layout reports.

Usage: scripts/count_collisions.py BINARY OUT_DIR [WxH ...]
Runs BINARY --screenshot --layout-report for every lab and tab (scripts/layout_views.sh) at
each size under xvfb-run, then prints per view: overlapping text pairs, text outside its
plot, plots shorter than 200 px, plots narrower than 300 px, text shortened with "…", and the
totals. With BINARY "-" the reports already in OUT_DIR are counted again without running.
Exit status 0 always (it is a measurement).
"""
import json
import os
import subprocess
import sys


def overlaps(a, b, tol=0.5):
    ox = min(a[2], b[2]) - max(a[0], b[0])
    oy = min(a[3], b[3]) - max(a[1], b[1])
    return ox > tol and oy > tol


def defects(report):
    texts = [t for t in report["texts"] if t["text"] and t["box"][2] > t["box"][0]]
    plots = {p["figure"]: p["box"] for p in report["plots"]}
    pairs, outside, details = 0, 0, []
    for i, t in enumerate(texts):
        b = plots.get(t.get("figure"), [0, 0] + report["size"])
        if t["box"][0] < b[0] - 0.5 or t["box"][1] < b[1] - 0.5 or \
           t["box"][2] > b[2] + 0.5 or t["box"][3] > b[3] + 0.5:
            outside += 1
            details.append(f'outside {t.get("figure")}: {t["text"]!r} ({t["role"]})')
        for u in texts[i + 1:]:
            if overlaps(t["box"], u["box"]):
                pairs += 1
                details.append(f'overlap {t.get("figure")}: {t["text"]!r} ({t["role"]}) / '
                               f'{u["text"]!r} ({u["role"]})')
    short = sum(1 for p in report["plots"] if p["box"][3] - p["box"][1] < 200)
    narrow = sum(1 for p in report["plots"] if p["box"][2] - p["box"][0] < 300)
    cut = sum(1 for t in texts if t["text"].endswith("…"))
    return pairs, outside, short, narrow, cut, details


def main():
    binary, out = sys.argv[1], sys.argv[2]
    sizes = sys.argv[3:] or ["1024x768", "1280x800", "1920x1080"]
    os.makedirs(out, exist_ok=True)
    here = os.path.dirname(os.path.abspath(__file__))
    views = subprocess.run(["sh", os.path.join(here, "layout_views.sh")], check=True,
                           capture_output=True, text=True).stdout.split("\n")
    total = [0, 0, 0, 0, 0]
    for size in sizes:
        for line in filter(None, views):
            parts = line.split()
            name = "-".join([parts[0]] + [p.split("=")[1] for p in parts[1:]]) + "-" + size
            png, rep = os.path.join(out, name + ".png"), os.path.join(out, name + ".json")
            cmd = ["xvfb-run", "-a", "-s", f"-screen 0 {size}x24", binary, "--lab", parts[0],
                   "--size", size, "--screenshot", png, "--layout-report", rep]
            for s in parts[1:]:
                cmd += ["--set", s]
            if binary != "-":
                subprocess.run(cmd, capture_output=True)
            if not os.path.exists(rep):
                print(f"{name}: no report")
                continue
            with open(rep) as f:
                p, o, s, n, c, d = defects(json.load(f))
            for i, v in enumerate((p, o, s, n, c)):
                total[i] += v
            print(f"{name}: overlapping pairs {p}, outside {o}, plots < 200 px {s}, "
                  f"plots < 300 px wide {n}, shortened texts {c}")
            for x in d[:6]:
                print("    " + x)
    print(f"TOTAL overlapping pairs {total[0]}, outside {total[1]}, plots < 200 px {total[2]}, "
          f"plots < 300 px wide {total[3]}, shortened texts {total[4]}")


if __name__ == "__main__":
    main()

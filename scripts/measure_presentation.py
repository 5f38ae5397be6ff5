#!/usr/bin/env python3
"""Measures presentation mode on projector-sized screens from the layout reports.

Usage: scripts/measure_presentation.py BINARY [OUT_DIR] [WxH ...]
For each screen size (default 1024x768 1280x720 1280x800 1920x1080 3840x2160) it starts an
Xvfb server of that size (xvfb-run; -noreset keeps the pointer where it is put between runs),
parks the pointer in the bottom-right corner (xdotool, so no hover tooltip covers a plot), and
runs
    BINARY --lesson FILE --step N --present --frames 6 --screenshot PNG --layout-report JSON
for every step of every lesson in assets/lessons. It prints a Markdown table: per screen, the
smallest plot height (the plot's whole box, title to tick labels) and the smallest tick-label
text height, with the step where each was seen, and the number of steps with overlapping text.
Screenshots and reports stay in OUT_DIR (default: a temporary folder). Exit status 0 always
(it is a measurement; tests/gui/presentation_fit.cpp holds the limits).
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

SCREENS = ["1024x768", "1280x720", "1280x800", "1920x1080", "3840x2160"]
HERE = os.path.dirname(os.path.abspath(__file__))
LESSONS = sorted(glob.glob(os.path.join(HERE, "..", "assets", "lessons", "*.json")))


def overlaps(a, b, tol=0.5):
    return min(a[2], b[2]) - max(a[0], b[0]) > tol and min(a[3], b[3]) - max(a[1], b[1]) > tol


def collisions(report):
    texts = [t for t in report["texts"] if t["text"] and t["box"][2] > t["box"][0]]
    return sum(1 for i in range(len(texts)) for j in range(i + 1, len(texts))
               if texts[i].get("figure") == texts[j].get("figure")
               and overlaps(texts[i]["box"], texts[j]["box"]))


def inner(binary, out_dir, screen):
    """Runs inside xvfb-run: one screen, every lesson step; prints one JSON line."""
    w, h = screen.split("x")
    if shutil.which("xdotool"):
        subprocess.run(["xdotool", "mousemove", str(int(w) - 1), str(int(h) - 1)], check=False)
    env = dict(os.environ)
    env["XDG_CONFIG_HOME"] = env["XDG_STATE_HOME"] = env["XDG_DATA_HOME"] = out_dir
    result = {"screen": screen, "plot": [1e9, ""], "tick": [1e9, ""], "steps": 0,
              "colliding_steps": 0, "failed": []}
    for lesson in LESSONS:
        with open(lesson, encoding="utf-8") as f:
            steps = len(json.load(f)["steps"])
        stem = os.path.splitext(os.path.basename(lesson))[0]
        for step in range(1, steps + 1):
            where = f"{stem[:2]} step {step}"
            png = os.path.join(out_dir, f"{screen}-{stem}-{step:02d}.png")
            rep = os.path.join(out_dir, f"{screen}-{stem}-{step:02d}.json")
            r = subprocess.run([binary, "--lesson", lesson, "--step", str(step), "--present",
                                "--frames", "6", "--screenshot", png, "--layout-report", rep],
                               env=env, capture_output=True, text=True)
            if r.returncode != 0:
                result["failed"].append(f"{where}: {r.stderr.strip()}")
                continue
            with open(rep, encoding="utf-8") as f:
                report = json.load(f)
            result["steps"] += 1
            for p in report["plots"]:
                height = p["box"][3] - p["box"][1]
                if height < result["plot"][0]:
                    result["plot"] = [height, where]
            for t in report["texts"]:
                if t["role"] in ("x-tick", "y-tick"):
                    height = t["box"][3] - t["box"][1]
                    if height < result["tick"][0]:
                        result["tick"] = [height, where]
            if collisions(report):
                result["colliding_steps"] += 1
    print(json.dumps(result))


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "--inner":
        inner(sys.argv[2], sys.argv[3], sys.argv[4])
        return 0
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    out_dir = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else tempfile.mkdtemp()
    screens = sys.argv[3:] or SCREENS
    os.makedirs(out_dir, exist_ok=True)
    print("| Screen | Steps | Smallest plot (where) | Smallest tick label (where) | Steps with overlapping text |")
    print("|---|---|---|---|---|")
    for screen in screens:
        r = subprocess.run(["xvfb-run", "-a", "-s", f"-screen 0 {screen}x24 -noreset", sys.executable,
                            os.path.abspath(__file__), "--inner", binary, out_dir, screen],
                           capture_output=True, text=True)
        lines = [l for l in r.stdout.splitlines() if l.startswith("{")]
        if not lines:
            print(f"| {screen} | failed (see stderr) | | | |")
            print(r.stderr, file=sys.stderr)
            continue
        m = json.loads(lines[-1])
        tick = f"{m['tick'][0]:.1f} px ({m['tick'][1]})" if m["tick"][1] else "none"
        print(f"| {screen} | {m['steps']} | {m['plot'][0]:.0f} px ({m['plot'][1]}) | {tick} | "
              f"{m['colliding_steps']} |")
        for f in m["failed"]:
            print(f"  failed: {f}", file=sys.stderr)
    print(f"\nScreenshots and layout reports: {out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

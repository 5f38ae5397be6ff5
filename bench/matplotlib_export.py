#!/usr/bin/env python3
"""Time matplotlib's savefig of a figure comparable to LossLab's loss-vs-probability: five
loss curves of 1000 points each, labelled axes, title, legend and grid, as PNG at 1600x1000
and 3200x2000 and as SVG and PDF. Prints one line per size:
"matplotlib <fmt> <WxH> median <ms> ms cpu <ms> ms" (median wall and thread-CPU time of 7 saves
in one process, after one warm-up save).
Usage: bench/matplotlib_export.py [out-dir]"""
import os
import sys
import tempfile
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def figure(width_px, height_px, dpi=100):
    fig, ax = plt.subplots(figsize=(width_px / dpi, height_px / dpi), dpi=dpi)
    p = np.linspace(1e-3, 1.0, 1000)
    ax.plot(p, -np.log(p), label="cross-entropy")
    for gamma in (0.5, 2.0, 5.0):
        ax.plot(p, -((1 - p) ** gamma) * np.log(p), label=f"focal γ = {gamma}")
    ax.plot(p, (1 - p) ** 2, label="MSE / Brier")
    ax.set_xlabel("probability of the true class pₜ")
    ax.set_ylabel("loss")
    ax.set_title("Loss against the probability of the true class")
    ax.set_ylim(0, 5)
    ax.grid(True, alpha=0.3)
    ax.legend()
    return fig


def time_save(fig, path, runs=7):
    """Median wall and thread-CPU milliseconds of `runs` saves (Agg draws in this thread)."""
    fig.savefig(path)  # warm-up: font cache, first draw
    walls, cpus = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.thread_time()
        fig.savefig(path)
        cpus.append((time.thread_time() - c0) * 1e3)
        walls.append((time.perf_counter() - t0) * 1e3)
    return sorted(walls)[len(walls) // 2], sorted(cpus)[len(cpus) // 2]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp()
    for w, h in ((1600, 1000), (3200, 2000)):
        fig = figure(w, h)
        ms, cpu = time_save(fig, os.path.join(out, f"mpl-{w}x{h}.png"))
        print(f"matplotlib png {w}x{h} median {ms:.1f} ms cpu {cpu:.1f} ms")
        if w == 1600:
            ms, cpu = time_save(fig, os.path.join(out, f"mpl-{w}x{h}.svg"))
            print(f"matplotlib svg {w}x{h} median {ms:.1f} ms cpu {cpu:.1f} ms")
            ms, cpu = time_save(fig, os.path.join(out, f"mpl-{w}x{h}.pdf"))
            print(f"matplotlib pdf {w}x{h} median {ms:.1f} ms cpu {cpu:.1f} ms")
        plt.close(fig)


if __name__ == "__main__":
    main()

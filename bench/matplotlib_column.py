#!/usr/bin/env python3
"""The matplotlib default rendering, at the column size (8.5 x 6.5 cm, 300 dpi, 8 pt text), of
the content of two LossLab figures, for side-by-side comparison with
`losslab export --preset column`: focal-figure-1 (focal loss for a family of gamma) and
smoothing-targets-uniform (label-smoothed targets as bars).
Usage: bench/matplotlib_column.py OUT_DIR"""
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

CM = 1 / 2.54


def column_figure():
    plt.rcParams.update({"font.size": 8})
    return plt.subplots(figsize=(8.5 * CM, 6.5 * CM), dpi=300)


def focal(out):
    fig, ax = column_figure()
    p = [i / 1000 for i in range(1, 1001)]
    for gamma in (0, 0.5, 1, 2, 5):
        ax.plot(p, [-((1 - q) ** gamma) * math.log(q) for q in p],
                label=f"γ = {gamma}" + (" (CE)" if gamma == 0 else ""))
    ax.plot(p, [-0.25 * ((1 - q) ** 2) * math.log(q) for q in p], "--", label="α = 0.25, γ = 2")
    ax.axvspan(0.5, 1.0, alpha=0.15, color="tab:green")
    ax.set_ylim(0, 5)
    ax.set_xlim(0, 1)
    ax.set_xlabel("pₜ (probability of the true class)")
    ax.set_ylabel("loss")
    ax.set_title("Focal loss −(1 − pₜ)^γ log pₜ for a family of γ")
    ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(out, "mpl-focal-figure-1.png"))


def smoothing(out):
    fig, ax = column_figure()
    k, eps = 5, 0.1
    values = [eps / k + (1 - eps if i == 1 else 0) for i in range(k)]
    bars = ax.bar(range(k), values, width=0.6)
    ax.bar_label(bars, fmt="%.3f")
    ax.axhline(1 / k, ls="--", color="grey", label="1/K")
    ax.set_xlabel("class (1 = true class)")
    ax.set_ylabel("target probability")
    ax.set_title("uniform  (1−ε)·onehot + ε/K  (PyTorch)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(out, "mpl-smoothing-targets-uniform.png"))


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    focal(out)
    smoothing(out)

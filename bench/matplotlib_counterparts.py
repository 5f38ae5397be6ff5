#!/usr/bin/python3
"""matplotlib's default rendering of the same content as LossLab figures, at the column size
(8.5 x 6.5 cm, 300 dpi, 8 pt text), for looking at the two side by side.

For each figure the data come from LossLab itself (`losslab export -o F.csv`: every visible
series with its points and categories) and the texts from its layout report (title, axis
labels, legend entries, category names), so both show exactly the same content; matplotlib
draws it with its defaults (rcParams untouched except font.size = 8): lines for series,
bars for categorical series, horizontal/vertical lines for two-point constant series.
Writes OUT_DIR/mpl-FIGURE.png, OUT_DIR/losslab-FIGURE.png (and .pdf, with losslab-FIGURE-pdf.png
its pdftoppm rendering) and OUT_DIR/pair-FIGURE.png (the two side by side at half size, LossLab left).

Usage: bench/matplotlib_counterparts.py LOSSLAB_BINARY OUT_DIR FIGURE...
(Debian: python3-matplotlib)"""
import csv
import json
import os
import shutil
import subprocess
import sys
from collections import OrderedDict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

CM = 1 / 2.54
# The default view of figures whose data leave it (matplotlib would scale to all the data).
Y_LIMITS = {"loss-vs-probability": (0, 5), "focal-figure-1": (0, 5)}


def losslab_files(binary, figure, out):
    """The figure's CSV, layout report and column-size PNG as LossLab writes them."""
    base = os.path.join(out, figure)
    subprocess.run([binary, "export", "--figure", figure, "-o", base + ".csv"], check=True,
                   stderr=subprocess.DEVNULL)
    png = os.path.join(out, "losslab-" + figure + ".png")
    subprocess.run([binary, "export", "--figure", figure, "--preset", "column", "-o", png,
                    "--layout-report", base + ".json"], check=True, stderr=subprocess.DEVNULL)
    # The PDF too, drawn back to pixels by pdftoppm (poppler-utils) when present.
    pdf = os.path.join(out, "losslab-" + figure + ".pdf")
    subprocess.run([binary, "export", "--figure", figure, "--preset", "column", "-o", pdf],
                   check=True, stderr=subprocess.DEVNULL)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "300", "-png", "-singlefile", pdf, pdf[:-4] + "-pdf"],
                       check=True)
    series = OrderedDict()
    with open(base + ".csv", newline="") as f:
        for row in csv.DictReader(r for r in f if not r.startswith("#")):
            s = series.setdefault(row["series"], {"x": [], "y": [], "cat": []})
            s["x"].append(float(row["x"]) if row["x"] else np.nan)
            s["y"].append(float(row["y"]) if row["y"] else np.nan)
            s["cat"].append(row.get("category") or "")
    with open(base + ".json") as f:
        texts = json.load(f)["texts"]
    return series, texts, png


def text_of(texts, role):
    return " ".join(t["text"] for t in texts if t["role"] == role)


def draw(figure, series, texts, out):
    plt.rcParams.update(plt.rcParamsDefault)
    plt.rcParams.update({"font.size": 8})
    fig, ax = plt.subplots(figsize=(8.5 * CM, 6.5 * CM), dpi=300)
    bar_series = [name for name, s in series.items() if any(s["cat"])]
    width = 0.8 / max(1, len(bar_series))
    categories = {}
    for name, s in series.items():
        x, y = np.array(s["x"]), np.array(s["y"])
        # LossLab leaves unnamed series ("series 5": a marker, a rule) out of its legend.
        label = "_nolegend_" if name.startswith("series ") or "(unnamed)" in name else name
        if name.startswith("band:"):
            ax.axvspan(np.nanmin(x), np.nanmax(x), alpha=0.15, color="tab:green", label=label)
        elif any(s["cat"]):
            k = bar_series.index(name)
            offset = (k - (len(bar_series) - 1) / 2) * width if len(bar_series) > 1 else 0.0
            ax.bar(x + offset, y, width=width if len(bar_series) > 1 else 0.6, label=label)
            for xi, c in zip(x, s["cat"]):
                categories.setdefault(round(xi), c)
        elif np.all(np.isnan(x)) or (len(x) == 2 and y[0] == y[1]):
            ax.axhline(np.nanmax(y), ls="--", color="grey", label=label)
        elif np.all(np.isnan(y)) or (len(x) == 2 and x[0] == x[1]):
            ax.axvline(np.nanmax(x), ls="--", color="grey", label=label)
        elif len(x) == 1:
            ax.plot(x, y, "o", label=label)
        else:
            ax.plot(x, y, label=label)
    # The y range LossLab's view shows where its data run far off it (a loss going to 28).
    if figure in Y_LIMITS:
        ax.set_ylim(*Y_LIMITS[figure])
    if categories:
        ax.set_xticks(sorted(categories), [categories[k] for k in sorted(categories)])
    ax.set_title(text_of(texts, "title"))
    ax.set_xlabel(text_of(texts, "x-label"))
    ax.set_ylabel(text_of(texts, "y-label"))
    if sum(not n.startswith("series ") and "(unnamed)" not in n for n in series) > 1:
        ax.legend()
    fig.tight_layout()
    path = os.path.join(out, "mpl-" + figure + ".png")
    fig.savefig(path)
    plt.close(fig)
    return path


def side_by_side(left, right, path):
    a, b = plt.imread(left)[..., :3], plt.imread(right)[..., :3]
    h = max(a.shape[0], b.shape[0])
    pad = lambda im: np.vstack([im, np.ones((h - im.shape[0], im.shape[1], 3))])  # noqa: E731
    gap = np.full((h, 24, 3), 0.85)
    pair = np.hstack([pad(a), gap, pad(b)])
    # Half size (150 dpi, 2 x 2 pixel means): small enough for a README.
    pair = pair[: pair.shape[0] // 2 * 2, : pair.shape[1] // 2 * 2]
    pair = pair.reshape(pair.shape[0] // 2, 2, pair.shape[1] // 2, 2, 3).mean(axis=(1, 3))
    plt.imsave(path, pair)


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    binary, out, figures = sys.argv[1], sys.argv[2], sys.argv[3:]
    os.makedirs(out, exist_ok=True)
    for figure in figures:
        series, texts, png = losslab_files(binary, figure, out)
        mpl = draw(figure, series, texts, out)
        side_by_side(png, mpl, os.path.join(out, "pair-" + figure + ".png"))
        print(os.path.join(out, "pair-" + figure + ".png"))


if __name__ == "__main__":
    main()

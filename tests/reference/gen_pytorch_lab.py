#!/usr/bin/python3
"""Fixtures for the PyTorch losses lab: the notes' six PyTorch examples (and the softmax-for-
multi-label pitfall) as the lab's presets lay them out, evaluated by PyTorch 1.13 in float64.

The random tensors of the notes (torch.randn, torch.randint) are replaced by fixed numbers,
the same as model/labs/lab_pytorch.cpp's presets: normal(0, 1.5) draws rounded to 2 decimals.
Writes tests/reference/pytorch_lab_presets.json: per preset the reduced value (the one the
notes print), the per-element losses (reduction 'none') and d value / d input.

Run: /usr/bin/python3 tests/reference/gen_pytorch_lab.py   (Debian: python3-torch)
"""

import json
import os

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pytorch_lab_presets.json")
f64 = torch.float64

MC_LOGITS = [1.1, -0.31, 2.14, -1.69, -0.18, -0.31, -2.03, 0.56, -0.31, 1.02,
             -0.43, 1.08, 0.33, -1.35, -1.91, 1.0, 1.18, -0.4, 3.9, 1.11]
LS_LOGITS = [
    1.31, -2.3, -1.09, -0.16, 0.72, 1.05, -0.54, 0.13, -0.76, -2.3, 2.87, 0.24, -3.36, 0.18,
    -2.64, 0.42, -1.98, 0.59, -0.32, 0.0, 0.67, 0.86, -1.2, 0.8, -2.13, -0.54, -1.06, 0.77,
    -3.7, -0.26, 0.45, -2.14, 0.44, -0.98, 0.53, 0.39, 0.15, 0.14, -2.37, -2.39, 1.73, 1.5,
    2.38, -0.93, 1.22, 1.76, -0.03, 0.94, 1.83, 0.13, 0.61, -0.34, 0.89, 1.19, 1.63, 0.4,
    -0.21, -1.65, 0.36, 0.09, 0.71, 2.11, 1.58, -0.81, 0.83, 0.63, -0.62, 0.36, 1.19, 1.06,
    0.59, -0.93, 2.27, -2.06, -0.98, 0.44, 0.89, 2.04, 1.36, -2.65, 0.41, 1.53, 1.27, 0.18,
    -0.21, 0.74, 4.21, 2.18, -0.6, 1.66, -1.66, -0.36, -1.5, -0.94, -0.61, 0.04, -1.5, -1.65,
    -0.21, -1.28, -2.64, 0.64, -0.07, -0.49, -0.47, 0.79, -0.37, -1.48, -0.83, 0.67, -2.29,
    0.68, -0.72, -0.78, -1.66, 1.28, 3.04, 1.11, 2.08, 0.3, 2.26, 3.0, -0.38, -0.99, -2.9,
    -0.07, 1.35, -1.76, -1.59, -1.89, 1.55, -0.91, -2.01, -1.78, -1.05, -0.07, -1.22, -0.67,
    -0.56, -2.43, 0.6, -0.4, 3.44, 0.49, -0.64, -5.14, 1.45, -3.42, 0.54, 0.8, -1.92, -1.65,
    2.7, 2.46, 0.13, 1.0, -0.88, 0.37, 0.51, 0.33]
LS_TARGETS = [0, 9, 2, 2, 2, 3, 6, 0, 5, 1, 6, 6, 4, 1, 9, 6]
PX_LOGITS = [
    -1.16, -0.79, -1.49, 0.58, -1.56, 2.33, 0.34, 1.44, 0.38, -0.33, 0.62, 2.51, -0.68, -1.19,
    -1.52, -0.16, 0.84, 0.11, 0.12, 1.32, -1.2, 0.82, 1.44, -1.58, 0.0, -2.18, 3.11, 0.72,
    2.45, 0.0, 2.22, -0.09, -0.61, 2.14, -3.2, -2.03, 0.74, 0.12, 1.22, -2.48, 0.78, 0.01,
    -0.48, -0.38, -1.59, -0.35, -2.94, -2.06, -2.51, -1.05, -3.18, -0.7, 0.13, -0.84, 1.13,
    0.31, -1.33, -1.9, 1.15, -0.62, 2.27, -1.59, -1.01, -1.05]
PX_TARGETS = [3, 0, 0, 0, 2, 3, 2, 3, 2, 1, 2, 0, 3, 0, 1, 0]
ML_LOGITS = [
    0.26, -0.83, -0.89, -0.59, -1.0, 1.68, 3.12, 2.52, -0.34, 3.12, 0.06, -0.21, 1.43, -0.24,
    -1.22, -0.74, 0.48, 2.14, 0.62, -1.72, -1.19, -0.25, -0.51, -1.83, 1.61, -2.39, 0.26, 0.71,
    -0.32, 0.01, 1.76, -1.56, -1.16, -2.8, -0.95, 1.78, -0.78, 0.78, 0.27, 0.84, -0.48, -0.79,
    -0.1, -1.4, 0.32, 0.16, 0.24, 0.8]
ML_TARGETS = [1, 0, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
              1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 0, 0, 1]


def run(fn, x):
    x = x.clone().requires_grad_(True)
    value = fn(x, "mean")
    value.backward()
    elements = fn(x.detach(), "none")
    return {"value": value.item(), "elements": elements.reshape(-1).tolist(),
            "grad": x.grad.reshape(-1).tolist()}


def presets():
    out = {}
    # 10.1 binary: logits [N], targets [N].
    x = torch.tensor([0.3, -1.2, 2.0], dtype=f64)
    y = torch.tensor([1.0, 0.0, 1.0], dtype=f64)
    out["binary"] = run(lambda z, r: F.binary_cross_entropy_with_logits(z, y, reduction=r), x)
    # 10.2 pos_weight = 5: the notes' [N, 1] example; the lab lays one logit per row out as [N].
    x = torch.tensor([-1.11, 1.31, -1.41, 0.81, -1.85, 1.18, -0.12, 2.13], dtype=f64)
    y = torch.tensor([0, 1, 1, 1, 0, 1, 0, 0], dtype=f64)
    pw = torch.tensor([5.0], dtype=f64)
    out["pos_weight"] = run(
        lambda z, r: F.binary_cross_entropy_with_logits(z, y, pos_weight=pw, reduction=r), x)
    # 10.3 multiclass: N, K = 4, 5; targets [0, 3, 1, 4].
    x = torch.tensor(MC_LOGITS, dtype=f64).reshape(4, 5)
    y = torch.tensor([0, 3, 1, 4])
    out["multiclass"] = run(lambda z, r: F.cross_entropy(z, y, reduction=r), x)
    # 10.4 label smoothing 0.1 on (16, 10).
    x = torch.tensor(LS_LOGITS, dtype=f64).reshape(16, 10)
    y = torch.tensor(LS_TARGETS)
    out["label_smoothing"] = run(
        lambda z, r: F.cross_entropy(z, y, label_smoothing=0.1, reduction=r), x)
    # 10.5 per pixel: one 4x4 image of C = 4, targets[0, :2, :2] = -100; the lab's (1, C, 16)
    # is the same image flattened row by row.
    x = torch.tensor(PX_LOGITS, dtype=f64).reshape(16, 4).t().reshape(1, 4, 4, 4)
    y = torch.tensor(PX_TARGETS).reshape(1, 4, 4)
    y[0, :2, :2] = -100
    res = run(lambda z, r: F.cross_entropy(z, y, ignore_index=-100, reduction=r), x)
    out["per_pixel"] = res
    # 10.6 multi-label BCE on (8, 6).
    x = torch.tensor(ML_LOGITS, dtype=f64).reshape(8, 6)
    y = torch.tensor(ML_TARGETS, dtype=f64).reshape(8, 6)
    out["multi_label"] = run(lambda z, r: F.binary_cross_entropy_with_logits(z, y, reduction=r), x)
    # The pitfall: the same multi-hot targets through softmax cross-entropy.
    out["softmax_pitfall"] = run(lambda z, r: F.cross_entropy(z, y, reduction=r), x)
    return out


def main():
    data = {"torch": torch.__version__, "presets": presets()}
    with open(OUT, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Per-example losses of the trained-model fixture (tests/reference/model_outputs), the numbers
the calibration lab's "your data" loss view shows: cross-entropy, focal loss (gamma 2 and 0.5)
and label-smoothed cross-entropy (eps 0.1 and 0.3) per example, computed in float64 with numpy
only, plus the top-class confidence and arg max. Writes model_outputs/example_losses.csv.

Definitions: CE = -log softmax(z)_y; focal = -(1 - p_y)^gamma log p_y (Lin et al. 2017, alpha 1);
smoothed = (1 - eps) CE + eps * mean_k(-log softmax(z)_k) (F.cross_entropy(label_smoothing=eps)).
and the same at T = 2.5 (model_outputs/example_losses_t2.5.csv).
Run: /usr/bin/python3 tests/reference/gen_example_losses.py
"""
import os

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
d = os.path.join(here, "model_outputs")
z = np.load(os.path.join(d, "logits.npy")).astype(np.float64)
y = np.load(os.path.join(d, "labels.npy")).astype(np.int64)
m = z.max(axis=1, keepdims=True)
lse = m[:, 0] + np.log(np.exp(z - m).sum(axis=1))
logp = z - lse[:, None]
ce = -logp[np.arange(len(y)), y]
p_y = np.exp(-ce)
mean_nll = -logp.mean(axis=1)
conf = np.exp(logp.max(axis=1))
pred = z.argmax(axis=1)

cols = {
    "ce": ce,
    "focal_g2": (1 - p_y) ** 2.0 * ce,
    "focal_g0.5": (1 - p_y) ** 0.5 * ce,
    "smooth_e0.1": 0.9 * ce + 0.1 * mean_nll,
    "smooth_e0.3": 0.7 * ce + 0.3 * mean_nll,
}
with open(os.path.join(d, "example_losses.csv"), "w") as f:
    f.write("index,label,predicted,confidence," + ",".join(cols) + "\n")
    for i in range(len(y)):
        vals = ",".join(repr(float(c[i])) for c in cols.values())
        f.write(f"{i},{y[i]},{pred[i]},{float(conf[i])!r},{vals}\n")

# Share of the total carried by the ceil(1% N) / ceil(5% N) largest losses.
with open(os.path.join(d, "example_loss_shares.csv"), "w") as f:
    f.write("loss,mean,worst1_share,worst5_share\n")
    n = len(y)
    for name, v in cols.items():
        s = np.sort(v)[::-1]
        total = s.sum()
        k1, k5 = int(np.ceil(0.01 * n)), int(np.ceil(0.05 * n))
        f.write(f"{name},{float(v.mean())!r},{float(s[:k1].sum() / total)!r},"
                f"{float(s[:k5].sum() / total)!r}\n")

# The same outputs at temperature T = 2.5 (logits divided by T before the softmax): what the
# lab's "your data" view shows with the slider at 2.5. Writes model_outputs/example_losses_t2.5.csv.
T = 2.5
zt = z / T
mt = zt.max(axis=1, keepdims=True)
lse_t = mt[:, 0] + np.log(np.exp(zt - mt).sum(axis=1))
logp_t = zt - lse_t[:, None]
ce_t = -logp_t[np.arange(len(y)), y]
p_y_t = np.exp(-ce_t)
cols_t = {
    "confidence": np.exp(logp_t.max(axis=1)),
    "ce": ce_t,
    "focal_g2": (1 - p_y_t) ** 2.0 * ce_t,
    "smooth_e0.1": 0.9 * ce_t - 0.1 * logp_t.mean(axis=1),
}
with open(os.path.join(d, "example_losses_t2.5.csv"), "w") as f:
    f.write("index,label,predicted," + ",".join(cols_t) + "\n")
    for i in range(len(y)):
        vals = ",".join(repr(float(c[i])) for c in cols_t.values())
        f.write(f"{i},{y[i]},{pred[i]},{vals}\n")

#!/usr/bin/python3
"""Fixtures for `losslab loss` and model/criteria: every criterion of issue 16 with its options,
evaluated by PyTorch 1.13 in float64 (sigmoid_focal_loss: torchvision 0.14).

Writes tests/reference/criteria/: small input tensors as .npy and cases.json, one entry per
(criterion, tensors, options, reduction) with the value (a number, or nested lists for
reduction 'none') and the gradient with respect to the criterion's first tensor argument (of
the sum for 'none'). Non-finite numbers are written as the strings "inf", "-inf", "nan".
A few float32 cases also record PyTorch's own float32 value ("value_float32").

Run: /usr/bin/python3 tests/reference/gen_criteria.py   (Debian: python3-torch, python3-torchvision)
"""

import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F
from torchvision.ops import sigmoid_focal_loss

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "criteria")
rng = np.random.default_rng(16)
cases = []
saved = {}
INT_TARGET_REGRESSION = ("l1_loss", "mse_loss", "smooth_l1_loss", "huber_loss",
                         "poisson_nll_loss", "gaussian_nll_loss")


def save(name, array):
    """Saves a tensor once and returns its file name."""
    if name not in saved:
        np.save(os.path.join(OUT, name + ".npy"), array)
        saved[name] = array
    return name + ".npy"


def finite(x):
    if isinstance(x, list):
        return [finite(v) for v in x]
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def parse_option(text):
    if text in ("true", "false"):
        return text == "true"
    if text == "inf":
        return math.inf
    try:
        return int(text)
    except ValueError:
        return float(text)


def call(criterion, args, kw):
    if criterion == "sigmoid_focal_loss":
        return sigmoid_focal_loss(*args, **kw)
    return getattr(F, criterion)(*args, **kw)


def add(criterion, tensors, options=None, reductions=("none", "mean", "sum"), float32=False):
    """tensors: list of (torch argument name, file stem, numpy array) in call order; the first
    is differentiated. options: {name: text}."""
    options = options or {}
    files = {name: save(stem, arr) for name, stem, arr in tensors}
    # A stem names one tensor: the first array saved under it is the one used.
    tensors = [(name, stem, saved[stem]) for name, stem, _ in tensors]
    kw_base = {k: parse_option(v) for k, v in options.items()}
    for reduction in reductions:
        ts = []
        for i, (name, stem, arr) in enumerate(tensors):
            t = torch.from_numpy(np.array(arr))
            if t.is_floating_point():
                t = t.double()
                if i == 0:
                    t.requires_grad_(True)
            elif criterion in INT_TARGET_REGRESSION and name == "target":
                # torch promotes an integer target in the forward pass (same value) but its
                # backward refuses it; the double copy gives the same value and a gradient.
                t = t.double()
            else:
                t = t.long()  # LossLab also reads int32 indices; torch wants int64
            ts.append(t)
        positional = [t for (name, _, _), t in zip(tensors, ts)
                      if name not in ("weight", "pos_weight")]
        kw = dict(kw_base)
        for (name, _, _), t in zip(tensors, ts):
            if name in ("weight", "pos_weight"):
                kw[name] = t
        kw["reduction"] = reduction
        loss = call(criterion, positional, kw)
        grad = None
        if loss.requires_grad:
            loss.sum().backward()
            grad = ts[0].grad.numpy().ravel().tolist()
        case = {
            "criterion": criterion,
            "tensors": files,
            "options": dict(options, reduction=reduction),
            "shape": list(loss.shape),
            "value": finite(loss.detach().numpy().tolist()),
            "grad": finite(grad) if grad is not None else None,
        }
        if float32:
            ts32 = [t.detach().float() if t.is_floating_point() else t for t in ts]
            pos32 = [t for (name, _, _), t in zip(tensors, ts32) if name not in ("weight", "pos_weight")]
            kw32 = dict(kw)
            for (name, _, _), t in zip(tensors, ts32):
                if name in ("weight", "pos_weight"):
                    kw32[name] = t
            case["value_float32"] = finite(call(criterion, pos32, kw32).double().numpy().tolist())
        cases.append(case)


def logits(*shape, scale=2.0):
    return rng.normal(0.0, scale, size=shape)


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))

    # cross_entropy: class indices, weights, ignore_index, label smoothing, segmentation layout.
    x = logits(5, 4)
    y = np.array([2, 0, 3, 1, 2], dtype=np.int64)
    y_ign = np.array([2, -100, 3, 1, 2], dtype=np.int64)
    w = np.array([0.5, 2.0, 1.0, 1.5])
    ce = [("input", "ce_x", x), ("target", "ce_y", y)]
    add("cross_entropy", ce)
    add("cross_entropy", ce + [("weight", "ce_w", w)])
    add("cross_entropy", [("input", "ce_x", x), ("target", "ce_y_ign", y_ign), ("weight", "ce_w", w)])
    add("cross_entropy", ce, {"ignore_index": "2"})
    add("cross_entropy", ce, {"label_smoothing": "0.1"})
    add("cross_entropy", [("input", "ce_x", x), ("target", "ce_y_ign", y_ign), ("weight", "ce_w", w)],
        {"label_smoothing": "0.25"})
    add("cross_entropy", [("input", "ce_x", x), ("target", "ce_y32", y.astype(np.int32))])
    xs = logits(2, 3, 2, 3)
    ys = rng.integers(0, 3, size=(2, 2, 3)).astype(np.int64)
    ys[0, 1, 2] = -100
    add("cross_entropy", [("input", "ce_seg_x", xs), ("target", "ce_seg_y", ys),
                          ("weight", "ce_seg_w", np.array([1.0, 0.25, 3.0]))])
    add("cross_entropy", [("input", "ce_seg_x", xs), ("target", "ce_seg_y", ys)],
        {"label_smoothing": "0.1"})
    p = rng.dirichlet(np.ones(4), size=5)
    add("cross_entropy", [("input", "ce_x", x), ("target", "ce_p", p)])
    add("cross_entropy", [("input", "ce_x", x), ("target", "ce_p", p), ("weight", "ce_w", w)],
        {"label_smoothing": "0.2"})
    ps = rng.dirichlet(np.ones(3), size=(2, 2, 3)).transpose(0, 3, 1, 2).copy()
    add("cross_entropy", [("input", "ce_seg_x", xs), ("target", "ce_seg_p", ps)])
    big = np.array([[800.0, 0.0, -800.0], [30.0, 31.0, 29.5]])
    add("cross_entropy", [("input", "ce_big_x", big), ("target", "ce_big_y", np.array([2, 0]))])
    add("cross_entropy", [("input", "ce_x32", x.astype(np.float32)), ("target", "ce_y", y)],
        float32=True)

    # nll_loss
    lp = torch.log_softmax(torch.from_numpy(x), 1).numpy()
    add("nll_loss", [("input", "nll_x", lp), ("target", "ce_y", y)])
    add("nll_loss", [("input", "nll_x", lp), ("target", "ce_y_ign", y_ign), ("weight", "ce_w", w)])
    add("nll_loss", [("input", "nll_x", lp), ("target", "ce_y", y)], {"ignore_index": "3"})
    lps = torch.log_softmax(torch.from_numpy(xs), 1).numpy()
    add("nll_loss", [("input", "nll_seg_x", lps), ("target", "ce_seg_y", ys),
                     ("weight", "ce_seg_w", np.array([1.0, 0.25, 3.0]))])

    # binary_cross_entropy
    pb = rng.uniform(0.02, 0.98, size=(3, 4))
    yb = rng.integers(0, 2, size=(3, 4)).astype(np.float64)
    ysoft = rng.uniform(0, 1, size=(3, 4))
    wb = np.array([1.0, 0.5, 2.0, 3.0])
    add("binary_cross_entropy", [("input", "bce_p", pb), ("target", "bce_y", yb)])
    add("binary_cross_entropy", [("input", "bce_p", pb), ("target", "bce_soft", ysoft),
                                 ("weight", "bce_w", wb)])

    # binary_cross_entropy_with_logits
    zb = logits(3, 4, scale=3.0)
    pw = np.array([3.0, 1.0, 0.5, 10.0])
    bl = [("input", "bcel_z", zb), ("target", "bce_y", yb)]
    add("binary_cross_entropy_with_logits", bl)
    add("binary_cross_entropy_with_logits", bl + [("weight", "bce_w", wb)])
    add("binary_cross_entropy_with_logits", bl + [("pos_weight", "bcel_pw", pw)])
    add("binary_cross_entropy_with_logits",
        [("input", "bcel_z", zb), ("target", "bce_soft", ysoft),
         ("weight", "bcel_w_col", np.array([[2.0], [1.0], [0.5]])), ("pos_weight", "bcel_pw", pw)])
    add("binary_cross_entropy_with_logits",
        [("input", "bcel_z32", zb.astype(np.float32)), ("target", "bce_y32", yb.astype(np.float32))],
        float32=True)

    # kl_div
    q = torch.log_softmax(torch.from_numpy(logits(3, 4)), 1).numpy()
    t = rng.dirichlet(np.ones(4), size=3)
    t[1, 2] = 0.0
    kl = ("none", "mean", "sum", "batchmean")
    add("kl_div", [("input", "kl_x", q), ("target", "kl_t", t)], reductions=kl)
    add("kl_div", [("input", "kl_x", q), ("target", "kl_logt", np.log(rng.dirichlet(np.ones(4), size=3)))],
        {"log_target": "true"}, reductions=kl)

    # regression
    xr = logits(3, 4)
    tr = logits(3, 4)
    reg = [("input", "reg_x", xr), ("target", "reg_t", tr)]
    regb = [("input", "reg_x", xr), ("target", "reg_t_row", logits(4))]
    for crit in ("l1_loss", "mse_loss"):
        add(crit, reg)
        add(crit, regb)
    add("mse_loss", [("input", "reg_x", xr), ("target", "reg_t_int", np.array([[1, 0, -2, 3]] * 3))])
    add("mse_loss", [("input", "reg_x32", xr.astype(np.float32)), ("target", "reg_t32", tr.astype(np.float32))],
        float32=True)
    for beta in ("1", "0.5", "0", "3"):
        add("smooth_l1_loss", reg, {"beta": beta})
    for delta in ("1", "0.5", "2.5"):
        add("huber_loss", reg, {"delta": delta})
    counts = np.array([[0.0, 1.0, 3.0, 5.0], [2.0, 0.0, 7.0, 1.0], [4.0, 6.0, 0.0, 2.0]])
    rates = rng.uniform(0.1, 6.0, size=(3, 4))
    add("poisson_nll_loss", [("input", "pois_log", logits(3, 4, scale=1.0)), ("target", "pois_k", counts)])
    add("poisson_nll_loss", [("input", "pois_log", logits(3, 4, scale=1.0)), ("target", "pois_k", counts)],
        {"full": "true"})
    add("poisson_nll_loss", [("input", "pois_rate", rates), ("target", "pois_k", counts)],
        {"log_input": "false"})
    add("poisson_nll_loss", [("input", "pois_rate", rates),
                             ("target", "pois_k_int", counts.astype(np.int64))],
        {"log_input": "false", "full": "true"})
    add("poisson_nll_loss", [("input", "pois_rate", rates), ("target", "pois_k", counts)],
        {"log_input": "false", "full": "true", "eps": "0.1"})
    var = rng.uniform(0.05, 2.0, size=(3, 4))
    add("gaussian_nll_loss", reg + [("var", "gau_var", var)])
    add("gaussian_nll_loss", reg + [("var", "gau_var", var)], {"full": "true", "eps": "0.5"})
    add("gaussian_nll_loss", reg + [("var", "gau_var_row", rng.uniform(0.1, 2.0, size=(3,)))])
    add("gaussian_nll_loss", reg + [("var", "gau_var_col", rng.uniform(0.1, 2.0, size=(3, 1)))],
        {"full": "true"})

    # margin and embedding losses
    dist = rng.uniform(0.0, 2.5, size=(3, 4))
    pm = rng.choice([-1.0, 1.0], size=(3, 4))
    add("hinge_embedding_loss", [("input", "hinge_x", dist), ("target", "pm_y", pm)])
    add("hinge_embedding_loss", [("input", "hinge_x", dist), ("target", "pm_y", pm)], {"margin": "2"})
    add("soft_margin_loss", [("input", "reg_x", xr), ("target", "pm_y", pm)])
    x1, x2 = logits(4, 5), logits(4, 5)
    yc = np.array([1.0, -1.0, -1.0, 1.0])
    cos = [("input1", "cos_x1", x1), ("input2", "cos_x2", x2), ("target", "cos_y", yc)]
    add("cosine_embedding_loss", cos)
    add("cosine_embedding_loss", cos, {"margin": "-0.2"})
    add("cosine_embedding_loss", [("input1", "cos_x1", x1), ("input2", "cos_x2", x2),
                                  ("target", "cos_y_int", np.array([1, -1, 1, -1], dtype=np.int64))],
        {"margin": "0.1"})
    r1, r2 = logits(6), logits(6)
    yr = np.array([1.0, -1.0, 1.0, 1.0, -1.0, -1.0])
    rank = [("input1", "rank_x1", r1), ("input2", "rank_x2", r2), ("target", "rank_y", yr)]
    add("margin_ranking_loss", rank)
    add("margin_ranking_loss", rank, {"margin": "0.7"})
    a, po, ne = logits(4, 5), logits(4, 5), logits(4, 5)
    tri = [("anchor", "tri_a", a), ("positive", "tri_p", po), ("negative", "tri_n", ne)]
    add("triplet_margin_loss", tri)
    add("triplet_margin_loss", tri, {"margin": "4", "p": "1"})
    add("triplet_margin_loss", tri, {"margin": "3", "p": "3", "eps": "0.01"})
    add("triplet_margin_loss", tri, {"margin": "3", "swap": "true"})
    add("triplet_margin_loss", tri, {"margin": "3", "p": "inf"})
    xm = logits(3, 5)
    ym = np.array([[3, 0, -1, 1, 2], [1, 2, 4, 0, -1], [-1, 2, 0, 0, 0]], dtype=np.int64)
    add("multilabel_margin_loss", [("input", "mlm_x", xm), ("target", "mlm_y", ym)])

    # ctc_loss: padded and concatenated targets, a short input, blank, zero_infinity.
    T, N, C = 7, 3, 5
    lpc = torch.log_softmax(torch.from_numpy(logits(T, N, C, scale=1.5)), 2).numpy()
    tpad = np.array([[1, 2, 2], [3, 1, 0], [4, 4, 1]], dtype=np.int64)
    il = np.array([7, 5, 6], dtype=np.int64)
    tl = np.array([3, 2, 3], dtype=np.int64)
    ctc = [("log_probs", "ctc_lp", lpc), ("targets", "ctc_t", tpad), ("input_lengths", "ctc_il", il),
           ("target_lengths", "ctc_tl", tl)]
    add("ctc_loss", ctc)
    add("ctc_loss", [("log_probs", "ctc_lp", lpc), ("targets", "ctc_tcat", np.array([1, 2, 2, 3, 1, 4, 4, 1])),
                     ("input_lengths", "ctc_il", il), ("target_lengths", "ctc_tl", tl)])
    add("ctc_loss", [("log_probs", "ctc_lp", lpc), ("targets", "ctc_t_b4", np.array([[1, 2, 2], [3, 1, 0], [0, 0, 1]])),
                     ("input_lengths", "ctc_il32", il.astype(np.int32)), ("target_lengths", "ctc_tl", tl)],
        {"blank": "4"})
    # Sequence 2 needs 4 frames for (4, 4, 1) but gets 3: infinite, or 0 with zero_infinity.
    imp = [("log_probs", "ctc_lp", lpc), ("targets", "ctc_t", tpad),
           ("input_lengths", "ctc_il_short", np.array([7, 5, 3])), ("target_lengths", "ctc_tl", tl)]
    add("ctc_loss", imp, {"zero_infinity": "true"})
    add("ctc_loss", imp, {"zero_infinity": "false"})
    add("ctc_loss", [("log_probs", "ctc_lp", lpc), ("targets", "ctc_t", tpad), ("input_lengths", "ctc_il", il),
                     ("target_lengths", "ctc_tl_zero", np.array([3, 0, 1]))])

    # torchvision's sigmoid_focal_loss
    fz = logits(3, 4, scale=3.0)
    foc = [("inputs", "foc_z", fz), ("targets", "bce_y", yb)]
    add("sigmoid_focal_loss", foc)
    add("sigmoid_focal_loss", foc, {"alpha": "-1", "gamma": "0"})
    add("sigmoid_focal_loss", foc, {"alpha": "0.5", "gamma": "1.5"})
    add("sigmoid_focal_loss", foc, {"gamma": "-0.5"})
    add("sigmoid_focal_loss", [("inputs", "foc_z", fz), ("targets", "bce_soft", ysoft)], {"gamma": "3"})

    with open(os.path.join(OUT, "cases.json"), "w") as f:
        json.dump({"generator": "tests/reference/gen_criteria.py", "torch": torch.__version__,
                   "cases": cases}, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"{len(cases)} cases, {len(saved)} tensors in {OUT}")


if __name__ == "__main__":
    main()

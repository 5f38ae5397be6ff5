#!/usr/bin/python3
"""Writes tests/reference/mpmath_accuracy.csv: 50-digit mpmath references for the binary
losses and their building blocks, evaluated at the exact double inputs, next to PyTorch 1.13's
float64 value at the same points (so the test can report PyTorch's ulp error too).

Run with Debian's interpreter: /usr/bin/python3 tests/reference/gen_mpmath_accuracy.py
Columns: func, args (';'-separated inputs, repr of doubles), ref (mpmath rounded to the
nearest double), torch (PyTorch float64). Deterministic (fixed seed).
"""
import os
import random

import mpmath as mp
import torch
import torch.nn.functional as F
import torchvision

mp.mp.dps = 50
HERE = os.path.dirname(os.path.abspath(__file__))
torch.set_default_dtype(torch.float64)


def m(x):
    return mp.mpf(float(x))


def msig(z):
    return 1 / (1 + mp.exp(-z))


def msoftplus(x):
    # log1p keeps the digits of log(1 + tiny) at 50-digit working precision.
    return mp.log1p(mp.exp(x))


def mfocal(z, y, alpha, gamma):
    z, y = m(z), m(y)
    om = (1 - y) * msig(z) + y * msig(-z)
    ce = (1 - y) * msoftplus(z) + y * msoftplus(-z)
    loss = ce * om ** gamma if gamma != 0 else ce
    if alpha >= 0:
        loss *= alpha * y + (1 - alpha) * (1 - y)
    return loss


def mfocal_grad(z, y, alpha, gamma):
    z, y = m(z), m(y)
    sp, sn = msig(z), msig(-z)
    om = (1 - y) * sp + y * sn
    ce = (1 - y) * msoftplus(z) + y * msoftplus(-z)
    dce = (1 - y) * sp - y * sn
    dm = (1 - 2 * y) * sp * sn
    g = om ** gamma * dce
    if gamma != 0:
        g += gamma * om ** (gamma - 1) * dm * ce
    if alpha >= 0:
        g *= alpha * y + (1 - alpha) * (1 - y)
    return g


def r(x):
    return repr(float(x))


def logits_grid():
    zs = set()
    for i in range(-160, 161):
        zs.add(i / 20.0)  # dense near 0, step 0.05 in [-8, 8]
    for k in range(0, 121):
        mag = 10.0 ** (-12 + k * (12 + 2.845098) / 120)  # 1e-12 .. 700
        zs.add(mag)
        zs.add(-mag)
    for v in list(range(9, 60)) + list(range(600, 701, 5)) + [699.5, 708.0, 709.5]:
        zs.add(float(v))
        zs.add(-float(v))
    rng = random.Random(1234)
    for _ in range(60):
        zs.add(rng.uniform(-700.0, 700.0))
    zs.add(0.0)
    return sorted(z for z in zs if abs(z) <= 710.0)


def probs_grid():
    ps = set()
    for k in range(0, 301, 3):
        ps.add(10.0 ** -k)
        ps.add(3.7 * 10.0 ** -k if k > 0 else 0.37)
    for k in range(1, 53):
        ps.add(1.0 - 2.0 ** -k)
    for i in range(1, 100):
        ps.add(i / 100.0)
    return sorted(p for p in ps if 0 < p <= 1)


def main():
    rows = []
    zs = logits_grid()
    zt = torch.tensor(zs)

    # sigmoid, log_sigmoid, softplus
    t_sig = torch.sigmoid(zt).tolist()
    t_ls = F.logsigmoid(zt).tolist()
    t_sp = F.softplus(zt).tolist()
    for z, a, b, c in zip(zs, t_sig, t_ls, t_sp):
        rows.append(("sigmoid", [z], msig(m(z)), a))
        rows.append(("log_sigmoid", [z], -msoftplus(-m(z)), b))
        rows.append(("softplus", [z], msoftplus(m(z)), c))

    # BCE with logits: hard and soft targets, with and without pos_weight
    for y, pw in [(1.0, 1.0), (0.0, 1.0), (0.25, 1.0), (1.0, 3.0), (0.7, 0.5)]:
        yt = torch.full_like(zt, y)
        t = F.binary_cross_entropy_with_logits(
            zt, yt, pos_weight=torch.tensor([pw]), reduction="none").tolist()
        for z, tv in zip(zs, t):
            mz, my = m(z), m(y)
            ref = (1 - my) * mz + (1 + (m(pw) - 1) * my) * msoftplus(-mz)
            # the same value without cancellation, to be safe at 50 digits
            ref = (1 - my) * msoftplus(mz) + m(pw) * my * msoftplus(-mz)
            rows.append(("bce_with_logits", [z, y, pw], ref, tv))

    # focal loss from a logit (torchvision) and its autograd gradient
    for y, alpha, gamma in [(1.0, 0.25, 2.0), (0.0, 0.25, 2.0), (1.0, -1.0, 0.5),
                            (0.0, 0.25, 3.7), (0.3, 0.25, 2.0)]:
        x = zt.clone().requires_grad_(True)
        yt = torch.full_like(zt, y)
        loss = torchvision.ops.sigmoid_focal_loss(x, yt, alpha=alpha, gamma=gamma,
                                                  reduction="none")
        (g,) = torch.autograd.grad(loss.sum(), x)
        for z, lv, gv in zip(zs, loss.tolist(), g.tolist()):
            rows.append(("focal_loss_logit", [z, y, alpha, gamma], mfocal(z, y, alpha, gamma), lv))
            rows.append(("focal_loss_logit_grad", [z, y, alpha, gamma],
                         mfocal_grad(z, y, alpha, gamma), gv))

    # sanity check of the closed-form gradient against mpmath's numerical derivative
    for z in [-3.0, -0.5, 0.2, 1.7, 6.0]:
        for y in [0.0, 1.0, 0.3]:
            num = mp.diff(lambda t: mfocal_lossfn(t, y), m(z))
            assert abs(num - mfocal_grad(z, y, 0.25, 2.0)) < mp.mpf(10) ** -30

    # cross-entropy via log_softmax for K = 2, 3
    rng = random.Random(99)
    ce_rows = [([700.0, -700.0], 0), ([-700.0, 700.0], 0), ([40.0, 0.0], 0), ([0.0, 40.0], 0),
               ([1e-10, 0.0], 1), ([700.0, 699.0, -700.0], 0), ([700.0, 699.0, -700.0], 2),
               ([40.0, 0.0, 0.0], 0), ([0.0, 0.0, 0.0], 1), ([-1e3, 1e3, 0.0], 1)]
    for _ in range(150):
        k = rng.choice([2, 3])
        scale = rng.choice([1.0, 10.0, 100.0, 700.0])
        ce_rows.append(([rng.uniform(-scale, scale) for _ in range(k)], rng.randrange(k)))
    for logits, target in ce_rows:
        t = F.cross_entropy(torch.tensor([logits]), torch.tensor([target]),
                            reduction="none").item()
        ml = [m(v) for v in logits]
        # log sum_i e^{z_i - z_y} = log1p(sum over i != y): no cancellation even at 50 digits
        ref = mp.log1p(mp.fsum(mp.exp(v - ml[target]) for i, v in enumerate(ml) if i != target))
        rows.append(("cross_entropy_logits", logits + [float(target)], ref, t))

    # focal_loss_pt and cross_entropy_pt as functions of p_t, p down to 1e-300
    ps = probs_grid()
    pt = torch.tensor(ps)
    t_ce = (-torch.log(pt)).tolist()
    for p, tv in zip(ps, t_ce):
        rows.append(("cross_entropy_pt", [p], -mp.log(m(p)), tv))
    for gamma, alpha in [(2.0, 0.25), (0.5, -1.0), (5.0, 0.75)]:
        tf = -(1 - pt) ** gamma * torch.log(pt)
        if alpha >= 0:
            tf = alpha * tf
        for p, tv in zip(ps, tf.tolist()):
            ref = -(1 - m(p)) ** gamma * mp.log(m(p))
            if alpha >= 0:
                ref *= alpha
            rows.append(("focal_loss_pt", [p, gamma, alpha], ref, tv))

    path = os.path.join(HERE, "mpmath_accuracy.csv")
    with open(path, "w") as f:
        f.write("# generated by tests/reference/gen_mpmath_accuracy.py (mpmath %s, 50 digits; "
                "torch %s float64)\n" % (mp.__version__, torch.__version__))
        f.write("func,args,ref,torch\n")
        for func, args, ref, tv in rows:
            f.write("%s,%s,%s,%s\n" % (func, ";".join(r(a) for a in args), r(ref), r(tv)))
    print("wrote", path, len(rows), "rows")


def mfocal_lossfn(t, y):
    # focal loss at an mpf logit t (for the numerical-derivative check only)
    y = m(y)
    om = (1 - y) * msig(t) + y * msig(-t)
    ce = (1 - y) * msoftplus(t) + y * msoftplus(-t)
    return (m(0.25) * y + (1 - m(0.25)) * (1 - y)) * ce * om ** 2


if __name__ == "__main__":
    main()

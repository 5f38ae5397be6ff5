#!/usr/bin/python3
"""Writes tests/reference/mpmath_curves.csv: a 120-digit mpmath truth for every curve that
`losslab curve` prints, value and derivative, at the exact double inputs, next to PyTorch
1.13's float64 value and autograd derivative at the same points where PyTorch has the loss.

Grid: x at its extremes (p from 0 and 5e-324 up to 1 - 2^-53; logits up to +-800 and across
the exp overflow/underflow boundaries; residuals up to 1e300), points a few ulp around each
curve's special point (the minimum p = t of the smoothed and KL curves, p = y, e^x = k) and
every parameter at the ends of its range and inside it.

Run with Debian's interpreter: /usr/bin/python3 tests/reference/gen_mpmath_curves.py
Columns: curve, params ('key=value' joined by ';', the curve's flags without '--'), x, value,
grad (the truth rounded to the nearest double; inf when it is beyond the doubles, nan where
undefined), torch_value, torch_grad (empty where PyTorch has no such loss). Deterministic.
"""
import math
import os
import random

import mpmath as mp
import torch
import torch.nn.functional as F

try:
    import torchvision
except ImportError:  # the focal-logits PyTorch column is then left empty
    torchvision = None

mp.mp.dps = 120
HERE = os.path.dirname(os.path.abspath(__file__))
torch.set_default_dtype(torch.float64)

INF = mp.inf
TINY = 5e-324


def m(x):
    return mp.mpf(float(x))


def sp(x):
    """softplus ( (log1p keeps log(1 + tiny))."""
    if x == INF:
        return INF
    if x == -INF:
        return mp.mpf(0)
    return mp.log1p(mp.exp(x))


def sig(x):
    return 1 / (1 + mp.exp(-x))


def one_minus(x):
    """1 - x exactly (an mpf holds it whatever the exponents)."""
    return mp.fsub(1, x, exact=True)


def xlog(c, f):
    """c * f with a zero coefficient giving 0 even where f is infinite."""
    return mp.mpf(0) if c == 0 else c * f


# ---------------------------------------------------------------- grids
def nudge(x, k):
    """The double k steps from x (negative k: down)."""
    for _ in range(abs(k)):
        x = math.nextafter(x, math.inf if k > 0 else -math.inf)
    return x


def around(x, lo=0.0, hi=1.0, steps=(1, 2, 3, 16, 1000)):
    out = {x}
    for s in steps:
        out.add(nudge(x, s))
        out.add(nudge(x, -s))
    for rel in (1e-12, 1e-9, 1e-6, 1e-3):
        out.add(x * (1 + rel))
        out.add(x * (1 - rel))
    return {v for v in out if lo <= v <= hi}


def p_grid(specials=()):
    ps = {0.0, TINY, 1e-320, 2.2250738585072014e-308, 1.0, 0.5, 0.25, 0.75}
    for k in range(1, 324, 23):
        ps.add(10.0 ** -k)
    for k in (1, 2, 3, 5, 10, 20, 30, 40, 50, 52, 53):
        ps.add(1.0 - 2.0 ** -k)
    for i in range(1, 20):
        ps.add(i / 20.0)
    rng = random.Random(7)
    for _ in range(10):
        ps.add(rng.random())
    for s in specials:
        ps |= around(s)
    return sorted(p for p in ps if 0.0 <= p <= 1.0)


def z_grid(specials=()):
    zs = {0.0, TINY, -TINY, 1e-300, -1e-300}
    for v in (1e-12, 1e-6, 1e-3, 0.1, 0.5, 1, 2, 5, 10, 20, 36, 37, 40, 100, 500, 700,
              708, 709.7, 709.79, 710, 740, 745, 745.13, 745.2, 746, 747, 748, 749, 750, 800):
        zs.add(float(v))
        zs.add(-float(v))
    rng = random.Random(11)
    for _ in range(20):
        zs.add(rng.uniform(-60, 60))
    for s in specials:
        zs |= around(s, -1e9, 1e9, steps=(1, 2, 16))
    return sorted(zs)


def r_grid(specials=()):
    rs = {0.0}
    for v in (TINY, 1e-320, 1e-300, 1e-170, 1e-160, 1e-100, 1e-10, 1e-3, 0.3, 1.0, 2.5, 10.0,
              1e3, 1e100, 1e154, 1.3407807929942596e154, 1.35e154, 1e300):
        rs.add(v)
        rs.add(-v)
    for s in specials:
        rs |= around(s, -1e308, 1e308, steps=(1, 2))
    return sorted(rs)


# ---------------------------------------------------------------- truths: x -> (value, grad)
def t_ce(p, _):
    p = m(p)
    return (INF if p == 0 else -mp.log(p)), (-INF if p == 0 else -1 / p)


def bce_parts(p, y):
    """cross-entropy and its derivative in p, zero coefficients skipped."""
    v = xlog(y, (INF if p == 0 else -mp.log(p))) + xlog(1 - y, (INF if p == 1 else -mp.log1p(-p)))
    g = mp.mpf(0)
    if y != 0:
        g += -INF if p == 0 else -y / p
    if y != 1:
        g += INF if p == 1 else (1 - y) / (1 - p)
    return v, g


def t_bce(p, a):
    return bce_parts(m(p), m(a["y"]))


def t_bce_logits(z, a):
    z, y, pw = m(z), m(a["y"]), m(a["pos_weight"])
    v = xlog(1 - y, sp(z)) + xlog(pw * y, sp(-z))
    g = (1 - y) * sig(z) - pw * y * sig(-z)
    return v, g


def alpha_t(alpha, y):
    return mp.mpf(1) if alpha < 0 else alpha * y + (1 - alpha) * (1 - y)


def t_focal(p, a):
    p, y, alpha, g = m(p), m(a["target"]), m(a["alpha"]), m(a["gamma"])
    at = alpha_t(alpha, y)
    if at == 0:
        return mp.mpf(0), mp.mpf(0)
    mm = (1 - y) * p + y * (1 - p)
    ce, dce = bce_parts(p, y)
    v = xlog(mm ** g, ce) if ce != INF else (INF if mm != 0 or g == 0 else mp.mpf(0))
    if y == 1:
        ratio = mp.mpf(1) if p == 1 else -mp.log(p) / (1 - p)
        grad = -at * mm ** g * (g * ratio + (INF if p == 0 else 1 / p))
    elif y == 0:
        ratio = mp.mpf(1) if p == 0 else -mp.log1p(-p) / p
        grad = at * p ** g * (g * ratio + (INF if p == 1 else 1 / (1 - p)))
    else:
        if ce == INF:
            grad = at * mm ** g * dce
        else:
            grad = at * (g * mm ** (g - 1) * (1 - 2 * y) * ce + mm ** g * dce)
    return at * v, grad


def t_focal_logits(z, a):
    z, y, alpha, g = m(z), m(a["target"]), m(a["alpha"]), m(a["gamma"])
    at = alpha_t(alpha, y)
    sp_, sn = sig(z), sig(-z)
    om = (1 - y) * sp_ + y * sn
    ce = (1 - y) * sp(z) + y * sp(-z)
    dce = (1 - y) * sp_ - y * sn
    dm = (1 - 2 * y) * sp_ * sn
    v = at * ce * om ** g
    grad = om ** g * dce
    if g != 0:
        grad += g * om ** (g - 1) * dm * ce
    return v, at * grad


def t_balanced(p, a):
    y, alpha = m(a["y"]), m(a["alpha"])
    at = alpha * y + (1 - alpha) * (1 - y)
    if at == 0:
        return mp.mpf(0), mp.mpf(0)
    v, g = bce_parts(m(p), y)
    return at * v, at * g


def smoothing_levels(a):
    k, eps, conv = int(a["K"]), m(a["eps"]), int(a["convention"])
    if conv == 0:
        return 1 - eps + eps / k, eps * (k - 1) / k, k - 1
    if conv == 1:
        return one_minus(eps), eps, k - 1
    return one_minus(eps), eps, k - 2


def t_smoothed_ce(p, a):
    t, r, mm = smoothing_levels(a)
    p = m(p)
    v = xlog(t, INF if p == 0 else -mp.log(p)) + xlog(r, INF if p == 1 else
                                                      mp.log(mm) - mp.log1p(-p))
    return v, smoothed_grad(p, t, r)


def smoothed_grad(p, t, r):
    g = mp.mpf(0)
    if t != 0:
        g += -INF if p == 0 else -t / p
    if r != 0:
        g += INF if p == 1 else r / (1 - p)
    return g


def kl2(t, r, p):
    """t log(t/p) + r log(r/(1-p)), zero coefficients skipped."""
    v = mp.mpf(0)
    if t != 0:
        v += INF if p == 0 else t * mp.log(t / p)
    if r != 0:
        # log r - log1p(-p): log(r / (1-p)) would round 1/(1 - 1e-70) to 1
        v += INF if p == 1 else r * (mp.log(r) - mp.log1p(-p))
    return v


def t_smoothed_kl(p, a):
    t, r, _ = smoothing_levels(a)
    p = m(p)
    return kl2(t, r, p), smoothed_grad(p, t, r)


def t_mse(r, _):
    r = m(r)
    return r * r, 2 * r


def t_brier(p, a):
    d = m(p) - m(a["y"])
    return d * d, 2 * d


def t_l1(r, _):
    r = m(r)
    return abs(r), mp.sign(r)


def t_smooth_l1(r, a):
    r, b = m(r), m(a["beta"])
    v = r * r / (2 * b) if abs(r) < b else abs(r) - b / 2
    g = -1 if r <= -b else (1 if r >= b else r / b)
    return v, mp.mpf(g)


def t_huber(r, a):
    r, d = m(r), m(a["delta"])
    v = r * r / 2 if abs(r) < d else d * (abs(r) - d / 2)
    g = -d if r <= -d else (d if r >= d else r)
    return v, g


def t_poisson(x, a):
    x, k = m(x), m(a["target"])
    stir = 0
    if a["full"] and k > 1:
        stir = k * mp.log(k) - k + mp.log(2 * mp.pi * k) / 2
    if a["log_input"]:
        # e^x - k as k expm1(x - log k): e^x alone would lose e^x - 1 at x ~ 1e-300
        grad = mp.exp(x) if k == 0 else k * mp.expm1(x - mp.log(k))
        return mp.exp(x) - k * x + stir, grad
    e = m(1e-8)
    return x - k * mp.log(x + e) + stir, 1 - k / (x + e)


def t_gaussian(r, a):
    r, var = m(r), m(a["var"])
    v = var if var >= m(1e-6) else m(1e-6)
    val = (mp.log(v) + r * r / v) / 2
    if a["full"]:
        val += mp.log(2 * mp.pi) / 2
    return val, r / v


def t_soft_margin(z, a):
    z, lab = m(z), m(a["label"])
    return sp(-lab * z), -lab * sig(-lab * z)


def t_hinge(d, a):
    d, lab, mg = m(d), m(a["label"]), m(a["margin"])
    v, g = mp.mpf(0), mp.mpf(0)
    if lab != 1:
        v += max(mg - d, 0)
        g += -1 if mg - d >= 0 else 0
    if lab != -1:
        v += d
        g += 1
    return v, g


def t_kl_binary(q, a):
    p, q = m(a["p"]), m(q)
    return kl2(p, one_minus(p), q), smoothed_grad(q, p, one_minus(p))


def t_ranking(x, a):
    x, lab, mg = m(x), m(a["label"]), m(a["margin"])
    h = -lab * x + mg
    return max(h, mp.mpf(0)), (-lab if h >= 0 else mp.mpf(0))


def t_cosine(c, a):
    c, lab, mg = m(c), m(a["label"]), m(a["margin"])
    if lab == 1:
        return 1 - c, mp.mpf(-1)
    if lab == -1:
        return max(c - mg, mp.mpf(0)), (mp.mpf(1) if c - mg >= 0 else mp.mpf(0))
    return mp.mpf(0), mp.mpf(0)


def t_multilabel(x, a):
    x, c = m(x), m(a["classes"])
    h = 1 - x
    return max(h, mp.mpf(0)) * (c - 1) / c, (-(c - 1) / c if h > 0 else mp.mpf(0))


def c_grid(specials=()):
    """Cosines in [-1, 1]: the probability grid and its mirror, and points around specials."""
    cs = set()
    for p in p_grid():
        cs.add(p)
        cs.add(-p)
    for s in specials:
        cs |= around(s, -1.0, 1.0)
    return sorted(c for c in cs if -1.0 <= c <= 1.0)


# ---------------------------------------------------------------- PyTorch on the same points
def autograd(fn, xs):
    x = torch.tensor(xs, requires_grad=True)
    v = fn(x)
    (g,) = torch.autograd.grad(v.sum(), x)
    return v.detach().tolist(), g.tolist()


def full(x, v):
    return torch.full_like(x, float(v))


def pt_ce(xs, a):
    return autograd(lambda p: -torch.log(p), xs)


def pt_bce(xs, a):
    return autograd(lambda p: F.binary_cross_entropy(p, full(p, a["y"]), reduction="none"), xs)


def pt_bce_logits(xs, a):
    return autograd(lambda z: F.binary_cross_entropy_with_logits(
        z, full(z, a["y"]), pos_weight=torch.tensor([a["pos_weight"]]), reduction="none"), xs)


def pt_focal_logits(xs, a):
    if torchvision is None:
        return None
    return autograd(lambda z: torchvision.ops.sigmoid_focal_loss(
        z, full(z, a["target"]), alpha=a["alpha"], gamma=a["gamma"], reduction="none"), xs)


def pt_balanced(xs, a):
    at = a["alpha"] * a["y"] + (1 - a["alpha"]) * (1 - a["y"])
    return autograd(lambda p: F.binary_cross_entropy(p, full(p, a["y"]), weight=full(p, at),
                                                     reduction="none"), xs)


def smoothing_rows(p, a):
    """log q for the K classes: class 0 true, the others sharing 1 - p (kl-pad: class K-1 is
    the padding class, held at any finite log q since its target is 0)."""
    k, conv = int(a["K"]), int(a["convention"])
    mm = k - 2 if conv == 2 else k - 1
    rest = torch.log((1 - p) / mm).unsqueeze(1).expand(-1, k - 1)
    logq = torch.cat([torch.log(p).unsqueeze(1), rest], dim=1)
    if conv == 2:
        logq = torch.cat([logq[:, :-1], torch.zeros_like(p).unsqueeze(1)], dim=1)
    return logq


def pt_smoothed_ce(xs, a):
    if int(a["convention"]) != 0:
        return None
    return autograd(lambda p: F.cross_entropy(
        smoothing_rows(p, a), torch.zeros(len(xs), dtype=torch.long),
        label_smoothing=a["eps"], reduction="none"), xs)


def pt_smoothed_kl(xs, a):
    if int(a["convention"]) != 2:
        return None
    k, eps = int(a["K"]), a["eps"]

    def fn(p):
        tgt = torch.full((len(xs), k), eps / (k - 2))
        tgt[:, 0] = 1 - eps
        tgt[:, -1] = 0.0
        return F.kl_div(smoothing_rows(p, a), tgt, reduction="none").sum(dim=1)
    return autograd(fn, xs)


def pt_mse(xs, a):
    return autograd(lambda r: F.mse_loss(r, torch.zeros_like(r), reduction="none"), xs)


def pt_brier(xs, a):
    return autograd(lambda p: F.mse_loss(p, full(p, a["y"]), reduction="none"), xs)


def pt_l1(xs, a):
    return autograd(lambda r: F.l1_loss(r, torch.zeros_like(r), reduction="none"), xs)


def pt_smooth_l1(xs, a):
    return autograd(lambda r: F.smooth_l1_loss(r, torch.zeros_like(r), beta=a["beta"],
                                               reduction="none"), xs)


def pt_huber(xs, a):
    return autograd(lambda r: F.huber_loss(r, torch.zeros_like(r), delta=a["delta"],
                                           reduction="none"), xs)


def pt_poisson(xs, a):
    return autograd(lambda x: F.poisson_nll_loss(x, full(x, a["target"]),
                                                 log_input=bool(a["log_input"]),
                                                 full=bool(a["full"]), eps=1e-8,
                                                 reduction="none"), xs)


def pt_gaussian(xs, a):
    return autograd(lambda r: F.gaussian_nll_loss(r, torch.zeros_like(r), full(r, a["var"]),
                                                  full=bool(a["full"]), eps=1e-6,
                                                  reduction="none"), xs)


def pt_soft_margin(xs, a):
    return autograd(lambda z: F.soft_margin_loss(z, full(z, a["label"]), reduction="none"), xs)


def pt_hinge(xs, a):
    if a["label"] == 0:
        return None
    return autograd(lambda d: F.hinge_embedding_loss(d, full(d, a["label"]), margin=a["margin"],
                                                     reduction="none"), xs)


def pt_kl_binary(xs, a):
    def fn(q):
        logq = torch.stack([torch.log(q), torch.log1p(-q)], dim=1)
        tgt = torch.tensor([[a["p"], 1 - a["p"]]]).expand(len(xs), -1)
        return F.kl_div(logq, tgt, reduction="none").sum(dim=1)
    return autograd(fn, xs)


def pt_ranking(xs, a):
    return autograd(lambda x: F.margin_ranking_loss(x, torch.zeros_like(x), full(x, a["label"]),
                                                    margin=a["margin"], reduction="none"), xs)


# ---------------------------------------------------------------- the catalogue
def combos(**ranges):
    keys = list(ranges)
    out = [{}]
    for k in keys:
        out = [dict(c, **{k: v}) for c in out for v in ranges[k]]
    return out


def smoothing_params():
    out = []
    for c in combos(K=[2, 3, 10, 1000], eps=[0.0, 1e-9, 0.1, 0.5, 0.9, 1.0], convention=[0, 1, 2]):
        if c["convention"] == 2 and c["K"] < 3:
            continue
        out.append(c)
    return out


def smoothing_specials(a):
    t, _, _ = smoothing_levels(a)
    return [float(t)]


CURVES = [
    ("ce", [{}], p_grid, lambda a: [], t_ce, pt_ce),
    ("bce", combos(y=[0.0, 0.1, 0.5, 0.9, 1.0]), p_grid, lambda a: [a["y"]], t_bce, pt_bce),
    ("bce-logits", combos(y=[0.0, 0.25, 1.0], pos_weight=[0.0, 1.0, 100.0]), z_grid,
     lambda a: [718.0] + bce_logits_root(a), t_bce_logits, pt_bce_logits),
    ("focal", combos(gamma=[0.0, 0.5, 1.0, 2.0, 10.0], alpha=[-1.0, 0.0, 0.25, 1.0],
                     target=[0.0, 0.05, 0.3, 1.0]), p_grid,
     lambda a: grad_root(t_focal, a, (mp.mpf(1e-12), 1 - mp.mpf(1e-12))), t_focal, None),
    ("focal-logits", combos(gamma=[0.0, 0.5, 2.0, 10.0], alpha=[-1.0, 0.0, 0.25, 1.0],
                            target=[0.0, 0.3, 1.0]), z_grid,
     lambda a: grad_root(t_focal_logits, a, (mp.mpf(-60), mp.mpf(60))), t_focal_logits,
     pt_focal_logits),
    ("balanced-ce", combos(alpha=[0.0, 0.25, 1.0], y=[0.0, 0.3, 1.0]), p_grid, lambda a: [],
     t_balanced, pt_balanced),
    ("smoothed-ce", smoothing_params(), p_grid, smoothing_specials, t_smoothed_ce,
     pt_smoothed_ce),
    ("smoothed-kl", smoothing_params(), p_grid, smoothing_specials, t_smoothed_kl,
     pt_smoothed_kl),
    ("mse", [{}], r_grid, lambda a: [], t_mse, pt_mse),
    ("brier", combos(y=[0.0, 0.1, 0.5, 1.0]), p_grid, lambda a: [a["y"]], t_brier, pt_brier),
    ("l1", [{}], r_grid, lambda a: [], t_l1, pt_l1),
    ("smooth-l1", combos(beta=[0.0, 1e-3, 1.0, 100.0]), r_grid,
     lambda a: [a["beta"], -a["beta"]], t_smooth_l1, pt_smooth_l1),
    ("huber", combos(delta=[1e-6, 1.0, 100.0]), r_grid, lambda a: [a["delta"], -a["delta"]],
     t_huber, pt_huber),
    ("poisson-nll", combos(target=[0.0, 1.0, 3.0, 1000.0], log_input=[1, 0], full=[0, 1]),
     None, None, t_poisson, pt_poisson),
    ("gaussian-nll", combos(var=[0.0, 1e-6, 0.5, 1.0, 100.0], full=[0, 1]), r_grid,
     lambda a: gaussian_roots(a), t_gaussian, pt_gaussian),
    ("soft-margin", combos(label=[-1, 0, 1]), z_grid, lambda a: [], t_soft_margin,
     pt_soft_margin),
    ("hinge-embedding", combos(label=[-1, 0, 1], margin=[-10.0, 0.0, 1.0, 10.0]),
     lambda s: sorted(v for v in r_grid(s) if v >= 0), lambda a: [abs(a["margin"])], t_hinge,
     pt_hinge),
    ("kl-binary", combos(p=[0.0, TINY, 1e-9, 0.3, 0.5, 1 - 2 ** -53, 1.0]), p_grid,
     lambda a: [a["p"]], t_kl_binary, pt_kl_binary),
    ("margin-ranking", combos(label=[-1, 0, 1], margin=[-10.0, 0.0, 0.5, 1e-300, 10.0]), r_grid,
     lambda a: [a["margin"], -a["margin"]], t_ranking, pt_ranking),
    ("cosine-embedding", combos(label=[-1, 0, 1], margin=[-1.0, 0.0, 0.3, 1.0]), c_grid,
     lambda a: [a["margin"]], t_cosine, None),
    ("multilabel-margin", combos(classes=[2, 3, 5, 7, 1000]), r_grid, lambda a: [1.0],
     t_multilabel, None),
]


def logit(y):
    return 0.0 if y in (0.0, 1.0) else math.log(y / (1 - y))


def grad_root(truth, a, bracket):
    """Where a soft target's derivative crosses 0 (the loss's minimum), found by mpmath
    inside `bracket`, where it changes sign."""
    global m
    if a["target"] in (0.0, 1.0) or alpha_t(m(a["alpha"]), m(a["target"])) == 0:
        return []
    saved = m
    m = lambda v: v if isinstance(v, mp.mpf) else mp.mpf(float(v))
    try:
        lo, hi = bracket
        flo = truth(lo, a)[1]
        if flo * truth(hi, a)[1] >= 0:
            return []
        for _ in range(120):  # bisection: 2^-120 of the bracket is far below a double's ulp
            mid = (lo + hi) / 2
            fm = truth(mid, a)[1]
            if (fm < 0) == (flo < 0):
                lo, flo = mid, fm
            else:
                hi = mid
        return [float(lo)]
    finally:
        m = saved


def bce_logits_root(a):
    """Where the derivative (1-y) sigmoid(z) - pw y sigmoid(-z) crosses 0: z = log(pw y/(1-y))."""
    y, pw = m(a["y"]), m(a["pos_weight"])
    if y in (0, 1) or pw == 0:
        return []
    return [float(mp.log(pw * y / (1 - y)))]


def poisson_roots(a):
    """The roots of the curve without the Stirling term (k > e has two)."""
    k = m(a["target"])
    if a["full"] or k <= mp.e:
        return []
    if a["log_input"]:
        f = lambda x: mp.exp(x) - k * x
        guesses = [mp.mpf(0.1) / k + 1 / k, mp.log(k) + mp.log(mp.log(k)) + 1]
    else:
        f = lambda x: x - k * mp.log(x + m(1e-8))
        guesses = [mp.mpf(1) + 1 / k, k * mp.log(k) * 1.5]
    roots = []
    for g in guesses:
        try:
            roots.append(float(mp.findroot(f, g)))
        except (ValueError, ZeroDivisionError):
            pass
    return roots


def gaussian_roots(a):
    """The residuals where the Gaussian NLL crosses 0 (when log var + [log 2 pi] < 0)."""
    v = max(m(a["var"]), m(1e-6))
    c = mp.log(v) + (mp.log(2 * mp.pi) if a["full"] else 0)
    if c >= 0:
        return []
    root = mp.sqrt(-c * v)
    return [float(root), -float(root)]


def poisson_grid(a):
    k = a["target"]
    if a["log_input"]:
        xs = set(z_grid())
        xs |= {float(v) for v in (709.78, 709.7827128933840, 1e308, 1.7976931348623157e308,
                                  -1e308)}
        if k > 0:
            xs |= around(math.log(k), -1e9, 1e9, steps=(1, 2, 16))
        for root in poisson_roots(a):
            xs |= around(root, -1e9, 1e9, steps=(1, 2, 16))
        return sorted(xs)
    xs = {0.0, TINY, 1e-300, 1e-8, 0.5, 1.0, 2.0, 10.0, 1e3, 1e10, 1e300, 1.7976931348623157e308,
          1003.90625}
    if k > 0:
        xs |= around(k, 0.0, 1e308, steps=(1, 2, 16, 1000))
    for root in poisson_roots(a):
        xs |= around(root, 0.0, 1e308, steps=(1, 2, 16))
    return sorted(xs)


def fmt(v):
    v = float(v)
    if math.isnan(v):
        return "nan"
    return repr(v)


def to_double(v):
    """The truth rounded to the nearest double (mpmath rounds subnormals correctly)."""
    if isinstance(v, (int, float)):
        return float(v)
    if mp.isnan(v):
        return math.nan
    return float(v)


def main():
    path = os.path.join(HERE, "mpmath_curves.csv")
    rows = 0
    with open(path, "w") as f:
        f.write("# generated by tests/reference/gen_mpmath_curves.py (mpmath %s, 120 digits; "
                "torch %s float64%s)\n" % (mp.__version__, torch.__version__,
                                          "" if torchvision else ", no torchvision"))
        f.write("curve,params,x,value,grad,torch_value,torch_grad\n")
        for name, params, grid, specials, truth, pt in CURVES:
            count = 0
            for a in params:
                xs = poisson_grid(a) if name == "poisson-nll" else grid(specials(a))
                if name == "poisson-nll" and not a["log_input"]:
                    xs = [x for x in xs if x >= 0]
                tv = pt(xs, a) if pt else None
                ptxt = ";".join("%s=%s" % (k, fmt(v)) for k, v in a.items())
                for i, x in enumerate(xs):
                    v, g = truth(x, a)
                    tval = fmt(tv[0][i]) if tv else ""
                    tgrad = fmt(tv[1][i]) if tv else ""
                    f.write("%s,%s,%s,%s,%s,%s,%s\n" % (name, ptxt, fmt(x), fmt(to_double(v)),
                                                        fmt(to_double(g)), tval, tgrad))
                    count += 1
            print(name, count, "rows")
            rows += count
    print("wrote", path, rows, "rows")


def self_check():
    """The closed-form derivatives against mpmath's numerical derivative of the values."""
    rng = random.Random(3)
    for name, params, grid, specials, truth, _ in CURVES:
        for a in params[:: max(1, len(params) // 4)]:
            for _ in range(3):
                if name in ("focal-logits", "bce-logits", "soft-margin", "mse", "l1",
                            "smooth-l1", "huber", "gaussian-nll"):
                    x = rng.uniform(-5, 5)
                elif name == "hinge-embedding":
                    x = rng.uniform(0, 5)
                elif name == "poisson-nll":
                    x = rng.uniform(0.1, 5)
                else:
                    x = rng.uniform(0.05, 0.95)
                if name in ("l1", "smooth-l1", "huber", "hinge-embedding", "margin-ranking",
                            "cosine-embedding", "multilabel-margin"):
                    continue  # piecewise; checked by hand
                num = mp.diff(lambda t: truth_mp(truth, t, a), m(x))
                _, g = truth(x, a)
                assert abs(num - g) <= mp.mpf(10) ** -25 * (1 + abs(g)), (name, a, x, num, g)


def truth_mp(truth, t, a):
    """truth() at an mpf argument: m() of an mpf is the identity when it is a float already,
    so evaluate with a temporarily patched m."""
    global m
    saved = m
    m = lambda v: v if isinstance(v, mp.mpf) else mp.mpf(float(v))
    try:
        return truth(t, a)[0]
    finally:
        m = saved


if __name__ == "__main__":
    self_check()
    main()

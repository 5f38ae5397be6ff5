#!/usr/bin/python3
"""The metrics of `losslab calibrate` in NumPy/SciPy, for timing side by side with it.

Usage: bench/calibrate_numpy.py LOGITS.npy LABELS.npy [BINS]
Reads the logits memory-mapped (np.load(mmap_mode="r")) and works in chunks of 65536 rows in
float64 so that it never holds N x K doubles either; prints one JSON object with the same keys
as `losslab calibrate --format json` plus the seconds of each stage. The temperature is fitted
with scipy.optimize.minimize_scalar (Brent) on log T, each NLL evaluation a pass over the rows.
"""
import json
import sys
import time

import numpy as np
import scipy.optimize

CHUNK = 65536


def chunks(z):
    for i in range(0, len(z), CHUNK):
        yield i, np.asarray(z[i:i + CHUNK], dtype=np.float64)


def metrics(z, y, m, t=1.0):
    n, k = z.shape
    edges = np.arange(m + 1) / m
    count = np.zeros(m); conf_sum = np.zeros(m); hit_sum = np.zeros(m)
    cw_count = np.zeros((k, m)); cw_conf = np.zeros((k, m)); cw_hit = np.zeros((k, m))
    nll = brier = acc = mconf = 0.0
    for i, c in chunks(z):
        yy = y[i:i + len(c)]
        s = c / t
        s -= s.max(1, keepdims=True)
        e = np.exp(s)
        tot = e.sum(1)
        p = e / tot[:, None]
        rows = np.arange(len(c))
        nll += float(np.sum(np.log(tot) - s[rows, yy]))
        brier += float(np.sum((p * p).sum(1) - 2 * p[rows, yy] + 1))
        conf = 1.0 / tot
        hit = (c.argmax(1) == yy)
        acc += float(hit.sum()); mconf += float(conf.sum())
        b = np.searchsorted(edges[1:-1], conf, side="left")
        count += np.bincount(b, minlength=m); conf_sum += np.bincount(b, conf, minlength=m)
        hit_sum += np.bincount(b, hit, minlength=m)
        bk = np.searchsorted(edges[1:-1], p, side="left") + m * np.arange(k)[None, :]
        onehot = (np.arange(k)[None, :] == yy[:, None])
        cw_count += np.bincount(bk.ravel(), minlength=k * m).reshape(k, m)
        cw_conf += np.bincount(bk.ravel(), p.ravel(), minlength=k * m).reshape(k, m)
        cw_hit += np.bincount(bk.ravel(), onehot.ravel(), minlength=k * m).reshape(k, m)

    def errors(cnt, cs, hs):
        nz = cnt > 0
        gap = np.abs(hs[nz] / cnt[nz] - cs[nz] / cnt[nz])
        w = cnt[nz] / n
        return float((w * gap).sum()), float(gap.max()), float(np.sqrt((w * gap ** 2).sum()))

    ece, mce, rms = errors(count, conf_sum, hit_sum)
    cw = np.mean([errors(cw_count[j], cw_conf[j], cw_hit[j])[0] for j in range(k)])
    return {"accuracy": acc / n, "mean_confidence": mconf / n, "nll": nll / n, "brier": brier / n,
            "ece": ece, "mce": mce, "rmsce": rms, "classwise_ece": float(cw)}


def nll_at(z, y, t):
    total = 0.0
    for i, c in chunks(z):
        s = c / t
        mx = s.max(1)
        total += float(np.sum(mx + np.log(np.exp(s - mx[:, None]).sum(1)) - s[np.arange(len(c)), y[i:i + len(c)]]))
    return total / len(z)


def main():
    t0 = time.perf_counter()
    z = np.load(sys.argv[1], mmap_mode="r")
    y = np.asarray(np.load(sys.argv[2], mmap_mode="r")).astype(np.int64)
    m = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    t1 = time.perf_counter()
    out = {"n": int(z.shape[0]), "k": int(z.shape[1])}
    out.update(metrics(z, y, m))
    t2 = time.perf_counter()
    res = scipy.optimize.minimize_scalar(lambda lt: nll_at(z, y, np.exp(lt)), bracket=(-1.0, 1.0),
                                         method="brent", options={"xtol": 1e-10})
    t = float(np.exp(res.x))
    t3 = time.perf_counter()
    out["temperature"] = t
    out["after"] = metrics(z, y, m, t)
    t4 = time.perf_counter()
    out["seconds"] = {"load": t1 - t0, "metrics": t2 - t1, "fit": t3 - t2, "after": t4 - t3,
                      "fit_nll_evaluations": int(res.nfev)}
    print(json.dumps(out))


if __name__ == "__main__":
    main()

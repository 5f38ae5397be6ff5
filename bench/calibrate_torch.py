#!/usr/bin/python3
"""The metrics of `losslab calibrate` in PyTorch 1.13, for timing side by side with it.

Usage: bench/calibrate_torch.py LOGITS.npy LABELS.npy [BINS]
Reads the logits memory-mapped (np.load(mmap_mode="r")) and works in chunks of 65536 rows,
each converted to a float64 tensor, on torch.get_num_threads() threads (set to the machine's
cores). Prints one JSON object with the same keys as `losslab calibrate --format json` plus
the wall and CPU seconds of each stage. The temperature is fitted the way temperature-scaling
code usually does it in PyTorch: torch.optim.LBFGS (strong Wolfe line search) on log T, each
closure a chunked pass over the rows accumulating the NLL and its gradient.
"""
import json
import os
import sys
import time

import numpy as np
import torch

CHUNK = 65536


def chunks(z, y):
    for i in range(0, len(z), CHUNK):
        yield (torch.from_numpy(np.asarray(z[i:i + CHUNK], dtype=np.float64)),
               torch.from_numpy(y[i:i + CHUNK]))


def metrics(z, y, m, t=1.0):
    n, k = z.shape
    # Equal-width bins (b/M, (b+1)/M]: bucketize(right=False) on the inner edges.
    inner = torch.arange(1, m, dtype=torch.float64) / m
    count = torch.zeros(m, dtype=torch.float64)
    conf_sum = torch.zeros(m, dtype=torch.float64)
    hit_sum = torch.zeros(m, dtype=torch.float64)
    cw_count = torch.zeros(k * m, dtype=torch.float64)
    cw_conf = torch.zeros(k * m, dtype=torch.float64)
    cw_hit = torch.zeros(k * m, dtype=torch.float64)
    nll = brier = acc = mconf = 0.0
    offsets = torch.arange(k) * m
    for c, yy in chunks(z, y):
        logp = torch.log_softmax(c / t, dim=1)
        p = logp.exp()
        rows = torch.arange(len(c))
        nll -= float(logp[rows, yy].sum())
        brier += float(((p * p).sum(1) - 2 * p[rows, yy] + 1).sum())
        conf, _ = p.max(1)
        hit = (c.argmax(1) == yy).double()
        acc += float(hit.sum())
        mconf += float(conf.sum())
        b = torch.bucketize(conf, inner)
        count += torch.bincount(b, minlength=m).double()
        conf_sum += torch.bincount(b, conf, minlength=m)
        hit_sum += torch.bincount(b, hit, minlength=m)
        bk = (torch.bucketize(p, inner) + offsets[None, :]).reshape(-1)
        onehot = torch.nn.functional.one_hot(yy, k).double().reshape(-1)
        cw_count += torch.bincount(bk, minlength=k * m).double()
        cw_conf += torch.bincount(bk, p.reshape(-1), minlength=k * m)
        cw_hit += torch.bincount(bk, onehot, minlength=k * m)

    def errors(cnt, cs, hs):
        nz = cnt > 0
        gap = (hs[nz] / cnt[nz] - cs[nz] / cnt[nz]).abs()
        w = cnt[nz] / n
        return float((w * gap).sum()), float(gap.max()), float((w * gap ** 2).sum().sqrt())

    ece, mce, rms = errors(count, conf_sum, hit_sum)
    cw = np.mean([errors(cw_count[j * m:(j + 1) * m], cw_conf[j * m:(j + 1) * m],
                         cw_hit[j * m:(j + 1) * m])[0] for j in range(k)])
    return {"accuracy": acc / n, "mean_confidence": mconf / n, "nll": nll / n, "brier": brier / n,
            "ece": ece, "mce": mce, "rmsce": rms, "classwise_ece": float(cw)}


def fit_temperature(z, y):
    log_t = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([log_t], lr=1.0, max_iter=100, tolerance_grad=1e-12,
                            tolerance_change=1e-14, line_search_fn="strong_wolfe")
    passes = [0]

    def closure():
        opt.zero_grad()
        total = 0.0
        for c, yy in chunks(z, y):
            loss = torch.nn.functional.cross_entropy(c / log_t.exp(), yy, reduction="sum") / len(z)
            loss.backward()
            total += float(loss)
        passes[0] += 1
        return torch.tensor(total, dtype=torch.float64)

    opt.step(closure)
    return float(log_t.exp()), passes[0]


def main():
    torch.set_num_threads(os.cpu_count() or 1)
    clock = lambda: (time.perf_counter(), time.process_time())
    t0 = clock()
    z = np.load(sys.argv[1], mmap_mode="r")
    y = np.asarray(np.load(sys.argv[2], mmap_mode="r")).astype(np.int64)
    m = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    t1 = clock()
    out = {"n": int(z.shape[0]), "k": int(z.shape[1])}
    out.update(metrics(z, y, m))
    t2 = clock()
    t, passes = fit_temperature(z, y)
    t3 = clock()
    out["temperature"] = t
    out["after"] = metrics(z, y, m, t)
    t4 = clock()
    stage = lambda a, b: [b[0] - a[0], b[1] - a[1]]
    out["seconds"] = {"load": stage(t0, t1), "metrics": stage(t1, t2), "fit": stage(t2, t3),
                      "after": stage(t3, t4), "fit_nll_evaluations": passes}
    print(json.dumps(out))


if __name__ == "__main__":
    main()

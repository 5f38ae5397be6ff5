#!/usr/bin/python3
"""Times PyTorch's CPU normalization kernels on the tensor bench_normalization.cpp uses.

    /usr/bin/python3 bench/time_pytorch_norm.py [--repeats 200]

An 8x64x56x56 float32 tensor; F.batch_norm (training, with running stats), F.group_norm
(32 groups), F.layer_norm (over C,H,W, with an elementwise affine) and F.instance_norm, each
with the default thread count, with 1 thread and with every hardware thread (on this 2-core
machine Debian's torch defaults to 1). Prints the median and the minimum in ms.
"""
import argparse
import os
import statistics
import time

import torch
import torch.nn.functional as F


def timeit(fn, repeats):
    for _ in range(10):
        fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times), min(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=200)
    args = ap.parse_args()

    torch.manual_seed(1)
    n, c, h, w = 8, 64, 56, 56
    x = torch.randn(n, c, h, w, dtype=torch.float32)
    gamma = torch.linspace(1.0, 1.63, c)
    beta = torch.linspace(0.0, 6.3, c)
    rm, rv = torch.zeros(c), torch.ones(c)
    gamma_l = gamma.view(c, 1, 1).expand(c, h, w).contiguous()
    beta_l = beta.view(c, 1, 1).expand(c, h, w).contiguous()

    cases = {
        "batch_norm (train)": lambda: F.batch_norm(x, rm, rv, gamma, beta, True, 0.1, 1e-5),
        "batch_norm (eval)": lambda: F.batch_norm(x, rm, rv, gamma, beta, False, 0.1, 1e-5),
        "group_norm (G=32)": lambda: F.group_norm(x, 32, gamma, beta, 1e-5),
        "layer_norm": lambda: F.layer_norm(x, (c, h, w), gamma_l, beta_l, 1e-5),
        "instance_norm": lambda: F.instance_norm(x, weight=gamma, bias=beta, eps=1e-5),
    }
    default_threads = torch.get_num_threads()
    print("default threads: %d" % default_threads)
    print("torch %s, tensor %dx%dx%dx%d float32, %d repeats" % (torch.__version__, n, c, h, w,
                                                             args.repeats))
    for threads in sorted({default_threads, 1, os.cpu_count() or 1}):
        torch.set_num_threads(threads)
        with torch.no_grad():
            for name, fn in cases.items():
                med, best = timeit(fn, args.repeats)
                print("%-20s threads=%d  median %.3f ms  min %.3f ms" % (name, threads, med, best))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Times PyTorch 1.13's CPU kernels on one thread for the cases of bench/bench_losses.cpp:
BCEWithLogits (mean), torchvision sigmoid_focal_loss (mean, gamma 2) and cross_entropy (mean,
1e5 rows of 10 logits), 1e6 float64 points each. Prints ms per call and ns per element.
Run: /usr/bin/python3 bench/time_pytorch_losses.py
"""
import time

import torch
import torch.nn.functional as F
import torchvision

torch.set_num_threads(1)
N, K = 1_000_000, 10
g = torch.Generator().manual_seed(7)
z = torch.randn(N, dtype=torch.float64, generator=g) * 3.0
y = (torch.rand(N, dtype=torch.float64, generator=g) < 0.5).double()
labels = torch.randint(0, K, (N // K,), generator=g)


def timeit(name, fn, repeats=20):
    fn()
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    print("%-28s %8.3f ms  %6.2f ns/element" % (name, best * 1e3, best * 1e9 / N))


with torch.no_grad():
    timeit("bce_with_logits mean", lambda: F.binary_cross_entropy_with_logits(z, y))
    timeit("sigmoid_focal_loss mean",
           lambda: torchvision.ops.sigmoid_focal_loss(z, y, 0.25, 2.0, reduction="mean"))
    timeit("cross_entropy mean (K=10)", lambda: F.cross_entropy(z.view(-1, K), labels))

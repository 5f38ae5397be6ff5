#!/usr/bin/python3
"""Times PyTorch 1.13's CPU kernels on one thread for the cases of bench/bench_losses.cpp:
BCEWithLogits (mean), torchvision sigmoid_focal_loss (mean, gamma 2 and 3.7) and
cross_entropy (mean, 1e5 rows of 10 logits), 1e6 float64 points each; then the same in float32.
Prints the best of 20 calls as ns per element, both wall time and the thread's CPU time
(compare CPU time with bench_losses' CPU column when the machine is shared).
Run: /usr/bin/python3 bench/time_pytorch_losses.py
"""
import time

import torch
import torch.nn.functional as F
import torchvision

torch.set_num_threads(1)
N, K = 1_000_000, 10
g = torch.Generator().manual_seed(7)
z64 = torch.randn(N, dtype=torch.float64, generator=g) * 3.0
y64 = (torch.rand(N, dtype=torch.float64, generator=g) < 0.5).double()
labels = torch.randint(0, K, (N // K,), generator=g)


def timeit(name, fn, repeats=20):
    fn()
    wall = cpu = float("inf")
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.thread_time()
        fn()
        wall = min(wall, time.perf_counter() - t0)
        cpu = min(cpu, time.thread_time() - c0)
    print("%-34s wall %7.2f ns/element   cpu %7.2f ns/element" % (name, wall * 1e9 / N,
                                                                   cpu * 1e9 / N))


with torch.no_grad():
    for dtype in (torch.float64, torch.float32):
        z, y = z64.to(dtype), y64.to(dtype)
        tag = "f64" if dtype == torch.float64 else "f32"
        timeit("bce_with_logits mean " + tag, lambda: F.binary_cross_entropy_with_logits(z, y))
        timeit("sigmoid_focal_loss mean g2 " + tag,
               lambda: torchvision.ops.sigmoid_focal_loss(z, y, 0.25, 2.0, reduction="mean"))
        timeit("sigmoid_focal_loss mean g3.7 " + tag,
               lambda: torchvision.ops.sigmoid_focal_loss(z, y, 0.25, 3.7, reduction="mean"))
        timeit("cross_entropy mean (K=10) " + tag,
               lambda: F.cross_entropy(z.view(-1, K), labels))

#!/usr/bin/env python3
"""The layers of `wash bench-layers`, timed in PyTorch eager: the forward and backward pass of each layer
of the small CNN and of ResNet-20's blocks alone, batch 64, channels-last, for each thread count.

Same cases, by the same names, in the same order: each the median of --calls calls after 10 warm-up
ones, per round; the medians over --rounds interleaved rounds are printed as JSON (one object) on stdout.
"""
import argparse
import json
import os
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

BATCH = 64
WARMUP_CALLS = 10


def conv(cin, cout):
    return nn.Conv2d(cin, cout, 3, padding=1, bias=False).to(memory_format=torch.channels_last)


def cases():
    """(name, input shape, input needs grad, layer), as LayerBenchmark.cases() in the Java project."""
    out = [
        ("small-cnn conv 1→16 @28", (BATCH, 1, 28, 28), False, conv(1, 16)),
        ("small-cnn batchnorm 16 @28", (BATCH, 16, 28, 28), True, nn.BatchNorm2d(16)),
        ("small-cnn max-pool 16 @28", (BATCH, 16, 28, 28), True, lambda x: F.max_pool2d(x, 2, 2)),
        ("small-cnn relu 16 @14", (BATCH, 16, 14, 14), True, F.relu),
        ("small-cnn conv 16→32 @14", (BATCH, 16, 14, 14), True, conv(16, 32)),
        ("small-cnn batchnorm 32 @14", (BATCH, 32, 14, 14), True, nn.BatchNorm2d(32)),
        ("small-cnn max-pool 32 @14", (BATCH, 32, 14, 14), True, lambda x: F.max_pool2d(x, 2, 2)),
        ("small-cnn conv 32→64 @7", (BATCH, 32, 7, 7), True, conv(32, 64)),
        ("small-cnn batchnorm 64 @7", (BATCH, 64, 7, 7), True, nn.BatchNorm2d(64)),
        ("small-cnn relu 64 @7", (BATCH, 64, 7, 7), True, F.relu),
    ]
    for c, side in ((16, 32), (32, 16), (64, 8)):
        shape, at = (BATCH, c, side, side), f" {c} @{side}"
        out += [
            ("resnet20 conv" + at, shape, True, conv(c, c)),
            ("resnet20 batchnorm" + at, shape, True, nn.BatchNorm2d(c)),
            ("resnet20 relu" + at, shape, True, F.relu),
            ("resnet20 residual add" + at, shape, True, lambda x: x + x),
        ]
    return out


def median_ms(shape, needs_grad, layer, calls):
    x = torch.randn(*shape).contiguous(memory_format=torch.channels_last).requires_grad_(needs_grad)
    upstream = torch.randn_like(layer(x))
    ms = []
    for i in range(WARMUP_CALLS + calls):
        start = time.perf_counter()
        layer(x).backward(upstream)
        if i >= WARMUP_CALLS:
            ms.append((time.perf_counter() - start) * 1e3)
    return statistics.median(ms)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", default=None, help="comma-separated thread counts (default: 1 and the cores)")
    ap.add_argument("--calls", type=int, default=40)
    ap.add_argument("--rounds", type=int, default=2)
    a = ap.parse_args()
    cores = os.cpu_count()
    counts = [int(t) for t in a.threads.split(",")] if a.threads else sorted({1, cores})
    if a.calls < 1 or a.rounds < 1 or any(t < 1 for t in counts):
        ap.error(f"expected --calls, --rounds and every thread count at least 1, found {a.calls}, {a.rounds}, {counts}")
    torch.manual_seed(0)
    layers = cases()
    per_round = {(t, name): [] for t in counts for name, *_ in layers}
    for _ in range(a.rounds):
        for t in counts:
            torch.set_num_threads(t)
            for name, shape, needs_grad, layer in layers:
                per_round[(t, name)].append(median_ms(shape, needs_grad, layer, a.calls))
    records = [{"layer": name, "threads": t, "ms_per_round": per_round[(t, name)],
                "median_ms": statistics.median(per_round[(t, name)])} for t in counts for name, *_ in layers]
    print(json.dumps({"side": "pytorch", "version": torch.__version__, "batch_size": BATCH, "cores": cores,
                      "layers": records}))


if __name__ == "__main__":
    main()

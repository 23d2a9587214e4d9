#!/usr/bin/env python3
"""The PyTorch peer of `wash bench`: a population of N models trained in eager PyTorch, one member
after another, as a PyTorch user would write it — the same architectures, batch, data, augmentation,
loss and optimizer as WASH for Java — plus the WASH shuffle written as sparse tensor ops.

Prints one JSON line: images/s of the whole population's training (median of the timed steps) and,
measured separately after each step, the shuffle's milliseconds per step. Run by bin/bench-peer in rounds interleaved with the Java side.
"""
import argparse
import gzip
import json
import math
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def conv(cin, cout, k=3, stride=1):
    return nn.Conv2d(cin, cout, k, stride=stride, padding=k // 2, bias=False)


class SmallCnn(nn.Module):
    def __init__(self, channels, classes):
        super().__init__()
        self.conv1, self.bn1 = conv(channels, 16), nn.BatchNorm2d(16)
        self.conv2, self.bn2 = conv(16, 32), nn.BatchNorm2d(32)
        self.conv3, self.bn3 = conv(32, 64), nn.BatchNorm2d(64)
        self.fc = nn.Linear(64, classes)

    def forward(self, x):
        # Pool before ReLU, as WASH for Java does: the same function (ReLU commutes with max), cheaper.
        # ReLU in place, as there and in torchvision (nothing's backward needs what it overwrites).
        x = F.relu(F.max_pool2d(self.bn1(self.conv1(x)), 2, 2), inplace=True)
        x = F.relu(F.max_pool2d(self.bn2(self.conv2(x)), 2, 2), inplace=True)
        x = F.relu(self.bn3(self.conv3(x)), inplace=True)
        return self.fc(F.adaptive_avg_pool2d(x, 1).flatten(1))


class BlockA(nn.Module):
    """ResNet-20's basic block with the parameter-free shortcut (subsample, zero-pad the channels)."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1, self.bn1 = conv(cin, cout, 3, stride), nn.BatchNorm2d(cout)
        self.conv2, self.bn2 = conv(cout, cout), nn.BatchNorm2d(cout)
        self.reshape = stride != 1 or cin != cout
        self.pad = (cout - cin) // 2

    def forward(self, x):
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)), inplace=True)))
        y += F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, self.pad, self.pad)) if self.reshape else x
        return F.relu(y, inplace=True)


class BlockB(nn.Module):
    """ResNet-18's basic block with a 1×1 convolution + BatchNorm shortcut where the shape changes."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1, self.bn1 = conv(cin, cout, 3, stride), nn.BatchNorm2d(cout)
        self.conv2, self.bn2 = conv(cout, cout), nn.BatchNorm2d(cout)
        self.shortcut = None
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(conv(cin, cout, 1, stride), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)), inplace=True)))
        y += self.shortcut(x) if self.shortcut is not None else x
        return F.relu(y, inplace=True)


class ResNet(nn.Module):
    def __init__(self, block, widths, blocks, channels, classes):
        super().__init__()
        self.stem, self.stem_bn = conv(channels, widths[0]), nn.BatchNorm2d(widths[0])
        layers, cin = [], widths[0]
        for stage, w in enumerate(widths):
            for b in range(blocks):
                layers.append(block(cin, w, 2 if stage > 0 and b == 0 else 1))
                cin = w
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(cin, classes)

    def forward(self, x):
        x = self.layers(F.relu(self.stem_bn(self.stem(x)), inplace=True))
        return self.fc(F.adaptive_avg_pool2d(x, 1).flatten(1))


def model(name, channels, classes):
    if name == "small-cnn":
        return SmallCnn(channels, classes)
    if name == "resnet20":
        return ResNet(BlockA, [16, 32, 64], 3, channels, classes)
    if name == "resnet18":
        return ResNet(BlockB, [64, 128, 256, 512], 2, channels, classes)
    raise SystemExit(f"population_bench: model: expected small-cnn, resnet20 or resnet18, found {name}")


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    dims = [struct.unpack(">I", data[4 + 4 * i:8 + 4 * i])[0] for i in range(magic & 0xFF)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * len(dims)).reshape(dims)


class Shuffle:
    """WASH after a step: for each tensor, Binomial(numel, p_l) coordinates, each permuted across the
    members; p_l decreases linearly with the layer's depth (p at the input, 0 at the output)."""

    def __init__(self, members, p):
        self.members = members
        names = [n for n, _ in members[0].named_parameters()]
        owners = []
        for n in names:
            owner = n.rsplit(".", 1)[0]
            if owner not in owners:
                owners.append(owner)
        depth = {n: owners.index(n.rsplit(".", 1)[0]) for n in names}
        last = max(len(owners) - 1, 1)
        self.tensors = [[dict(m.named_parameters())[n] for m in members] for n in names]
        self.p = [p * (1 - depth[n] / last) for n in names]
        self.generator = torch.Generator().manual_seed(1)

    @torch.no_grad()
    def __call__(self):
        moved = 0
        n = len(self.members)
        for per_member, p in zip(self.tensors, self.p):
            numel = per_member[0].numel()
            k = int(torch.distributions.Binomial(numel, torch.tensor(p)).sample()) if p > 0 else 0
            if k == 0:
                continue
            idx = torch.randint(numel, (k,), generator=self.generator)
            # A channels-last weight is contiguous in (out, h, w, in) order: flatten it in that order.
            flat = [(t.permute(0, 2, 3, 1) if t.dim() == 4 and not t.is_contiguous() else t).view(-1)
                    for t in per_member]
            values = torch.stack([f[idx] for f in flat])  # [n, k]
            perm = torch.argsort(torch.rand(k, n, generator=self.generator), dim=1).t()  # σ_k for each coordinate
            shuffled = values.gather(0, perm)
            for i in range(n):
                flat[i][idx] = shuffled[i]
            moved += k * n
        return moved


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="small-cnn")
    ap.add_argument("--population", type=int, default=5)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--p", type=float, default=0.001)
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--shuffle-loop", type=int, default=200,
                    help="shuffles timed alone after training, as `wash bench`'s shuffle variant")
    ap.add_argument("--channels-last", action="store_true",
                    help="members and batches in torch.channels_last, PyTorch's recipe for faster CPU convolutions")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    need = a.batch * (a.steps + a.warmup + 10)
    images = read_idx(os.path.join(a.data, "train-images-idx3-ubyte.gz"))[:need]
    labels = read_idx(os.path.join(a.data, "train-labels-idx1-ubyte.gz"))[:need].astype(np.int64)
    x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    x = (x - x.mean()) / x.std()
    y = torch.from_numpy(labels)
    classes, pad, side = 10, 2, x.shape[-1]
    members = [model(a.model, 1, classes) for _ in range(a.population)]
    for m in members[1:]:
        m.load_state_dict(members[0].state_dict())  # start at consensus, as WASH does
    layout = torch.channels_last if a.channels_last else torch.contiguous_format
    members = [m.to(memory_format=layout) for m in members]
    optimizers = [torch.optim.SGD(m.parameters(), lr=0.05, momentum=0.9, weight_decay=1e-4) for m in members]
    orders = [np.random.default_rng(100 + i).permutation(len(x)) for i in range(a.population)]
    crops = [np.random.default_rng(200 + i) for i in range(a.population)]
    shuffle = Shuffle(members, a.p)

    def batch(i, s):
        idx = orders[i][s * a.batch:(s + 1) * a.batch]
        padded = F.pad(x[idx], (pad, pad, pad, pad))
        off = crops[i].integers(0, 2 * pad + 1, size=(a.batch, 2))
        xb = torch.stack([padded[j, :, dy:dy + side, dx:dx + side] for j, (dy, dx) in enumerate(off)])
        return xb.contiguous(memory_format=layout), F.one_hot(y[idx], classes).float()

    step_seconds, shuffle_seconds, moved = [], [], 0
    for s in range(a.warmup + a.steps):
        t0 = time.perf_counter()
        for i, (m, opt) in enumerate(zip(members, optimizers)):
            xb, target = batch(i, s)
            m.train()
            logits = m(xb)
            loss = -(F.log_softmax(logits, 1) * target).sum(1).mean()
            opt.zero_grad(set_to_none=False)
            loss.backward()
            opt.step()
            float(loss)  # the Java trainer reads every member's loss each step too
        t1 = time.perf_counter()
        moved_now = shuffle()
        t2 = time.perf_counter()
        if s >= a.warmup:
            step_seconds.append(t1 - t0)  # training alone, as `wash bench`'s population variants
            shuffle_seconds.append(t2 - t1)
            moved += moved_now
    alone = []
    for _ in range(a.shuffle_loop):
        t0 = time.perf_counter()
        shuffle()
        alone.append(time.perf_counter() - t0)
    median = float(np.median(step_seconds))
    print(json.dumps({"side": "pytorch", "torch": torch.__version__, "model": a.model, "population": a.population,
                      "parameters": sum(p.numel() for p in members[0].parameters()), "threads": a.threads,
                      "channels_last": a.channels_last, "images_per_second": a.population * a.batch / median,
                      "shuffle_ms_per_step": 1000 * float(np.median(shuffle_seconds)),
                      "shuffle_alone_ms": 1000 * float(np.median(alone)) if alone else None,
                      "shuffle_share": float(np.median(shuffle_seconds)) / (median + float(np.median(shuffle_seconds))),
                      "values_moved_per_step": moved / a.steps}))


if __name__ == "__main__":
    sys.exit(main())

package io.github.washjava.model;

import static org.bytedeco.pytorch.global.torch.adaptive_avg_pool2d;
import static org.bytedeco.pytorch.global.torch.max_pool2d;
import static org.bytedeco.pytorch.global.torch.relu_;

import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Tensor;

/**
 * A small CNN for CPU runs: three conv(3×3)-BN-ReLU blocks of 16, 32 and 64 channels, 2×2 max-pool
 * after the first two, global average pool, linear. 24,058 parameters for 1 channel and 10 classes.
 * (Twice the widths trained 2.2× slower on 2 cores for about the same accuracy after a few epochs.)
 */
public final class SmallCnn extends WashModel {
    private final Conv2dImpl conv1;
    private final BatchNorm2dImpl bn1;
    private final Conv2dImpl conv2;
    private final BatchNorm2dImpl bn2;
    private final Conv2dImpl conv3;
    private final BatchNorm2dImpl bn3;
    private final LinearImpl fc;

    public SmallCnn(long channels, long classes) {
        conv1 = conv("conv1", channels, 16, 3, 1, false);
        bn1 = batchNorm("bn1", 16);
        conv2 = conv("conv2", 16, 32, 3, 1, false);
        bn2 = batchNorm("bn2", 32);
        conv3 = conv("conv3", 32, 64, 3, 1, false);
        bn3 = batchNorm("bn3", 64);
        fc = register_module("fc", new LinearImpl(64, classes));
    }

    @Override
    public Tensor forward(Tensor images) {
        // Max-pool before ReLU: ReLU is monotone, so it commutes with max, and the values and gradients are
        // those of conv-BN-ReLU-pool exactly, with ReLU on a quarter of the elements (docs/benchmarks.md).
        // ReLU in place, here and in the other models: the backward of max-pool and BatchNorm needs their
        // inputs, not the outputs it overwrites, and ReLU's own backward needs only its result.
        Tensor x = relu_(max_pool2d(bn1.forward(stemForward(conv1, images)), 2, 2));
        x = relu_(max_pool2d(bn2.forward(conv2.forward(x)), 2, 2));
        x = relu_(bn3.forward(conv3.forward(x)));
        x = adaptive_avg_pool2d(x, 1, 1).flatten(1, -1);
        return fc.forward(x);
    }
}

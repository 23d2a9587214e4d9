package io.github.washjava.model;

import static org.bytedeco.pytorch.global.torch.adaptive_avg_pool2d;
import static org.bytedeco.pytorch.global.torch.max_pool2d;
import static org.bytedeco.pytorch.global.torch.relu;

import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Tensor;

/**
 * A small CNN for CPU runs: three conv(3×3)-BN-ReLU blocks of 32, 64 and 128 channels, 2×2 max-pool
 * after the first two, global average pool, linear. 94k parameters for 10 classes.
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
        conv1 = conv("conv1", channels, 32, 3, 1, false);
        bn1 = batchNorm("bn1", 32);
        conv2 = conv("conv2", 32, 64, 3, 1, false);
        bn2 = batchNorm("bn2", 64);
        conv3 = conv("conv3", 64, 128, 3, 1, false);
        bn3 = batchNorm("bn3", 128);
        fc = register_module("fc", new LinearImpl(128, classes));
    }

    @Override
    public Tensor forward(Tensor images) {
        Tensor x = max_pool2d(relu(bn1.forward(conv1.forward(images))), 2, 2);
        x = max_pool2d(relu(bn2.forward(conv2.forward(x))), 2, 2);
        x = relu(bn3.forward(conv3.forward(x)));
        x = adaptive_avg_pool2d(x, 1, 1).flatten(1, -1);
        return fc.forward(x);
    }
}

package io.github.washjava.model;

import static org.bytedeco.pytorch.global.torch.adaptive_avg_pool2d;
import static org.bytedeco.pytorch.global.torch.relu_;

import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Tensor;

/**
 * ResNet-18, CIFAR variant (docs/method.md §10): 3×3 stem with 64 channels, stride 1 and no max-pool; four
 * stages of two basic blocks (64/128/256/512 channels, strides 1/2/2/2); 1×1-conv + BN shortcut where
 * the shape changes; bias-free convolutions; global average pool; linear. 11,173,962 parameters for 10
 * classes.
 */
public final class ResNet18 extends WashModel {
    private final Conv2dImpl stem;
    private final BatchNorm2dImpl stemBn;
    private final BasicBlock[] blocks = new BasicBlock[8];
    private final LinearImpl fc;

    public ResNet18(long channels, long classes) {
        stem = conv("conv1", channels, 64, 3, 1, false);
        stemBn = batchNorm("bn1", 64);
        long[] widths = {64, 128, 256, 512};
        long in = 64;
        for (int stage = 0; stage < 4; stage++) {
            for (int b = 0; b < 2; b++) {
                long stride = (stage > 0 && b == 0) ? 2 : 1;
                blocks[stage * 2 + b] = block("layer" + (stage + 1) + "_" + b, new BasicBlock(in, widths[stage], stride));
                in = widths[stage];
            }
        }
        fc = register_module("fc", new LinearImpl(512, classes));
    }

    @Override
    public Tensor forward(Tensor images) {
        Tensor x = relu_(stemBn.forward(stemForward(stem, images)));
        for (BasicBlock block : blocks) {
            x = block.forward(x);
        }
        return fc.forward(adaptive_avg_pool2d(x, 1, 1).flatten(1, -1));
    }

    /** Two 3×3 conv-BN layers with a residual connection (projection shortcut when shapes differ). */
    static final class BasicBlock extends LayeredModule {
        private final Conv2dImpl conv1;
        private final BatchNorm2dImpl bn1;
        private final Conv2dImpl conv2;
        private final BatchNorm2dImpl bn2;
        private final Conv2dImpl shortcutConv;
        private final BatchNorm2dImpl shortcutBn;

        BasicBlock(long in, long out, long stride) {
            conv1 = conv("conv1", in, out, 3, stride, false);
            bn1 = batchNorm("bn1", out);
            conv2 = conv("conv2", out, out, 3, 1, false);
            bn2 = batchNorm("bn2", out);
            if (stride != 1 || in != out) {
                shortcutConv = conv("shortcut_conv", in, out, 1, stride, false);
                shortcutBn = batchNorm("shortcut_bn", out);
            } else {
                shortcutConv = null;
                shortcutBn = null;
            }
        }

        Tensor forward(Tensor x) {
            Tensor y = relu_(bn1.forward(conv1.forward(x)));
            y = bn2.forward(conv2.forward(y));
            Tensor shortcut = shortcutConv == null ? x : shortcutBn.forward(pointwiseForward(shortcutConv, x));
            return relu_(y.add_(shortcut));
        }
    }
}

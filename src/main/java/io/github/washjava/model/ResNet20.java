package io.github.washjava.model;

import static org.bytedeco.pytorch.global.torch.adaptive_avg_pool2d;
import static org.bytedeco.pytorch.global.torch.constant_pad_nd;
import static org.bytedeco.pytorch.global.torch.kaiming_normal_;
import static org.bytedeco.pytorch.global.torch.relu_;

import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * ResNet-20 for CIFAR (He et al. 2016, docs/method.md §10): 16/32/64 channels, three stages of three basic
 * blocks, option-A shortcuts (subsample and zero-pad the channels, no parameters), Kaiming-normal
 * initialisation of convolution and linear weights. 269,722 parameters for 10 classes.
 */
public final class ResNet20 extends WashModel {
    private final Conv2dImpl stem;
    private final BatchNorm2dImpl stemBn;
    private final BasicBlock[] blocks = new BasicBlock[9];
    private final LinearImpl fc;

    public ResNet20(long channels, long classes) {
        stem = conv("conv1", channels, 16, 3, 1, false);
        stemBn = batchNorm("bn1", 16);
        long[] widths = {16, 32, 64};
        long in = 16;
        for (int stage = 0; stage < 3; stage++) {
            for (int b = 0; b < 3; b++) {
                long stride = (stage > 0 && b == 0) ? 2 : 1;
                blocks[stage * 3 + b] = block("layer" + (stage + 1) + "_" + b, new BasicBlock(in, widths[stage], stride));
                in = widths[stage];
            }
        }
        fc = register_module("fc", new LinearImpl(64, classes));
        try (NoGradGuard noGrad = new NoGradGuard()) {
            var params = named_parameters();
            for (long i = 0; i < params.size(); i++) {
                String name = params.get(i).key().getString();
                Tensor p = params.get(i).value();
                boolean convOrLinearWeight = name.endsWith("weight") && p.dim() > 1;
                if (convOrLinearWeight) {
                    kaiming_normal_(p);
                }
            }
        }
    }

    @Override
    public Tensor forward(Tensor images) {
        Tensor x = relu_(stemBn.forward(stemForward(stem, images)));
        for (BasicBlock block : blocks) {
            x = block.forward(x);
        }
        return fc.forward(adaptive_avg_pool2d(x, 1, 1).flatten(1, -1));
    }

    /** Basic block with the parameter-free option-A shortcut. */
    static final class BasicBlock extends LayeredModule {
        private final Conv2dImpl conv1;
        private final BatchNorm2dImpl bn1;
        private final Conv2dImpl conv2;
        private final BatchNorm2dImpl bn2;
        private final boolean reshape;
        private final long padChannels;

        BasicBlock(long in, long out, long stride) {
            conv1 = conv("conv1", in, out, 3, stride, false);
            bn1 = batchNorm("bn1", out);
            conv2 = conv("conv2", out, out, 3, 1, false);
            bn2 = batchNorm("bn2", out);
            reshape = stride != 1 || in != out;
            padChannels = (out - in) / 2;
        }

        Tensor forward(Tensor x) {
            Tensor y = relu_(bn1.forward(conv1.forward(x)));
            y = bn2.forward(conv2.forward(y));
            Tensor shortcut = x;
            if (reshape) {
                // x[:, :, ::2, ::2], then zero channels on both sides: (out - in) / 2 each.
                Tensor sub = x.slice(2, null, null, 2).slice(3, null, null, 2);
                shortcut = constant_pad_nd(sub, new long[] {0, 0, 0, 0, padChannels, padChannels}, new Scalar(0.0));
            }
            // In place (as torchvision): BatchNorm's backward needs its input, not the output summed into here.
            return relu_(y.add_(shortcut));
        }
    }
}

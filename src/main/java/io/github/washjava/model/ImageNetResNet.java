package io.github.washjava.model;

import static org.bytedeco.pytorch.global.torch.adaptive_avg_pool2d;
import static org.bytedeco.pytorch.global.torch.kaiming_normal_;
import static org.bytedeco.pytorch.global.torch.max_pool2d;
import static org.bytedeco.pytorch.global.torch.relu_;

import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.FanModeType;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Nonlinearity;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.kFanOut;
import org.bytedeco.pytorch.kReLU;

/**
 * ResNet in its ImageNet form, with torchvision's layout, parameter names and initialisation
 * (docs/method.md §10): a 7×7 stride-2 stem and a 3×3 stride-2 max-pool, four stages (64/128/256/512
 * channels, strides 1/2/2/2) of basic blocks (ResNet-18: 2, 2, 2, 2) or bottlenecks with 4× expansion
 * and the stride on the 3×3 convolution (ResNet-50: 3, 4, 6, 3), 1×1-conv + BN "downsample" shortcuts
 * where the shape changes, global average pool, linear. For 3 channels and 1,000 classes: 11,689,512
 * (ResNet-18) and 25,557,032 (ResNet-50) parameters, exactly torchvision's.
 *
 * <p>The stages are nested modules named {@code layer1..layer4} with blocks {@code 0, 1, ...} and the
 * shortcut {@code downsample} with children {@code 0} (conv) and {@code 1} (BN), so the parameter names
 * are torchvision's ({@code layer1.0.conv1.weight}, {@code layer2.0.downsample.0.weight}) and a saved
 * archive's {@code state_dict()} loads into {@code torchvision.models.resnet50()} as it is.
 */
public final class ImageNetResNet extends WashModel {
    private final Conv2dImpl stem;
    private final BatchNorm2dImpl stemBn;
    private final Block[] blocks;
    /**
     * The stages, held from Java: libtorch calls back into a Java-defined module (train(), ...), so one
     * whose Java object was collected would fail there.
     */
    private final Stage[] stages = new Stage[4];
    private final LinearImpl fc;

    /** ResNet-18: basic blocks, two per stage. */
    public static ImageNetResNet resnet18(long channels, long classes) {
        return new ImageNetResNet(channels, classes, new int[] {2, 2, 2, 2}, false);
    }

    /** ResNet-50: bottleneck blocks, 3, 4, 6 and 3 per stage. */
    public static ImageNetResNet resnet50(long channels, long classes) {
        return new ImageNetResNet(channels, classes, new int[] {3, 4, 6, 3}, true);
    }

    private ImageNetResNet(long channels, long classes, int[] depths, boolean bottleneck) {
        stem = conv("conv1", channels, 64, 7, 2, false);
        stemBn = batchNorm("bn1", 64);
        blocks = new Block[java.util.Arrays.stream(depths).sum()];
        long in = 64;
        int k = 0;
        for (int stage = 0; stage < 4; stage++) {
            Stage layer = stages[stage] = block("layer" + (stage + 1), new Stage());
            long width = 64L << stage;
            for (int b = 0; b < depths[stage]; b++) {
                long stride = (stage > 0 && b == 0) ? 2 : 1;
                Block block = bottleneck ? new Bottleneck(in, width, stride) : new BasicBlock(in, width, stride);
                blocks[k++] = layer.add(block);
                in = block.out;
            }
        }
        fc = register_module("fc", new LinearImpl(in, classes));
        // torchvision: Kaiming-normal convolutions (fan-out, ReLU gain); BN weight 1, bias 0 and the
        // linear layer's default initialisation are libtorch's defaults too.
        try (NoGradGuard noGrad = new NoGradGuard()) {
            var params = named_parameters();
            for (long i = 0; i < params.size(); i++) {
                Tensor p = params.get(i).value();
                if (p.dim() == 4) {
                    kaiming_normal_(p, 0.0, new FanModeType(new kFanOut()), new Nonlinearity(new kReLU()));
                }
            }
        }
    }

    @Override
    public Tensor forward(Tensor images) {
        // Max-pool before ReLU, on a quarter of the elements: the same values and gradients as torchvision's
        // ReLU-then-pool, since ReLU commutes with max (the padding counts as -inf in both orders).
        Tensor x = stemBn.forward(stemForward(stem, images));
        x = relu_(max_pool2d(x, new long[] {3, 3}, new long[] {2, 2}, new long[] {1, 1}, new long[] {1, 1}, false));
        for (Block block : blocks) {
            x = block.forward(x);
        }
        return fc.forward(adaptive_avg_pool2d(x, 1, 1).flatten(1, -1));
    }

    /** A stage: its blocks registered as children {@code 0, 1, ...}, as torchvision's {@code nn.Sequential}. */
    static final class Stage extends LayeredModule {
        private int count;

        Block add(Block b) {
            return block(String.valueOf(count++), b);
        }
    }

    /** A residual block; its shortcut is the input, or the 1×1-conv + BN {@code downsample} where shapes differ. */
    abstract static class Block extends LayeredModule {
        final long out;
        private Stage downsample; // held from Java, as the stages
        private Conv2dImpl shortcutConv;
        private BatchNorm2dImpl shortcutBn;

        Block(long out) {
            this.out = out;
        }

        /** Registers the shortcut last, as torchvision declares it, when the block changes the shape. */
        final void downsampleIfNeeded(long in, long stride) {
            if (stride != 1 || in != out) {
                downsample = block("downsample", new Stage());
                shortcutConv = downsample.conv("0", in, out, 1, stride, false);
                shortcutBn = downsample.batchNorm("1", out);
            }
        }

        final Tensor shortcut(Tensor x) {
            return shortcutConv == null ? x : shortcutBn.forward(pointwiseForward(shortcutConv, x));
        }

        abstract Tensor forward(Tensor x);
    }

    /** Two 3×3 conv-BN layers. */
    static final class BasicBlock extends Block {
        private final Conv2dImpl conv1;
        private final BatchNorm2dImpl bn1;
        private final Conv2dImpl conv2;
        private final BatchNorm2dImpl bn2;

        BasicBlock(long in, long width, long stride) {
            super(width);
            conv1 = conv("conv1", in, width, 3, stride, false);
            bn1 = batchNorm("bn1", width);
            conv2 = conv("conv2", width, width, 3, 1, false);
            bn2 = batchNorm("bn2", width);
            downsampleIfNeeded(in, stride);
        }

        @Override
        Tensor forward(Tensor x) {
            Tensor y = relu_(bn1.forward(conv1.forward(x)));
            y = bn2.forward(conv2.forward(y));
            return relu_(y.add_(shortcut(x)));
        }
    }

    /** 1×1 reduce, 3×3 (carrying the stride, torchvision's "v1.5"), 1×1 expand to 4 × width. */
    static final class Bottleneck extends Block {
        private final Conv2dImpl conv1;
        private final BatchNorm2dImpl bn1;
        private final Conv2dImpl conv2;
        private final BatchNorm2dImpl bn2;
        private final Conv2dImpl conv3;
        private final BatchNorm2dImpl bn3;

        Bottleneck(long in, long width, long stride) {
            super(4 * width);
            conv1 = conv("conv1", in, width, 1, 1, false);
            bn1 = batchNorm("bn1", width);
            conv2 = conv("conv2", width, width, 3, stride, false);
            bn2 = batchNorm("bn2", width);
            conv3 = conv("conv3", width, out, 1, 1, false);
            bn3 = batchNorm("bn3", out);
            downsampleIfNeeded(in, stride);
        }

        @Override
        Tensor forward(Tensor x) {
            Tensor y = relu_(bn1.forward(pointwiseForward(conv1, x)));
            y = relu_(bn2.forward(conv2.forward(y)));
            y = bn3.forward(pointwiseForward(conv3, y));
            return relu_(y.add_(shortcut(x)));
        }
    }
}

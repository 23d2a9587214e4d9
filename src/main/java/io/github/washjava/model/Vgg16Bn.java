package io.github.washjava.model;

import static org.bytedeco.pytorch.global.torch.adaptive_avg_pool2d;
import static org.bytedeco.pytorch.global.torch.max_pool2d;
import static org.bytedeco.pytorch.global.torch.relu_;

import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Tensor;

/**
 * VGG-16 with BatchNorm (docs/method.md §10): configuration 64,64,M,128,128,M,256×3,M,512×3,M,512×3,M with conv
 * bias, then a single linear layer 512 → classes. On inputs smaller than 32×32 a max-pool is skipped
 * once the feature map is 1×1, and a global average pool makes the head size-independent.
 */
public final class Vgg16Bn extends WashModel {
    private static final int[] CONFIG = {64, 64, -1, 128, 128, -1, 256, 256, 256, -1, 512, 512, 512, -1, 512, 512, 512, -1};
    private final Conv2dImpl[] convs = new Conv2dImpl[13];
    private final BatchNorm2dImpl[] bns = new BatchNorm2dImpl[13];
    private final LinearImpl fc;

    public Vgg16Bn(long channels, long classes) {
        long in = channels;
        int layer = 0;
        for (int width : CONFIG) {
            if (width > 0) {
                convs[layer] = conv("conv" + layer, in, width, 3, 1, true);
                bns[layer] = batchNorm("bn" + layer, width);
                in = width;
                layer++;
            }
        }
        fc = register_module("fc", new LinearImpl(512, classes));
    }

    @Override
    public Tensor forward(Tensor images) {
        Tensor x = images;
        int layer = 0;
        for (int width : CONFIG) {
            if (width > 0) {
                Tensor z = layer == 0 ? stemForward(convs[0], x) : convs[layer].forward(x);
                x = relu_(bns[layer].forward(z));
                layer++;
            } else if (x.size(2) > 1 && x.size(3) > 1) {
                x = max_pool2d(x, 2, 2);
            }
        }
        return fc.forward(adaptive_avg_pool2d(x, 1, 1).flatten(1, -1));
    }
}

package io.github.washjava.model;

import static org.bytedeco.pytorch.global.torch.linear;

import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.DetailConv2dOptions;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * A 1×1 convolution computed as what it is, a matrix product over the channels at every pixel it reads,
 * on the CPU. The oneDNN inside libtorch 2.10 computed some 1×1 convolutions wrongly (channels-last
 * outputs off by half their magnitude, no error raised) or died of a division by zero (SIGFPE) on an AMD
 * EPYC virtual machine, among them ResNet-18's last shortcut and most of ResNet-50's 1×1 layers;
 * {@code linear} (a GEMM) never enters that code (docs/design.md, docs/benchmarks.md). The module stays a
 * {@link Conv2dImpl}, so parameter names, shapes, archives and exports are a convolution's; on other
 * devices it runs as one.
 */
final class PointwiseConvolution {
    private PointwiseConvolution() {
    }

    /**
     * {@code conv} (1×1, no padding, one group, square stride) on {@code x}, in {@code x}'s
     * memory layout: a channels-last input gives channels-last output with no copy around the product.
     */
    static Tensor forward(Conv2dImpl conv, Tensor x) {
        long stride = pointwiseStride(conv);
        if (!x.is_cpu()) {
            return conv.forward(x);
        }
        boolean channelsLast = x.is_contiguous(torch.MemoryFormat.ChannelsLast);
        // [N, H, W, C_in], read in place from a channels-last tensor. A 1×1 convolution with stride s and no
        // padding reads exactly the pixels x[:, :, ::s, ::s]; they are selected in the order of x's memory,
        // so that the selection's backward (zeros, then the gradient copied in) writes x's layout, not a
        // transposition of it (the transposing copy took longer than the product and its backward together).
        Tensor pixels = channelsLast ? everyNth(x.permute(0, 2, 3, 1), 1, stride)
                : everyNth(x, 2, stride).permute(0, 2, 3, 1);
        Tensor weight = conv.weight().flatten(1, -1);
        TensorOptional bias = conv.options().bias().get() ? new TensorOptional(conv.bias()) : new TensorOptional();
        Tensor y = linear(pixels, weight, bias).permute(0, 3, 1, 2);
        return channelsLast ? y : y.contiguous();
    }

    /**
     * {@code conv}'s stride; fails, naming what it found, unless {@code conv} is what the product computes:
     * a 1×1 kernel, no padding, one group and the same stride in both directions (dilation does not move a
     * 1×1 kernel).
     */
    private static long pointwiseStride(Conv2dImpl conv) {
        DetailConv2dOptions o = conv.options();
        long kh = o.kernel_size().get(0);
        long kw = o.kernel_size().get(1);
        long sh = o.stride().get(0);
        long sw = o.stride().get(1);
        long groups = o.groups().get();
        long[] padding = explicitPadding(o);
        if (kh != 1 || kw != 1 || sh != sw || groups != 1 || padding[0] != 0 || padding[1] != 0) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "pointwise convolution: expected a 1×1 kernel, no padding, one group and a square stride; "
                            + "found a %d×%d kernel, padding %d×%d, %d groups, stride %d×%d",
                    kh, kw, padding[0], padding[1], groups, sh, sw));
        }
        return sh;
    }

    /** The padding given as numbers; "valid" and "same" are no padding for a 1×1 kernel. */
    private static long[] explicitPadding(DetailConv2dOptions o) {
        LongPointer p;
        try {
            p = o.padding().get0();
        } catch (RuntimeException notNumbers) { // the variant holds kValid or kSame
            return new long[] {0, 0};
        }
        return new long[] {p.get(0), p.get(1)};
    }

    /** Every {@code step}-th index of dimensions {@code first} and {@code first + 1}. */
    private static Tensor everyNth(Tensor t, long first, long step) {
        if (step == 1) {
            return t;
        }
        LongOptional start = new LongOptional(0);
        LongOptional end = new LongOptional(Long.MAX_VALUE);
        return t.slice(first, start, end, step).slice(first + 1, start, end, step);
    }
}

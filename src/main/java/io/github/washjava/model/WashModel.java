package io.github.washjava.model;

import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A classifier the population can train: a libtorch module with a forward pass from normalised
 * images {@code [B, C, H, W]} to logits {@code [B, classes]}.
 *
 * <p>To train your own architecture, subclass this and register submodules in depth order (input
 * side first: {@link ParameterLayout} takes the declaration order as depth). BatchNorm layers of any
 * kind and registered any way are found and recalibrated by walking the module tree. A convolutional
 * model runs its first convolution through {@link #stemForward} so that the rest of its layers run in
 * the chosen {@link ActivationLayout}.
 */
public abstract class WashModel extends LayeredModule {
    private ActivationLayout activationLayout = ActivationLayout.CHANNELS_LAST;

    /** Logits for a batch of normalised images. */
    public abstract Tensor forward(Tensor images);

    /** The memory layout of this model's activations (default channels-last). */
    public final ActivationLayout activationLayout() {
        return activationLayout;
    }

    /** Sets the memory layout of this model's activations; returns this model. */
    public final WashModel activationLayout(ActivationLayout value) {
        this.activationLayout = value;
        return this;
    }

    /**
     * {@code x} in this model's activation layout. A one-channel batch has the same memory order in both
     * layouts, and libtorch reads its usual strides as contiguous; it is restrided as channels-last, a view
     * without a copy, so that the first convolution computes channels-last output itself (for the small
     * CNN 1.0 ms instead of 1.7 ms for the convolution's forward and backward with a copy of its 16-channel
     * output). Other batches are copied. A tensor already in the layout is returned as it is.
     */
    protected final Tensor inActivationLayout(Tensor x) {
        if (activationLayout != ActivationLayout.CHANNELS_LAST || x.dim() != 4) {
            return x;
        }
        if (x.size(1) == 1 && x.is_contiguous()) {
            long h = x.size(2);
            long w = x.size(3);
            return x.as_strided(new long[] {x.size(0), 1, h, w}, new long[] {h * w, 1, w, 1});
        }
        return x.contiguous(torch.MemoryFormat.ChannelsLast);
    }

    /**
     * The model's first convolution on {@code images}, its output in this model's activation layout; the
     * layers after it keep the layout they are given. (The output is put in the layout again in case
     * libtorch's convolution did not keep its input's: then it is one copy, otherwise nothing.)
     */
    protected final Tensor stemForward(Conv2dImpl stem, Tensor images) {
        return inActivationLayout(stem.forward(inActivationLayout(images)));
    }

    /**
     * A 1×1 convolution ({@code conv}: no padding, one group, any square stride) on {@code x}, in
     * {@code x}'s memory layout. On the CPU it is computed as the matrix product over the channels that it
     * is, not by oneDNN, which computed some channels-last 1×1 convolutions wrongly on one machine, without
     * an error (docs/design.md); on other devices it is {@code conv.forward(x)}. The built-in ResNets use it
     * for their shortcuts and bottlenecks; a model of your own can do the same.
     */
    protected static Tensor pointwiseForward(Conv2dImpl conv, Tensor x) {
        return PointwiseConvolution.forward(conv, x);
    }
}

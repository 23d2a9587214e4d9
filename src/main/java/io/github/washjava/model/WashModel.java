package io.github.washjava.model;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A classifier the population can train: a libtorch module with a forward pass from normalised
 * images {@code [B, C, H, W]} to logits {@code [B, classes]}.
 *
 * <p>To train your own architecture, subclass this and register submodules in depth order (input
 * side first: {@link ParameterLayout} takes the declaration order as depth). BatchNorm layers of any
 * kind and registered any way are found and recalibrated by walking the module tree. A convolutional
 * model passes its stem's output through {@link #inActivationLayout} so that the rest of its layers
 * run in the chosen {@link ActivationLayout}.
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
     * {@code x} in this model's activation layout. Applied to the first convolution's output rather than
     * to the images because a one-channel image batch reads as contiguous in both layouts, which would
     * leave every later layer contiguous. The layers after it keep the layout they are given.
     */
    protected final Tensor inActivationLayout(Tensor x) {
        return activationLayout == ActivationLayout.CHANNELS_LAST && x.dim() == 4
                ? x.contiguous(torch.MemoryFormat.ChannelsLast)
                : x;
    }
}

package io.github.washjava.model;

import org.bytedeco.pytorch.Tensor;

/**
 * A classifier the population can train: a libtorch module with a forward pass from normalised
 * images {@code [B, C, H, W]} to logits {@code [B, classes]}.
 *
 * <p>To train your own architecture, subclass this and register submodules in depth order (input
 * side first: {@link ParameterLayout} takes the declaration order as depth). BatchNorm layers of any
 * kind and registered any way are found and recalibrated by walking the module tree.
 */
public abstract class WashModel extends LayeredModule {
    /** Logits for a batch of normalised images. */
    public abstract Tensor forward(Tensor images);
}

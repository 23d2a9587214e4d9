package io.github.washjava.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.Module;

/**
 * A module that remembers its BatchNorm layers, including those of its child blocks, so that soups
 * can recalibrate them without guessing module types at run time.
 */
public abstract class LayeredModule extends Module {
    private final List<BatchNorm2dImpl> batchNorms = new ArrayList<>();

    /** Registers a BatchNorm2d (PyTorch defaults: eps 1e-5, momentum 0.1) and remembers it. */
    protected final BatchNorm2dImpl batchNorm(String name, long channels) {
        BatchNorm2dImpl bn = register_module(name, new BatchNorm2dImpl(new BatchNormOptions(channels)));
        batchNorms.add(bn);
        return bn;
    }

    /** Registers a child block and adopts its BatchNorm layers. */
    protected final <M extends LayeredModule> M block(String name, M child) {
        M registered = register_module(name, child);
        batchNorms.addAll(child.batchNorms());
        return registered;
    }

    /** A square convolution with "same"-style padding {@code kernel / 2}. */
    protected final Conv2dImpl conv(String name, long in, long out, long kernel, long stride, boolean bias) {
        Conv2dOptions options = new Conv2dOptions(in, out, new LongPointer(kernel, kernel));
        options.stride().put(0, stride).put(1, stride);
        options.padding().put(new LongPointer(kernel / 2, kernel / 2));
        options.bias().put(bias);
        return register_module(name, new Conv2dImpl(options));
    }

    /** Every BatchNorm layer, in registration order. */
    public final List<BatchNorm2dImpl> batchNorms() {
        return Collections.unmodifiableList(batchNorms);
    }
}

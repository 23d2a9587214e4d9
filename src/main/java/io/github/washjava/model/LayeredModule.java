package io.github.washjava.model;

import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.Module;

/**
 * A module with the registration helpers the built-in architectures share. Nothing here is needed by
 * the rest of the project: BatchNorm layers are found by walking the module tree
 * ({@link BatchNormLayer#of}), however they were registered.
 */
public abstract class LayeredModule extends Module {
    /** Registers a BatchNorm2d with PyTorch's defaults (eps 1e-5, momentum 0.1). */
    protected final BatchNorm2dImpl batchNorm(String name, long channels) {
        return register_module(name, new BatchNorm2dImpl(new BatchNormOptions(channels)));
    }

    /** Registers a child block. */
    protected final <M extends Module> M block(String name, M child) {
        return register_module(name, child);
    }

    /** A square convolution with "same"-style padding {@code kernel / 2}. */
    protected final Conv2dImpl conv(String name, long in, long out, long kernel, long stride, boolean bias) {
        Conv2dOptions options = new Conv2dOptions(in, out, new LongPointer(kernel, kernel));
        options.stride().put(0, stride).put(1, stride);
        options.padding().put(new LongPointer(kernel / 2, kernel / 2));
        options.bias().put(bias);
        return register_module(name, new Conv2dImpl(options));
    }
}

package io.github.washjava.model;

import static org.bytedeco.pytorch.global.torch.relu;

import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Tensor;

/** A two-hidden-layer perceptron (inputs → 256 → 128 → classes) for fast CPU runs. */
public final class Mlp extends WashModel {
    private final LinearImpl fc1;
    private final LinearImpl fc2;
    private final LinearImpl fc3;

    public Mlp(long inputs, long classes) {
        fc1 = register_module("fc1", new LinearImpl(inputs, 256));
        fc2 = register_module("fc2", new LinearImpl(256, 128));
        fc3 = register_module("fc3", new LinearImpl(128, classes));
    }

    @Override
    public Tensor forward(Tensor images) {
        Tensor x = images.flatten(1, -1);
        x = relu(fc1.forward(x));
        x = relu(fc2.forward(x));
        return fc3.forward(x);
    }
}

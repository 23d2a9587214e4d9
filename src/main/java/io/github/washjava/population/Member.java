package io.github.washjava.population;

import io.github.washjava.model.ParameterLayout;
import io.github.washjava.model.WashModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * One model of the population with its optimizer state. Parameters, BatchNorm statistics and momentum
 * buffers are held in layout order, so exchanges address tensor l of every member directly. The
 * momentum lives here rather than in the optimizer so that WASH+Opt can move it with its weight and
 * checkpoints can save it.
 */
public final class Member {
    private final int id;
    private final WashModel model;
    private final List<Tensor> parameters;
    private final List<Tensor> buffers;
    private final List<Tensor> momentum;

    /** Wraps {@code model}; call outside any pointer scope (the momentum buffers live for the run). */
    public Member(int id, WashModel model, ParameterLayout layout) {
        this.id = id;
        this.model = model;
        this.parameters = layout.parameterTensors(model);
        this.buffers = layout.bufferTensors(model);
        List<Tensor> zeros = new ArrayList<>(parameters.size());
        try (NoGradGuard noGrad = new NoGradGuard()) {
            for (Tensor p : parameters) {
                zeros.add(p.detach().clone().zero_());
            }
        }
        this.momentum = Collections.unmodifiableList(zeros);
    }

    /** The member's global index, 0..N−1 (the same on every rank and in every placement). */
    public int id() {
        return id;
    }

    public WashModel model() {
        return model;
    }

    /** Parameters in layout order (sharing storage with the model). */
    public List<Tensor> parameters() {
        return parameters;
    }

    /** BatchNorm running statistics in layout order (sharing storage with the model). */
    public List<Tensor> buffers() {
        return buffers;
    }

    /** SGD momentum buffers, aligned with the parameters. */
    public List<Tensor> momentum() {
        return momentum;
    }
}

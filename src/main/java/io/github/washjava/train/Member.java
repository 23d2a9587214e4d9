package io.github.washjava.train;

import io.github.washjava.model.ParameterLayout;
import io.github.washjava.model.WashModel;
import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * One model of the population with its optimizer. Parameter, BatchNorm-statistic and momentum
 * tensors are held in layout order so exchanges can address tensor l of every member directly.
 */
public final class Member {
    private final int id;
    private final WashModel model;
    private final List<Tensor> parameters;
    private final List<Tensor> buffers;
    private final Sgd optimizer;

    public Member(int id, WashModel model, ParameterLayout layout, Sgd.Options sgd) {
        this.id = id;
        this.model = model;
        this.parameters = layout.parameterTensors(model);
        this.buffers = layout.bufferTensors(model);
        this.optimizer = new Sgd(parameters, sgd);
    }

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

    public Sgd optimizer() {
        return optimizer;
    }
}

package io.github.washjava.toy;

import io.github.washjava.model.WashModel;
import org.bytedeco.pytorch.Tensor;

/**
 * A point in the plane as a population member: a model whose only parameter is one float32 tensor
 * {@code position} of shape [2] holding (x, y). Exchanges see it like any other model (one tensor,
 * two coordinates), so the toy runs the very same WASH, PAPA and SPARTA code as image training.
 */
public final class PointModel extends WashModel {
    private final Tensor coordinates;

    /** A point at the origin; the toy sets the starting position after the population is built. */
    public PointModel() {
        coordinates = register_parameter("position", Tensor.create(new float[] {0f, 0f}, 2), true);
    }

    /** The parameter tensor (x, y). */
    public Tensor coordinates() {
        return coordinates;
    }

    /**
     * There are no images here: returns the point's coordinates as a {@code [1, 2]} tensor whatever the
     * input; the toy evaluates its loss with {@link ToyLoss}, not through a forward pass.
     */
    @Override
    public Tensor forward(Tensor ignored) {
        return coordinates.unsqueeze(0);
    }
}

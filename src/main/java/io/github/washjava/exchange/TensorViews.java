package io.github.washjava.exchange;

import java.nio.FloatBuffer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** Zero-copy flat views of CPU float tensors, for the loops that touch only a few coordinates. */
public final class TensorViews {
    private TensorViews() {
    }

    /** A view of each tensor's storage; writes go straight into the tensors. */
    public static FloatBuffer[] of(Tensor[] tensors) {
        FloatBuffer[] views = new FloatBuffer[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            Tensor t = tensors[i];
            if (!t.is_contiguous() || t.scalar_type() != ScalarType.Float || !t.device().is_cpu()) {
                throw new IllegalStateException("in-process exchange needs contiguous float32 CPU tensors, found "
                        + t.scalar_type() + " on " + t.device().str().getString());
            }
            views[i] = t.createBuffer();
        }
        return views;
    }
}

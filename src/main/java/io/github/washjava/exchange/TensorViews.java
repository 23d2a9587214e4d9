package io.github.washjava.exchange;

import java.nio.FloatBuffer;
import org.bytedeco.pytorch.Tensor;

/** Zero-copy flat views of CPU float tensors, for the loops that touch only a few coordinates. */
final class TensorViews {
    private TensorViews() {
    }

    /** A view of each tensor's storage; writes go straight into the tensors. */
    static FloatBuffer[] of(Tensor[] tensors) {
        FloatBuffer[] views = new FloatBuffer[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            Tensor t = tensors[i];
            // scalar_type() comes back as a fresh enum instance through JavaCPP, so compare by properties.
            boolean float32 = t.is_floating_point() && t.element_size() == 4;
            if (!t.is_contiguous() || !float32 || !t.device().is_cpu()) {
                throw new IllegalStateException("in-process exchange needs contiguous float32 CPU tensors, found "
                        + t.scalar_type() + (t.is_contiguous() ? "" : " (non-contiguous)") + " on "
                        + t.device().str().getString());
            }
            views[i] = t.createBuffer();
        }
        return views;
    }
}

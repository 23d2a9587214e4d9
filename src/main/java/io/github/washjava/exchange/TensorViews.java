package io.github.washjava.exchange;

import java.nio.FloatBuffer;
import java.util.IdentityHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/**
 * Zero-copy flat views of CPU float tensors, for the loops that touch only a few coordinates, made once
 * per tensor and kept by the exchange that uses them. Making a view costs several JNI calls (the tensor's
 * options, device, data pointer), each registering a native object with JavaCPP's memory accounting — a
 * system call — and that was most of a small model's shuffle (docs/benchmarks.md). A member's tensors keep
 * their storage for the whole run (every update, restore and recalibration writes into it), so a view
 * stays valid as long as the tensor object it was made from, which the cache keeps alive.
 */
final class TensorViews {
    private final Map<Tensor, FloatBuffer> views = new IdentityHashMap<>();

    /** A view of each tensor's storage; writes go straight into the tensors. */
    FloatBuffer[] of(Tensor[] tensors) {
        FloatBuffer[] out = new FloatBuffer[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            out[i] = views.computeIfAbsent(tensors[i], TensorViews::view);
        }
        return out;
    }

    private static FloatBuffer view(Tensor t) {
        // scalar_type() comes back as a fresh enum instance through JavaCPP, so compare by properties.
        boolean float32 = t.is_floating_point() && t.element_size() == 4;
        if (!t.is_contiguous() || !float32 || !t.device().is_cpu()) {
            throw new IllegalStateException("in-process exchange needs contiguous float32 CPU tensors, found "
                    + t.scalar_type() + (t.is_contiguous() ? "" : " (non-contiguous)") + " on "
                    + t.device().str().getString());
        }
        return t.createBuffer();
    }
}

package io.github.washjava.population;

import static org.bytedeco.pytorch.global.torch.cat;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/**
 * A member's whole model state as one flat tensor per kind, for moving it between ranks: floating
 * point (parameters, then every floating buffer) or integer (counters such as BatchNorm's
 * {@code num_batches_tracked}), each in the module's own order.
 */
final class MemberState {
    private MemberState() {
    }

    static List<Tensor> tensors(Member m, boolean floats) {
        List<Tensor> out = new ArrayList<>();
        if (floats) {
            out.addAll(m.parameters());
        }
        StringTensorDict buffers = m.model().named_buffers();
        for (long b = 0; b < buffers.size(); b++) {
            Tensor t = new Tensor(buffers.get(b).value());
            if (t.is_floating_point() == floats) {
                out.add(t);
            }
        }
        return out;
    }

    /** The tensors of {@link #tensors} flattened into one; create inside a pointer scope. */
    static Tensor flatten(Member m, boolean floats) {
        TensorVector parts = new TensorVector();
        for (Tensor t : tensors(m, floats)) {
            parts.push_back(t.detach().reshape(-1));
        }
        return cat(parts);
    }

    /** Copies {@code flat} (as made by {@link #flatten}) into the member's tensors. */
    static void unflatten(Tensor flat, Member m, boolean floats) {
        long offset = 0;
        for (Tensor t : tensors(m, floats)) {
            long n = t.numel();
            t.copy_(flat.narrow(0, offset, n).view(t.shape()));
            offset += n;
        }
    }
}

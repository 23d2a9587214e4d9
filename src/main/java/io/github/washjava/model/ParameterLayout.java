package io.github.washjava.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;

/**
 * The depth-ordered list of a model's tensors that exchanges work on (SPEC §2).
 *
 * <p>Parameters are numbered l = 0..L−1 in the order the architecture declares them, input side
 * first; that index is the "depth" the layer schedules use. BatchNorm running statistics are listed
 * separately ({@code num_batches_tracked} is a counter, not a statistic, and is left out); each takes
 * the depth of its layer's weight so that schedules can treat it like that layer.
 */
public final class ParameterLayout {
    /** One tensor of the layout. */
    public record Entry(String name, long[] shape, int depth, long numel) {
        @Override
        public String toString() {
            return name + Arrays.toString(shape) + "@" + depth;
        }
    }

    private final List<Entry> parameters;
    private final List<Entry> buffers;

    private ParameterLayout(List<Entry> parameters, List<Entry> buffers) {
        this.parameters = Collections.unmodifiableList(parameters);
        this.buffers = Collections.unmodifiableList(buffers);
    }

    /** Reads the layout of a module. */
    public static ParameterLayout of(Module module) {
        List<Entry> params = new ArrayList<>();
        StringTensorDict named = module.named_parameters();
        for (long i = 0; i < named.size(); i++) {
            Tensor t = named.get(i).value();
            params.add(new Entry(named.get(i).key().getString(), t.shape(), (int) i, t.numel()));
        }
        List<Entry> bufs = new ArrayList<>();
        StringTensorDict namedBuffers = module.named_buffers();
        for (long i = 0; i < namedBuffers.size(); i++) {
            String name = namedBuffers.get(i).key().getString();
            if (name.endsWith("num_batches_tracked")) {
                continue;
            }
            Tensor t = namedBuffers.get(i).value();
            bufs.add(new Entry(name, t.shape(), depthOfOwner(name, params), t.numel()));
        }
        return new ParameterLayout(params, bufs);
    }

    private static int depthOfOwner(String bufferName, List<Entry> params) {
        String owner = bufferName.substring(0, bufferName.lastIndexOf('.') + 1) + "weight";
        for (Entry e : params) {
            if (e.name().equals(owner)) {
                return e.depth();
            }
        }
        return 0;
    }

    /** Trainable parameters, in depth order. */
    public List<Entry> parameters() {
        return parameters;
    }

    /** BatchNorm running means and variances. */
    public List<Entry> buffers() {
        return buffers;
    }

    /** d, the number of trainable scalars. */
    public long parameterCount() {
        return parameters.stream().mapToLong(Entry::numel).sum();
    }

    /** The module's parameter tensors in layout order, as owning handles sharing storage. */
    public List<Tensor> parameterTensors(Module module) {
        return aligned(module.named_parameters(), parameters, "parameter");
    }

    /** The module's BatchNorm statistics in layout order, as owning handles sharing storage. */
    public List<Tensor> bufferTensors(Module module) {
        return aligned(module.named_buffers(), buffers, "buffer");
    }

    private static List<Tensor> aligned(StringTensorDict dict, List<Entry> entries, String what) {
        List<Tensor> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            Tensor found = null;
            for (long i = 0; i < dict.size(); i++) {
                if (dict.get(i).key().getString().equals(e.name())) {
                    found = new Tensor(dict.get(i).value());
                    break;
                }
            }
            if (found == null || !Arrays.equals(found.shape(), e.shape())) {
                throw new IllegalArgumentException(what + " " + e + ": expected in the module with this shape, found "
                        + (found == null ? "no such tensor" : Arrays.toString(found.shape())));
            }
            out.add(found);
        }
        return out;
    }
}

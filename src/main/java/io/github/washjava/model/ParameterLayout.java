package io.github.washjava.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;

/**
 * The depth-ordered list of a model's tensors that exchanges work on (docs/method.md §2).
 *
 * <p>Parameters are numbered l = 0..L−1 in the order the architecture declares them, input side
 * first; that index is the "depth" the layer schedules use. BatchNorm running statistics are listed
 * separately ({@code num_batches_tracked} is a counter, not a statistic, and is left out); each takes
 * the depth of its own layer's first parameter so that schedules can treat it like that layer. A
 * buffer of a layer without parameters (BatchNorm with {@code affine=false}) has no depth:
 * {@link Entry#depth()} is {@link #NO_DEPTH}, and whatever needs it must refuse it (see
 * {@link Entry#requireDepth()}) rather than guess.
 */
public final class ParameterLayout {
    /** The depth of a buffer whose layer has no parameters. */
    public static final int NO_DEPTH = -1;

    /** One tensor of the layout. */
    public record Entry(String name, long[] shape, int depth, long numel) {
        /** The depth, or an error naming the tensor when it has none. */
        public int requireDepth() {
            if (depth == NO_DEPTH) {
                throw new IllegalArgumentException("buffer " + name + ": expected a parameter of the same layer to take "
                        + "its depth from, found none (a layer without parameters); its depth, and so its share of "
                        + "the layer schedule, is unknown");
            }
            return depth;
        }

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

    /** The depth of the first parameter of the buffer's own layer, or {@link #NO_DEPTH}. */
    private static int depthOfOwner(String bufferName, List<Entry> params) {
        String layer = bufferName.substring(0, bufferName.lastIndexOf('.') + 1);
        for (Entry e : params) {
            String name = e.name();
            if (name.startsWith(layer) && name.indexOf('.', layer.length()) < 0) {
                return e.depth();
            }
        }
        return NO_DEPTH;
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

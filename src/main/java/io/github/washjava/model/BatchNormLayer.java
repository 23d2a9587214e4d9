package io.github.washjava.model;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.BatchNorm1dImpl;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.BatchNorm3dImpl;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.SharedModuleVector;
import org.bytedeco.pytorch.Tensor;

/**
 * One BatchNorm layer of a model, whatever its dimension (1d, 2d, 3d). {@link #of} finds every such
 * layer by walking the module tree, as PyTorch's {@code torch.optim.swa_utils.update_bn} does, so a
 * layer registered any way at all (through the model helpers or with a plain
 * {@code register_module}) is found.
 */
public final class BatchNormLayer {
    private final Module module;
    private final BatchNormOptions options;
    private final Runnable resetRunningStats;
    private final Tensor runningMean;

    private BatchNormLayer(Module module, BatchNormOptions options, Runnable resetRunningStats, Tensor runningMean) {
        this.module = module;
        this.options = options;
        this.resetRunningStats = resetRunningStats;
        this.runningMean = runningMean;
    }

    /** Every BatchNorm layer of {@code model} (the model itself included), in the module tree's order. */
    public static List<BatchNormLayer> of(Module model) {
        List<BatchNormLayer> out = new ArrayList<>();
        SharedModuleVector modules = model.modules(true);
        for (long i = 0; i < modules.size(); i++) {
            BatchNormLayer layer = cast(modules.get(i));
            if (layer != null) {
                out.add(layer);
            }
        }
        return out;
    }

    private static BatchNormLayer cast(Module m) {
        BatchNorm2dImpl b2 = m.asBatchNorm2d();
        if (present(b2)) {
            return new BatchNormLayer(b2, b2.options(), b2::reset_running_stats, b2.running_mean());
        }
        BatchNorm1dImpl b1 = m.asBatchNorm1d();
        if (present(b1)) {
            return new BatchNormLayer(b1, b1.options(), b1::reset_running_stats, b1.running_mean());
        }
        BatchNorm3dImpl b3 = m.asBatchNorm3d();
        if (present(b3)) {
            return new BatchNormLayer(b3, b3.options(), b3::reset_running_stats, b3.running_mean());
        }
        return null;
    }

    private static boolean present(Module m) {
        return m != null && !m.isNull();
    }

    /** Whether the layer tracks running statistics at all (recalibration skips it otherwise). */
    public boolean tracksRunningStats() {
        return options.track_running_stats().get();
    }

    /** The running-average momentum; NaN means "none" (a cumulative average). */
    public double momentum() {
        return options.momentum().has_value() ? options.momentum().get() : Double.NaN;
    }

    /** Sets the momentum; NaN sets it to "none" (a cumulative average over batches). */
    public void setMomentum(double momentum) {
        if (Double.isNaN(momentum)) {
            options.momentum().reset();
        } else {
            options.momentum().put(momentum);
        }
    }

    /** Zeroes the running mean and counter and sets the running variance to one. */
    public void resetRunningStats() {
        resetRunningStats.run();
    }

    /** The running mean (shares storage with the layer). */
    public Tensor runningMean() {
        return runningMean;
    }

    /** The layer as a module. */
    public Module module() {
        return module;
    }
}

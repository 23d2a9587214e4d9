package io.github.washjava.merge;

import io.github.washjava.model.WashModel;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.DoubleOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * Recomputes BatchNorm running statistics of an averaged model (SPEC §6), as PyTorch's
 * {@code torch.optim.swa_utils.update_bn}: momentum set to "none" (a cumulative average over the
 * batches), statistics reset, training batches forwarded in training mode without gradients; every BN
 * momentum and the train/eval mode are put back afterwards.
 */
public final class BatchNormRecalibration {
    private BatchNormRecalibration() {
    }

    /** Forwards every batch of {@code batches} through {@code model} to rebuild its BN statistics. */
    public static void recalibrate(WashModel model, RecalibrationData batches) {
        List<BatchNorm2dImpl> bns = model.batchNorms();
        if (bns.isEmpty() || batches.count() == 0) {
            return;
        }
        boolean wasTraining = model.is_training();
        List<DoubleOptional> saved = new ArrayList<>(bns.size());
        for (BatchNorm2dImpl bn : bns) {
            DoubleOptional m = bn.options().momentum();
            saved.add(m.has_value() ? new DoubleOptional(m.get()) : new DoubleOptional());
            m.reset();
            bn.reset_running_stats();
        }
        try {
            model.train(true);
            try (NoGradGuard noGrad = new NoGradGuard()) {
                for (int i = 0; i < batches.count(); i++) {
                    try (PointerScope scope = new PointerScope()) {
                        model.forward(batches.tensor(i));
                    }
                }
            }
        } finally {
            for (int i = 0; i < bns.size(); i++) {
                DoubleOptional m = bns.get(i).options().momentum();
                if (saved.get(i).has_value()) {
                    m.put(saved.get(i).get());
                } else {
                    m.reset();
                }
            }
            model.train(wasTraining);
        }
    }

    /** The running mean of every BN layer (copies), for tests and diagnostics. */
    public static List<Tensor> runningMeans(WashModel model) {
        List<Tensor> out = new ArrayList<>();
        for (BatchNorm2dImpl bn : model.batchNorms()) {
            out.add(bn.running_mean().clone());
        }
        return out;
    }
}

package io.github.washjava.model;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * Recomputes the BatchNorm running statistics of a merged model (docs/method.md §6), as PyTorch's
 * {@code torch.optim.swa_utils.update_bn}: every BatchNorm layer in the module tree gets momentum
 * "none" (a cumulative average over the batches) and reset statistics, then training batches are
 * forwarded in training mode without gradients; each layer's momentum and the model's train/eval
 * mode are put back afterwards.
 */
public final class BatchNormRecalibration {
    private BatchNormRecalibration() {
    }

    /** Forwards every batch of {@code batches} through {@code model} to rebuild its BN statistics. */
    public static void recalibrate(WashModel model, RecalibrationData batches) {
        List<BatchNormLayer> layers = new ArrayList<>(BatchNormLayer.of(model));
        layers.removeIf(l -> !l.tracksRunningStats());
        if (layers.isEmpty() || batches.count() == 0) {
            return;
        }
        boolean wasTraining = model.is_training();
        double[] saved = new double[layers.size()];
        for (int i = 0; i < layers.size(); i++) {
            saved[i] = layers.get(i).momentum();
            layers.get(i).setMomentum(Double.NaN);
            layers.get(i).resetRunningStats();
        }
        ComputeDevice device = ComputeDevice.of(model); // the batches are built on the host
        try {
            model.train(true);
            try (NoGradGuard noGrad = new NoGradGuard()) {
                for (int i = 0; i < batches.count(); i++) {
                    try (PointerScope scope = new PointerScope()) {
                        model.forward(device.put(batches.tensor(i)));
                    }
                }
            }
        } finally {
            for (int i = 0; i < layers.size(); i++) {
                layers.get(i).setMomentum(saved[i]);
            }
            model.train(wasTraining);
        }
    }

    /** The running mean of every BN layer (copies), for tests and diagnostics. */
    public static List<Tensor> runningMeans(Module model) {
        List<Tensor> out = new ArrayList<>();
        for (BatchNormLayer bn : BatchNormLayer.of(model)) {
            out.add(bn.runningMean().clone());
        }
        return out;
    }
}

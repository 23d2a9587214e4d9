package io.github.washjava.eval;

import io.github.washjava.data.ImageSet;
import io.github.washjava.data.Normalization;
import io.github.washjava.model.ComputeDevice;
import io.github.washjava.model.WashModel;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/** Logits and accuracy of models on a dataset, in evaluation mode (docs/method.md §6). */
public final class Evaluator {
    private final ImageSet data;
    private final Normalization norm;
    private final int batchSize;

    public Evaluator(ImageSet data, Normalization norm, int batchSize) {
        this.data = data;
        this.norm = norm;
        this.batchSize = Math.max(1, batchSize);
    }

    public ImageSet data() {
        return data;
    }

    /** Logits {@code [n, classes]} row-major; the model's train/eval mode is put back afterwards. */
    public float[] logits(WashModel model) {
        int n = data.size();
        int k = data.classes();
        float[] out = new float[n * k];
        boolean wasTraining = model.is_training();
        ComputeDevice device = ComputeDevice.of(model); // batches go where the model is; logits come back
        model.eval();
        try (NoGradGuard noGrad = new NoGradGuard()) {
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                try (PointerScope scope = new PointerScope()) {
                    Tensor x = Tensor.create(data.plainImages(java.util.stream.IntStream.range(from, to).toArray(), norm),
                            to - from, data.channels(), data.height(), data.width());
                    Tensor logits = model.forward(device.put(x)).cpu().contiguous(); // cpu(): itself on the CPU
                    FloatBuffer fb = logits.createBuffer();
                    fb.get(out, from * k, (to - from) * k);
                }
            }
        } finally {
            model.train(wasTraining);
        }
        return out;
    }

    /** Accuracy of the model. */
    public double accuracy(WashModel model) {
        return accuracy(logits(model));
    }

    /** Accuracy of logits computed on this evaluator's data. */
    public double accuracy(float[] logits) {
        return accuracy(logits, data.labels(), data.classes());
    }

    /** Share of rows whose argmax is the label (ties go to the lower class). */
    public static double accuracy(float[] logits, int[] labels, int classes) {
        int right = 0;
        for (int j = 0; j < labels.length; j++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logits[j * classes + c] > logits[j * classes + best]) {
                    best = c;
                }
            }
            if (best == labels[j]) {
                right++;
            }
        }
        return labels.length == 0 ? 0 : (double) right / labels.length;
    }

    /** The ensemble's logits: the mean of the members' logits (docs/method.md §6). */
    public static float[] meanLogits(java.util.List<float[]> members) {
        float[] mean = new float[members.get(0).length];
        for (float[] m : members) {
            for (int j = 0; j < mean.length; j++) {
                mean[j] += m[j];
            }
        }
        for (int j = 0; j < mean.length; j++) {
            mean[j] /= members.size();
        }
        return mean;
    }
}

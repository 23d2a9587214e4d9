package io.github.washjava.model;

import io.github.washjava.util.Seeds;
import io.github.washjava.data.BatchBuilder;
import io.github.washjava.data.Dataset;
import io.github.washjava.data.Normalization;
import io.github.washjava.util.RandomStreams;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.Tensor;

/**
 * The training batches used to recompute BatchNorm statistics (docs/method.md §6, default 50): normalised,
 * un-augmented training images in a fixed-seed random order, drawn once and reused for every soup so
 * that soups are compared on equal terms.
 */
public final class RecalibrationData {
    private final List<float[]> batches;
    private final long[] shape;

    private RecalibrationData(List<float[]> batches, long[] shape) {
        this.batches = batches;
        this.shape = shape;
    }

    /** No recalibration: soups keep the averaged running statistics. */
    public static RecalibrationData none() {
        return new RecalibrationData(List.of(), new long[] {0, 0, 0, 0});
    }

    /** Up to {@code count} batches of {@code batchSize} images (fewer if the set is small). */
    public static RecalibrationData sample(Dataset train, Normalization norm, int batchSize, int count, long seed) {
        int size = Math.min(batchSize, train.size());
        int available = train.size() / size;
        int n = Math.min(count, available);
        int[] order = new int[train.size()];
        RandomStreams.permutation(new SplittableRandom(Seeds.derive(seed, "bn-recalibration")), order);
        List<float[]> batches = new ArrayList<>(n);
        for (int b = 0; b < n; b++) {
            int[] idx = new int[size];
            System.arraycopy(order, b * size, idx, 0, size);
            Dataset subset = train.subset(idx);
            batches.add(BatchBuilder.plainImages(subset, norm, 0, size));
        }
        return new RecalibrationData(batches, new long[] {size, train.channels(), train.height(), train.width()});
    }

    /** Number of batches. */
    public int count() {
        return batches.size();
    }

    /** Batch i as a tensor; create inside a pointer scope. */
    public Tensor tensor(int i) {
        return Tensor.create(batches.get(i), shape);
    }
}

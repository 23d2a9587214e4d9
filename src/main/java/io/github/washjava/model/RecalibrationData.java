package io.github.washjava.model;

import io.github.washjava.util.Seeds;
import io.github.washjava.data.ImageSet;
import io.github.washjava.data.Normalization;
import io.github.washjava.util.RandomStreams;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.Tensor;

/**
 * The training batches used to recompute BatchNorm statistics (docs/method.md §6, default 50): normalised,
 * un-augmented training images in a fixed-seed random order, drawn once and reused for every soup so
 * that soups are compared on equal terms. In-memory data is normalised once and kept; for image folders
 * only the indices are kept and each batch is decoded when a soup asks for it (50 batches of 224 × 224
 * images would hold 2 GB).
 */
public final class RecalibrationData {
    private final ImageSet train;
    private final Normalization norm;
    private final List<int[]> batches;
    /** The batches' normalised images, kept when reading them decodes no file; null otherwise. */
    private final List<float[]> kept;
    private final long[] shape;

    private RecalibrationData(ImageSet train, Normalization norm, List<int[]> batches, long[] shape) {
        this.train = train;
        this.norm = norm;
        this.batches = batches;
        this.kept = train == null || train.decodesFiles() ? null
                : batches.stream().map(idx -> train.plainImages(idx, norm)).toList();
        this.shape = shape;
    }

    /** No recalibration: soups keep the averaged running statistics. */
    public static RecalibrationData none() {
        return new RecalibrationData(null, null, List.of(), new long[] {0, 0, 0, 0});
    }

    /** Up to {@code count} batches of {@code batchSize} images (fewer if the set is small). */
    public static RecalibrationData sample(ImageSet train, Normalization norm, int batchSize, int count, long seed) {
        int size = Math.min(batchSize, train.size());
        int available = train.size() / size;
        int n = Math.min(count, available);
        int[] order = new int[train.size()];
        RandomStreams.permutation(new SplittableRandom(Seeds.derive(seed, "bn-recalibration")), order);
        List<int[]> batches = new ArrayList<>(n);
        for (int b = 0; b < n; b++) {
            int[] idx = new int[size];
            System.arraycopy(order, b * size, idx, 0, size);
            batches.add(idx);
        }
        return new RecalibrationData(train, norm, batches, new long[] {size, train.channels(), train.height(),
                train.width()});
    }

    /** Number of batches. */
    public int count() {
        return batches.size();
    }

    /** Batch i as a tensor; create inside a pointer scope. */
    public Tensor tensor(int i) {
        return Tensor.create(kept != null ? kept.get(i) : train.plainImages(batches.get(i), norm), shape);
    }
}

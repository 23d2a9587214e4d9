package io.github.washjava.data;

import java.util.Objects;

/**
 * Labelled images held as raw 8-bit pixels, channel-major per image ({@code [n, C, H, W]}), so the
 * whole CIFAR training set fits in 150 MB. Normalisation and augmentation happen per batch.
 */
public record Dataset(String name, byte[] pixels, int[] labels, int channels, int height, int width, int classes) {
    public Dataset {
        Objects.requireNonNull(pixels);
        Objects.requireNonNull(labels);
        if ((long) labels.length * channels * height * width != pixels.length) {
            throw new IllegalArgumentException("pixels and labels disagree: " + pixels.length + " bytes for "
                    + labels.length + " images of " + channels + "x" + height + "x" + width);
        }
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** Bytes per image. */
    public int imageSize() {
        return channels * height * width;
    }

    /** The images at the given indices, in that order. */
    public Dataset subset(int[] indices) {
        int per = imageSize();
        byte[] px = new byte[indices.length * per];
        int[] lb = new int[indices.length];
        for (int j = 0; j < indices.length; j++) {
            System.arraycopy(pixels, indices[j] * per, px, j * per, per);
            lb[j] = labels[indices[j]];
        }
        return new Dataset(name, px, lb, channels, height, width, classes);
    }

    /** The first {@code limit} images, or all when {@code limit <= 0} or larger than the set. */
    public Dataset limit(int limit) {
        if (limit <= 0 || limit >= size()) {
            return this;
        }
        int[] first = new int[limit];
        for (int i = 0; i < limit; i++) {
            first[i] = i;
        }
        return subset(first);
    }
}

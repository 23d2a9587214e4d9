package io.github.washjava.data;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Labelled images held in memory as raw 8-bit pixels, channel-major per image ({@code [n, C, H, W]}), so the
 * whole CIFAR training set fits in 150 MB: the built-in datasets. Normalisation and augmentation happen per
 * batch. (Image folders of any size are read from disk instead: {@link FolderImages}.)
 */
public record Dataset(String name, byte[] pixels, int[] labels, int channels, int height, int width, int classes)
        implements ImageSet {
    public Dataset {
        Objects.requireNonNull(pixels);
        Objects.requireNonNull(labels);
        if ((long) labels.length * channels * height * width != pixels.length) {
            throw new IllegalArgumentException("pixels and labels disagree: " + pixels.length + " bytes for "
                    + labels.length + " images of " + channels + "x" + height + "x" + width);
        }
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int label(int i) {
        return labels[i];
    }

    @Override
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

    @Override
    public Dataset limit(int limit) {
        return (Dataset) ImageSet.super.limit(limit);
    }

    @Override
    public void plainImage(int i, Normalization norm, float[] out, int offset) {
        PadCropFlip.plain(pixels, i * imageSize(), channels, height * width, norm, out, offset);
    }

    @Override
    public void augmentedImage(int i, Normalization norm, Augmentation augmentation, SplittableRandom rng, float[] out,
            int offset) {
        PadCropFlip.apply(pixels, i * imageSize(), channels, height, width, norm, augmentation, rng, out, offset);
    }

    @Override
    public Augmentation defaultAugmentation() {
        return Augmentation.padAndCropFor(channels, height);
    }
}

package io.github.washjava.data;

/**
 * A batch ready for the network: normalised images {@code [size, C, H, W]}, soft targets
 * {@code [size, classes]} (label smoothing and mixing applied) and the original hard labels.
 */
public record Batch(float[] images, float[] targets, int[] labels, int size, int channels, int height, int width,
        int classes) {
}

package io.github.washjava.data;

/**
 * Base augmentation (docs/method.md §5): random crop back to the input size after zero-padding {@code padding}
 * pixels on each side, and random horizontal flip when {@code flip}.
 */
public record Augmentation(int padding, boolean flip) {
    /** No augmentation (evaluation, BatchNorm recalibration). */
    public static final Augmentation NONE = new Augmentation(0, false);

    /** The documented defaults (docs/method.md §5): colour images flip and pad H/8 (4 for 32×32); grey images pad 2 and do not flip. */
    public static Augmentation defaultFor(Dataset data) {
        if (data.channels() == 1) {
            return new Augmentation(Math.max(1, data.height() / 14), false);
        }
        return new Augmentation(Math.max(1, data.height() / 8), true);
    }
}

package io.github.washjava.data;

/**
 * Base augmentation (docs/method.md §5). The small datasets take a random crop back to the input size after
 * zero-padding {@code padding} pixels on each side, and a random horizontal flip when {@code flip}; image
 * folders take ImageNet's random resized crop ({@code resizedCrop}: a box of 8–100% of the image's area and
 * aspect ratio 3/4–4/3, scaled to the input size) with the flip.
 */
public record Augmentation(int padding, boolean flip, boolean resizedCrop) {
    /** No augmentation (evaluation, BatchNorm recalibration). */
    public static final Augmentation NONE = new Augmentation(0, false, false);
    /** ImageNet's training augmentation: random resized crop and horizontal flip. */
    public static final Augmentation RESIZED_CROP_AND_FLIP = new Augmentation(0, true, true);

    /** Pad-and-crop by {@code padding} pixels, with or without flip. */
    public Augmentation(int padding, boolean flip) {
        this(padding, flip, false);
    }

    /** The documented defaults (docs/method.md §5): colour images flip and pad H/8 (4 for 32×32); grey images pad 2 and do not flip. */
    public static Augmentation defaultFor(ImageSet data) {
        return data.defaultAugmentation();
    }

    static Augmentation padAndCropFor(int channels, int height) {
        if (channels == 1) {
            return new Augmentation(Math.max(1, height / 14), false);
        }
        return new Augmentation(Math.max(1, height / 8), true);
    }
}

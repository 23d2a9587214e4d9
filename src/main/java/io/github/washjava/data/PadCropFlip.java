package io.github.washjava.data;

import java.util.SplittableRandom;

/** The small datasets' augmentation (docs/method.md §5): zero-pad, random crop back to the input size, random flip. */
final class PadCropFlip {
    private PadCropFlip() {
    }

    /**
     * Writes the augmented, normalised image held in {@code px[base ..]} (channel-major, {@code c × h × w}) into
     * {@code out[offset ..]}; draws the vertical and horizontal shift (when padding) and then the flip (when on).
     */
    static void apply(byte[] px, int base, int c, int h, int w, Normalization norm, Augmentation augmentation,
            SplittableRandom rng, float[] out, int offset) {
        int pad = augmentation.padding();
        int dy = pad > 0 ? rng.nextInt(2 * pad + 1) - pad : 0;
        int dx = pad > 0 ? rng.nextInt(2 * pad + 1) - pad : 0;
        boolean flip = augmentation.flip() && rng.nextBoolean();
        for (int ch = 0; ch < c; ch++) {
            float zero = norm.apply(ch, 0); // zero padding happens on raw pixels, before normalisation
            for (int y = 0; y < h; y++) {
                int sy = y + dy;
                for (int x = 0; x < w; x++) {
                    int sx = (flip ? w - 1 - x : x) + dx;
                    float v = (sy < 0 || sy >= h || sx < 0 || sx >= w) ? zero
                            : norm.apply(ch, px[base + (ch * h + sy) * w + sx] & 0xFF);
                    out[offset + (ch * h + y) * w + x] = v;
                }
            }
        }
    }

    /** The normalised image held in {@code px[base ..]}, as it is, into {@code out[offset ..]}. */
    static void plain(byte[] px, int base, int c, int plane, Normalization norm, float[] out, int offset) {
        for (int ch = 0; ch < c; ch++) {
            int from = base + ch * plane;
            int to = offset + ch * plane;
            for (int q = 0; q < plane; q++) {
                out[to + q] = norm.apply(ch, px[from + q] & 0xFF);
            }
        }
    }
}

package io.github.washjava.data;

import java.util.SplittableRandom;

/**
 * Turns raw images into a training batch (docs/method.md §5): base augmentation, normalisation, random erasing
 * per image, then label smoothing and per-batch mixup or CutMix with the reversed batch as partner.
 */
public final class BatchBuilder {
    private final ImageSet data;
    private final Normalization norm;
    private final Augmentation augmentation;

    public BatchBuilder(ImageSet data, Normalization norm, Augmentation augmentation) {
        this.data = data;
        this.norm = norm;
        this.augmentation = augmentation;
    }

    /** A training batch of the images at {@code indices}, with every random draw taken from {@code rng}. */
    public Batch build(int[] indices, Regularization reg, SplittableRandom rng) {
        int b = indices.length;
        int c = data.channels();
        int h = data.height();
        int w = data.width();
        int k = data.classes();
        float[] images = new float[b * c * h * w];
        int[] labels = new int[b];
        for (int j = 0; j < b; j++) {
            labels[j] = data.label(indices[j]);
            data.augmentedImage(indices[j], norm, augmentation, rng, images, j * c * h * w);
            if (reg.erasingProbability() > 0 && rng.nextDouble() < reg.erasingProbability()) {
                erase(images, j, rng);
            }
        }
        float[] targets = smoothedOneHot(labels, k, reg.labelSmoothing());
        boolean mixup = reg.mixupAlpha() > 0;
        boolean cutmix = reg.cutmixAlpha() > 0;
        if (mixup && cutmix) {
            // With both on, one of the two is picked per batch, each with probability 1/2.
            if (rng.nextBoolean()) {
                cutmix = false;
            } else {
                mixup = false;
            }
        }
        if (mixup) {
            double lambda = BetaSampler.symmetricBeta(rng, reg.mixupAlpha());
            mixImages(images, b, c * h * w, (float) lambda);
            mixTargets(targets, b, k, (float) lambda);
        } else if (cutmix) {
            double lambda = cutMix(images, b, c, h, w, BetaSampler.symmetricBeta(rng, reg.cutmixAlpha()), rng);
            mixTargets(targets, b, k, (float) lambda);
        }
        return new Batch(images, targets, labels, b, c, h, w, k);
    }

    /** Random erasing: one box of area fraction U(0.02, 1/3) and log-uniform aspect in [0.3, 1/0.3], set to 0. */
    private void erase(float[] images, int slot, SplittableRandom rng) {
        int c = data.channels();
        int h = data.height();
        int w = data.width();
        double logLow = Math.log(0.3);
        double logHigh = Math.log(1 / 0.3);
        for (int attempt = 0; attempt < 10; attempt++) {
            double area = h * w * rng.nextDouble(0.02, 1.0 / 3);
            double ratio = Math.exp(rng.nextDouble(logLow, logHigh));
            int eh = (int) Math.round(Math.sqrt(area * ratio));
            int ew = (int) Math.round(Math.sqrt(area / ratio));
            if (eh < h && ew < w && eh > 0 && ew > 0) {
                int top = rng.nextInt(h - eh + 1);
                int left = rng.nextInt(w - ew + 1);
                for (int ch = 0; ch < c; ch++) {
                    for (int y = top; y < top + eh; y++) {
                        int row = ((slot * c + ch) * h + y) * w;
                        java.util.Arrays.fill(images, row + left, row + left + ew, 0f);
                    }
                }
                return;
            }
        }
    }

    static float[] smoothedOneHot(int[] labels, int classes, double epsilon) {
        float[] t = new float[labels.length * classes];
        float off = (float) (epsilon / classes);
        float on = (float) (1 - epsilon + epsilon / classes);
        for (int j = 0; j < labels.length; j++) {
            java.util.Arrays.fill(t, j * classes, (j + 1) * classes, off);
            t[j * classes + labels[j]] = on;
        }
        return t;
    }

    /** x_j ← λ·x_j + (1 − λ)·x_{b−1−j}, in place (pairs are swapped symmetrically). */
    static void mixImages(float[] x, int b, int per, float lambda) {
        for (int j = 0; j < b / 2; j++) {
            int r = b - 1 - j;
            for (int q = 0; q < per; q++) {
                float a = x[j * per + q];
                float z = x[r * per + q];
                x[j * per + q] = lambda * a + (1 - lambda) * z;
                x[r * per + q] = lambda * z + (1 - lambda) * a;
            }
        }
    }

    static void mixTargets(float[] t, int b, int classes, float lambda) {
        mixImages(t, b, classes, lambda);
    }

    /** Pastes a box of the reversed batch; returns λ recomputed from the clipped box area. */
    static double cutMix(float[] x, int b, int c, int h, int w, double lambda, SplittableRandom rng) {
        double cutRatio = Math.sqrt(1 - lambda);
        int cutW = (int) (w * cutRatio);
        int cutH = (int) (h * cutRatio);
        int cx = rng.nextInt(w);
        int cy = rng.nextInt(h);
        int x1 = clamp(cx - cutW / 2, w);
        int x2 = clamp(cx + cutW / 2, w);
        int y1 = clamp(cy - cutH / 2, h);
        int y2 = clamp(cy + cutH / 2, h);
        int per = c * h * w;
        float[] original = x.clone();
        for (int j = 0; j < b; j++) {
            int r = b - 1 - j;
            for (int ch = 0; ch < c; ch++) {
                for (int y = y1; y < y2; y++) {
                    int offset = (ch * h + y) * w;
                    System.arraycopy(original, r * per + offset + x1, x, j * per + offset + x1, x2 - x1);
                }
            }
        }
        return 1 - (double) (x2 - x1) * (y2 - y1) / (w * h);
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}

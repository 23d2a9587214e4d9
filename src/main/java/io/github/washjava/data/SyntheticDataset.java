package io.github.washjava.data;

import java.util.SplittableRandom;

/**
 * A learnable synthetic image set for tests, examples and {@code --dataset synthetic}: each class has
 * a random prototype image; a sample is its class prototype plus Gaussian pixel noise, clipped to
 * [0, 255]. Train and test sets of one seed share the prototypes.
 */
public final class SyntheticDataset {
    private SyntheticDataset() {
    }

    /**
     * @param seed fixes the prototypes
     * @param sampleSeed fixes the samples (use different values for train and test)
     * @param noise standard deviation of the pixel noise, in 0..255 units
     */
    public static Dataset generate(long seed, long sampleSeed, int count, int channels, int height, int width,
            int classes, double noise) {
        int per = channels * height * width;
        SplittableRandom protoRng = new SplittableRandom(seed);
        float[][] prototypes = new float[classes][per];
        for (float[] proto : prototypes) {
            for (int j = 0; j < per; j++) {
                proto[j] = (float) protoRng.nextDouble(40, 215);
            }
        }
        SplittableRandom rng = new SplittableRandom(sampleSeed);
        byte[] pixels = new byte[count * per];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = rng.nextInt(classes);
            float[] proto = prototypes[labels[i]];
            for (int j = 0; j < per; j++) {
                double v = proto[j] + noise * gaussian(rng);
                pixels[i * per + j] = (byte) Math.max(0, Math.min(255, Math.round(v)));
            }
        }
        return new Dataset("synthetic", pixels, labels, channels, height, width, classes);
    }

    static double gaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}

package io.github.washjava.data;

/** Per-channel normalisation {@code (pixel / 255 − mean) / std} (docs/method.md §5). */
public record Normalization(float[] mean, float[] std) {
    /** CIFAR-10 statistics as docs/method.md §5 gives them. */
    public static Normalization cifar10() {
        return new Normalization(new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2023f, 0.1994f, 0.2010f});
    }

    /** CIFAR-100 statistics as docs/method.md §5 gives them. */
    public static Normalization cifar100() {
        return new Normalization(new float[] {0.5071f, 0.4865f, 0.4409f}, new float[] {0.2673f, 0.2564f, 0.2762f});
    }

    /** ImageNet's statistics (torchvision's), used for image folders: their images are never all read at once. */
    public static Normalization imagenet() {
        return new Normalization(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
    }

    /** Per-channel mean and standard deviation of a (training) set, on the [0, 1] scale. */
    public static Normalization of(Dataset data) {
        int c = data.channels();
        int plane = data.height() * data.width();
        double[] sum = new double[c];
        double[] sumSq = new double[c];
        byte[] px = data.pixels();
        for (int i = 0; i < px.length; i++) {
            int ch = (i / plane) % c;
            double v = (px[i] & 0xFF) / 255.0;
            sum[ch] += v;
            sumSq[ch] += v * v;
        }
        float[] mean = new float[c];
        float[] std = new float[c];
        double count = (double) data.size() * plane;
        for (int ch = 0; ch < c; ch++) {
            double m = sum[ch] / count;
            mean[ch] = (float) m;
            std[ch] = (float) Math.max(1e-6, Math.sqrt(Math.max(0, sumSq[ch] / count - m * m)));
        }
        return new Normalization(mean, std);
    }

    /** Normalised value of a raw pixel of channel {@code ch}. */
    public float apply(int ch, int pixel) {
        return (pixel / 255f - mean[ch]) / std[ch];
    }
}

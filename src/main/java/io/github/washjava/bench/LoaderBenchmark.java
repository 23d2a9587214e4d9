package io.github.washjava.bench;

import io.github.washjava.data.Augmentation;
import io.github.washjava.data.BatchBuilder;
import io.github.washjava.data.DataBundle;
import io.github.washjava.data.Dataset;
import io.github.washjava.data.FolderImages;
import io.github.washjava.data.Normalization;
import io.github.washjava.data.Regularization;
import io.github.washjava.experiment.LayoutProbe;
import io.github.washjava.model.ActivationLayout;
import io.github.washjava.model.ComputeDevice;
import io.github.washjava.model.ModelSpec;
import io.github.washjava.population.Layout;
import io.github.washjava.train.Sgd;
import io.github.washjava.train.TrainingData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Is data loading the bottleneck of training on an image folder? Measures, side by side in one
 * process, how many images per second the loader threads decode and augment (random resized crop,
 * flip, ImageNet normalisation: the training path of {@code --dataset folder}, through the same
 * prefetcher) for each thread count, and how many images per second one member's training step
 * consumes at that image size with every core in its ops (in-memory batches, so no loading in it).
 * A population trained one member after another consumes at that same rate; loading keeps up when
 * the loader's rate per core times the cores spared for it exceeds it.
 */
public final class LoaderBenchmark {
    /** Loader throughput with {@code threads} loader threads, images/s per round. */
    public record LoaderRate(int threads, List<Double> imagesPerSecond) {
        public double median() {
            return io.github.washjava.util.Stats.median(imagesPerSecond);
        }
    }

    private static final long SEED = 1;
    private final FolderImages images;
    private final int batchSize;

    /** @param images the training split of an image folder, cut to its image size */
    public LoaderBenchmark(FolderImages images, int batchSize) {
        this.images = images;
        this.batchSize = Math.min(batchSize, images.size());
    }

    /**
     * {@code rounds} interleaved rounds of {@code batches} batches for every thread count of
     * {@code threadCounts}, after an untimed pass over the folder (it warms the JIT and the file
     * cache: what is measured is decoding and augmenting, not the disk).
     */
    public List<LoaderRate> loaderRates(List<Integer> threadCounts, int batches, int rounds) {
        int most = threadCounts.stream().mapToInt(Integer::intValue).max().orElse(1);
        loaderImagesPerSecond(most, Math.max(batches, images.size() / batchSize));
        List<LoaderRate> rates = new ArrayList<>();
        threadCounts.forEach(t -> rates.add(new LoaderRate(t, new ArrayList<>())));
        for (int r = 0; r < rounds; r++) {
            for (LoaderRate rate : rates) {
                rate.imagesPerSecond().add(loaderImagesPerSecond(rate.threads(), batches));
            }
        }
        return rates;
    }

    /**
     * Images/s of {@code threads} loader threads serving as many members round-robin (each with its
     * prefetch queue, as in a run), the taking thread doing nothing else.
     */
    private double loaderImagesPerSecond(int threads, int batches) {
        TrainingData td = new TrainingData(images, new BatchBuilder(images, Normalization.imagenet(),
                Augmentation.RESIZED_CROP_AND_FLIP), batchSize, Regularization.homogeneous(threads), SEED);
        int warm = 1;
        int perMember = warm + (batches + threads - 1) / threads;
        td.prefetching(threads, perMember);
        int steps = td.stepsPerEpoch();
        long t0 = 0;
        for (int s = 0; s < perMember; s++) {
            if (s == warm) {
                t0 = System.nanoTime();
            }
            for (int m = 0; m < threads; m++) {
                td.batch(m, s / steps, s % steps, s);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return (double) (perMember - warm) * threads * batchSize / seconds;
    }

    /**
     * Images/s one member of {@code architecture} trains at (median over {@code steps} timed steps
     * after three warm-up ones), {@code intraOpThreads} threads in its ops, on in-memory batches of the
     * folder's shape.
     */
    public double trainerImagesPerSecond(String architecture, int intraOpThreads, int steps) {
        int side = images.height();
        SplittableRandom rng = new SplittableRandom(SEED);
        byte[] pixels = new byte[batchSize * 3 * side * side];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) rng.nextInt(256);
        }
        int[] labels = new int[batchSize];
        java.util.Arrays.setAll(labels, i -> i % images.classes());
        Dataset inMemory = new Dataset("random", pixels, labels, 3, side, side, images.classes());
        DataBundle data = new DataBundle(inMemory, inMemory, inMemory, Normalization.imagenet(), Augmentation.NONE,
                images.classNames());
        List<Double> seconds = LayoutProbe.stepSeconds(new Layout(1, intraOpThreads),
                new ModelSpec(architecture, 3, side, side, images.classes()), data, batchSize,
                new Sgd(Sgd.Options.paperDefaults()), SEED, ComputeDevice.CPU, ActivationLayout.CHANNELS_LAST, 3, steps);
        return batchSize / io.github.washjava.util.Stats.median(seconds);
    }

    /**
     * Writes {@code count} JPEGs of {@code width × height} into {@code classes} class folders under
     * {@code dir/train/} (and one per class under {@code dir/val/}): smooth colour gradients with grain,
     * decoded about as fast as photographs of that size.
     */
    public static void generateFolder(Path dir, int count, int classes, int width, int height) {
        SplittableRandom rng = new SplittableRandom(SEED);
        try {
            for (int i = 0; i < count + classes; i++) {
                int c = i % classes;
                Path file = dir.resolve((i < count ? "train" : "val") + "/class-" + c + "/" + i + ".jpg");
                Files.createDirectories(file.getParent());
                BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
                int r0 = rng.nextInt(256);
                int g0 = rng.nextInt(256);
                int b0 = 64 * c;
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        int grain = rng.nextInt(24);
                        int r = (r0 + 128 * x / width + grain) & 0xFF;
                        int g = (g0 + 128 * y / height + grain) & 0xFF;
                        int b = (b0 + grain) & 0xFF;
                        img.setRGB(x, y, (r << 16) | (g << 8) | b);
                    }
                }
                ImageIO.write(img, "jpg", file.toFile());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the generated image folder under " + dir, e);
        }
    }
}

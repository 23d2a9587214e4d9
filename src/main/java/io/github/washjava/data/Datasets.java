package io.github.washjava.data;

import io.github.washjava.util.InvalidInputException;
import io.github.washjava.util.RandomStreams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Loads a named dataset (docs/method.md §11), applies the size limits and splits off the validation hold-out. */
public final class Datasets {
    /** Names accepted by {@code --dataset}. */
    public static final List<String> NAMES = List.of("fashion-mnist", "mnist", "cifar10", "cifar100", "folder", "synthetic");
    /** The hold-out is always drawn with this seed, so it is the same for every run and method. */
    public static final long SPLIT_SEED = 20240527L;

    private Datasets() {
    }

    /** Where Debian's {@code dataset-fashion-mnist} installs the real Fashion-MNIST. */
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    /** The default data directory of a dataset, or null when it has none. */
    public static Path defaultDirectory(String dataset) {
        return "fashion-mnist".equals(dataset) ? DEBIAN_FASHION_MNIST : null;
    }

    /**
     * Loads {@code dataset} from {@code dir}.
     *
     * @param trainLimit keep only the first K training images (0 = all)
     * @param testLimit keep only the first K test images (0 = all)
     * @param validationFraction share of the (limited) training set held out for the greedy soup
     * @param imageSize side of the images for {@code folder} (ignored otherwise)
     */
    public static DataBundle load(String dataset, Path dir, int trainLimit, int testLimit, double validationFraction,
            int imageSize) {
        ImageSet train;
        ImageSet test;
        Normalization norm = null;
        List<String> names = null;
        switch (dataset) {
            case "fashion-mnist", "mnist" -> {
                requireDirectory(dataset, dir);
                train = IdxReader.read(dir, "train", dataset);
                test = IdxReader.read(dir, "t10k", dataset);
            }
            case "cifar10" -> {
                requireDirectory(dataset, dir);
                train = CifarReader.readCifar10(dir, true);
                test = CifarReader.readCifar10(dir, false);
                norm = Normalization.cifar10();
            }
            case "cifar100" -> {
                requireDirectory(dataset, dir);
                train = CifarReader.readCifar100(dir, true);
                test = CifarReader.readCifar100(dir, false);
                norm = Normalization.cifar100();
            }
            case "folder" -> {
                requireDirectory(dataset, dir);
                FolderImages folderTrain = FolderImages.open(dir.resolve("train"), null, imageSize);
                train = folderTrain;
                test = FolderImages.open(evaluationSplit(dir), folderTrain.classNames(), imageSize);
                names = folderTrain.classNames();
                norm = Normalization.imagenet();
            }
            case "synthetic" -> {
                train = SyntheticDataset.generate(7, 1, 3000, 1, 16, 16, 10, 70);
                test = SyntheticDataset.generate(7, 2, 1000, 1, 16, 16, 10, 70);
            }
            default -> throw new InvalidInputException("dataset: expected one of " + String.join(", ", NAMES) + ", found \""
                    + dataset + "\"");
        }
        train = train.limit(trainLimit);
        test = test.limit(testLimit);
        int[][] split = holdOut(train.size(), validationFraction);
        ImageSet validation = train.subset(split[1]);
        ImageSet rest = train.subset(split[0]);
        if (norm == null) {
            norm = Normalization.of((Dataset) rest); // the in-memory datasets; folders use ImageNet's
        }
        if (names == null) {
            names = ClassNames.of(dataset, dir, train.classes());
        }
        return new DataBundle(rest, validation, test, norm, Augmentation.defaultFor(rest), names);
    }

    /** An image folder's evaluation split: {@code val/} (ImageNet's name) or else {@code test/}. */
    static Path evaluationSplit(Path dir) {
        Path val = dir.resolve("val");
        if (Files.isDirectory(val)) {
            return val;
        }
        Path test = dir.resolve("test");
        if (!Files.isDirectory(test)) {
            throw new InvalidInputException(dir + ": expected an evaluation split val/ or test/ beside train/, found neither");
        }
        return test;
    }

    /**
     * Splits indices 0..n−1 into {train, validation} with a fixed seed: a shuffled prefix of
     * ceil(fraction·n) indices is held out; both parts are returned sorted.
     */
    public static int[][] holdOut(int n, double fraction) {
        int[] order = RandomStreams.permutation(n, SPLIT_SEED, "validation");
        int v = (int) Math.ceil(fraction * n);
        int[] validation = new int[v];
        int[] train = new int[n - v];
        for (int i = 0; i < n; i++) {
            if (i < v) {
                validation[i] = order[i];
            } else {
                train[i - v] = order[i];
            }
        }
        Arrays.sort(validation);
        Arrays.sort(train);
        return new int[][] {train, validation};
    }

    private static void requireDirectory(String dataset, Path dir) {
        if (dir == null) {
            throw new InvalidInputException("data: expected a directory for dataset " + dataset + ", found none; pass --data DIR");
        }
        if (!Files.isDirectory(dir)) {
            String fix = "fashion-mnist".equals(dataset) && dir.equals(DEBIAN_FASHION_MNIST)
                    ? "; install it with: sudo apt-get install -y dataset-fashion-mnist" : "";
            throw new InvalidInputException("data: expected a directory with " + dataset + ", found no directory " + dir + fix);
        }
    }
}

package io.github.washjava.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The names of a built-in dataset's classes, in label order. */
public final class ClassNames {
    static final List<String> FASHION_MNIST = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");
    static final List<String> CIFAR10 = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse",
            "ship", "truck");

    private ClassNames() {
    }

    /**
     * Fashion-MNIST's and CIFAR-10's published names, MNIST's digits, CIFAR-100's from the
     * {@code fine_label_names.txt} its binary distribution ships (when present in {@code dir}), and
     * otherwise the label numbers.
     */
    public static List<String> of(String dataset, Path dir, int classes) {
        List<String> names = switch (dataset) {
            case "fashion-mnist" -> FASHION_MNIST;
            case "cifar10" -> CIFAR10;
            case "cifar100" -> fromFile(dir == null ? null : dir.resolve("fine_label_names.txt"));
            default -> null;
        };
        if (names == null || names.size() != classes) {
            names = new ArrayList<>();
            for (int c = 0; c < classes; c++) {
                names.add(String.valueOf(c));
            }
        }
        return List.copyOf(names);
    }

    private static List<String> fromFile(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            return null;
        }
    }
}

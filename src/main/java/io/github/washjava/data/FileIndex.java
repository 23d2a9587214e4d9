package io.github.washjava.data;

import io.github.washjava.util.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The image files of a folder split ({@code train/}, {@code val/} or {@code test/}): one sub-folder per
 * class, files sorted by name within their class, classes in the order given. File names are packed into
 * one UTF-8 array with offsets, about 30 bytes per image, so ImageNet's 1.28 M files index in ~40 MB where
 * a list of {@link Path}s would take several hundred.
 */
final class FileIndex {
    /** The suffixes read as images (ImageIO's built-in readers); other files in a class folder are ignored. */
    static final List<String> SUFFIXES = List.of(".jpg", ".jpeg", ".png", ".bmp", ".gif");

    private final Path root;
    private final List<String> classes;
    private final byte[] names;
    private final int[] offsets;
    private final int[] labels;
    private final int[] classStart;

    private FileIndex(Path root, List<String> classes, byte[] names, int[] offsets, int[] labels, int[] classStart) {
        this.root = root;
        this.classes = classes;
        this.names = names;
        this.offsets = offsets;
        this.labels = labels;
        this.classStart = classStart;
    }

    /**
     * Indexes {@code root}, whose class folders must be exactly {@code classes} (the training split's); null
     * takes the folder's own, sorted by name.
     */
    static FileIndex of(Path root, List<String> expected) {
        List<String> found = classFolders(root);
        List<String> classes = expected != null ? expected : found;
        if (!found.equals(classes)) {
            throw new InvalidInputException(root + ": expected the class folders of the training split (" + describe(classes)
                    + "), found " + describe(found));
        }
        java.io.ByteArrayOutputStream packed = new java.io.ByteArrayOutputStream();
        int[] offsets = new int[1024];
        int[] labels = new int[1024];
        int[] classStart = new int[classes.size() + 1];
        int n = 0;
        for (int c = 0; c < classes.size(); c++) {
            classStart[c] = n;
            Path classDir = root.resolve(classes.get(c));
            List<String> files = imageFiles(classDir);
            if (files.isEmpty()) {
                throw new InvalidInputException(classDir + ": expected at least one image (" + String.join(", ", SUFFIXES)
                        + "), found none");
            }
            for (String f : files) {
                if (n + 1 >= offsets.length) {
                    offsets = Arrays.copyOf(offsets, offsets.length * 2);
                    labels = Arrays.copyOf(labels, labels.length * 2);
                }
                byte[] utf8 = f.getBytes(StandardCharsets.UTF_8);
                packed.write(utf8, 0, utf8.length);
                labels[n] = c;
                offsets[++n] = packed.size();
            }
        }
        classStart[classes.size()] = n;
        return new FileIndex(root, List.copyOf(classes), packed.toByteArray(), Arrays.copyOf(offsets, n + 1),
                Arrays.copyOf(labels, n), classStart);
    }

    /** Sorted names of the class sub-folders of {@code dir}. */
    static List<String> classFolders(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(dir + ": expected an image folder with one sub-folder per class, found no such "
                    + "directory");
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<String> classes = s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith(".")).sorted().toList();
            if (classes.isEmpty()) {
                throw new InvalidInputException(dir + ": expected one sub-folder per class, found none");
            }
            return classes;
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    private static List<String> imageFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith(".") && isImageName(name)).sorted().toList();
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    private static boolean isImageName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return SUFFIXES.stream().anyMatch(lower::endsWith);
    }

    private static String describe(List<String> classes) {
        int shown = Math.min(5, classes.size());
        return classes.size() + " (" + String.join(", ", classes.subList(0, shown)) + (shown < classes.size() ? ", ..." : "")
                + ")";
    }

    Path root() {
        return root;
    }

    List<String> classes() {
        return classes;
    }

    int size() {
        return labels.length;
    }

    int label(int i) {
        return labels[i];
    }

    /** The path of file {@code i}. */
    Path file(int i) {
        String name = new String(names, offsets[i], offsets[i + 1] - offsets[i], StandardCharsets.UTF_8);
        return root.resolve(classes.get(labels[i])).resolve(name);
    }

    /** The first file of class {@code c}; class c's files are [classStart(c), classStart(c + 1)). */
    int classStart(int c) {
        return classStart[c];
    }
}

package io.github.washjava.data;

import io.github.washjava.util.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * An image folder (docs/method.md §11): one sub-folder per class, sorted by name to give class indices, each
 * holding images ImageIO can read (PNG, JPEG, BMP, GIF). Images are converted to RGB and resized to
 * {@code size × size} (bilinear) when they differ.
 */
public final class ImageFolderReader {
    private ImageFolderReader() {
    }

    /** Reads {@code dir}; {@code classNames} fixes the class order (pass null to take the folder's own). */
    public static Dataset read(Path dir, int size, List<String> classNames) {
        List<String> classes = classNames != null ? classNames : classFolders(dir);
        if (classes.isEmpty()) {
            throw new InvalidInputException(dir + ": expected one sub-folder per class, found none");
        }
        List<byte[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            Path classDir = dir.resolve(classes.get(c));
            List<Path> files = filesIn(classDir);
            if (files.isEmpty()) {
                throw new InvalidInputException(classDir + ": expected at least one image, found an empty folder");
            }
            for (Path f : files) {
                images.add(toRgb(f, size));
                labels.add(c);
            }
        }
        int per = 3 * size * size;
        byte[] pixels = new byte[images.size() * per];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, pixels, i * per, per);
        }
        return new Dataset("folder", pixels, labels.stream().mapToInt(Integer::intValue).toArray(), 3, size, size,
                classes.size());
    }

    /** Sorted names of the class sub-folders of {@code dir}. */
    public static List<String> classFolders(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(dir + ": expected an image folder, found no such directory");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    private static List<Path> filesIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(dir + ": expected a class folder, found no such directory");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    private static byte[] toRgb(Path file, int size) {
        return ImageFiles.planes(ImageFiles.scaled(ImageFiles.read(file), size, size), 3);
    }
}

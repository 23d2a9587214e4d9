package io.github.washjava.data;

import io.github.washjava.util.InvalidInputException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

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
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            img = null;
        }
        if (img == null) {
            throw new InvalidInputException(file + ": expected an image ImageIO can read (png, jpg, bmp, gif), found "
                    + "unreadable data");
        }
        if (img.getWidth() != size || img.getHeight() != size) {
            BufferedImage scaled = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = scaled.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(img, 0, 0, size, size, null);
            g.dispose();
            img = scaled;
        }
        byte[] out = new byte[3 * size * size];
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int rgb = img.getRGB(x, y);
                int p = y * size + x;
                out[p] = (byte) ((rgb >> 16) & 0xFF);
                out[plane + p] = (byte) ((rgb >> 8) & 0xFF);
                out[2 * plane + p] = (byte) (rgb & 0xFF);
            }
        }
        return out;
    }
}

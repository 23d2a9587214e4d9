package io.github.washjava.data;

import io.github.washjava.util.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * MNIST / Fashion-MNIST in IDX format (docs/method.md §11), raw or gzipped: {@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte},
 * each optionally ending in {@code .gz}.
 */
public final class IdxReader {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    private static final int CLASSES = 10;

    private IdxReader() {
    }

    /** Reads split {@code train} or {@code t10k} from a directory. */
    public static Dataset read(Path dir, String split, String name) {
        Path images = find(dir, split + "-images-idx3-ubyte");
        Path labels = find(dir, split + "-labels-idx1-ubyte");
        return read(images, labels, name);
    }

    /** Reads one images file and one labels file. */
    public static Dataset read(Path imagesFile, Path labelsFile, String name) {
        int rows;
        int cols;
        byte[] pixels;
        try (DataInputStream in = open(imagesFile)) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new InvalidInputException(imagesFile + ": expected IDX image magic 0x00000803, found 0x"
                        + String.format("%08x", magic));
            }
            int count = in.readInt();
            rows = in.readInt();
            cols = in.readInt();
            if (count <= 0 || rows <= 0 || cols <= 0 || (long) count * rows * cols > Integer.MAX_VALUE) {
                throw new InvalidInputException(imagesFile + ": expected positive dimensions, found " + count + "x" + rows
                        + "x" + cols);
            }
            pixels = new byte[count * rows * cols];
            readFully(in, pixels, imagesFile, count + " images of " + rows + "x" + cols);
        } catch (IOException e) {
            throw new InvalidInputException(imagesFile + ": cannot read (" + e.getMessage() + ")", e);
        }
        int[] labels;
        try (DataInputStream in = open(labelsFile)) {
            int magic = in.readInt();
            if (magic != LABELS_MAGIC) {
                throw new InvalidInputException(labelsFile + ": expected IDX label magic 0x00000801, found 0x"
                        + String.format("%08x", magic));
            }
            int count = in.readInt();
            if (count < 0) {
                throw new InvalidInputException(labelsFile + ": expected a non-negative label count, found " + count);
            }
            byte[] raw = new byte[count];
            readFully(in, raw, labelsFile, count + " labels");
            labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = raw[i] & 0xFF;
                if (labels[i] >= CLASSES) {
                    throw new InvalidInputException(labelsFile + ": label " + i + ": expected a class in [0, 9], found "
                            + labels[i]);
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException(labelsFile + ": cannot read (" + e.getMessage() + ")", e);
        }
        int images = pixels.length / (rows * cols);
        if (images != labels.length) {
            throw new InvalidInputException(labelsFile + ": expected " + images + " labels to match " + imagesFile.getFileName()
                    + ", found " + labels.length);
        }
        return new Dataset(name, pixels, labels, 1, rows, cols, CLASSES);
    }

    private static Path find(Path dir, String base) {
        Path raw = dir.resolve(base);
        Path gz = dir.resolve(base + ".gz");
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        throw new InvalidInputException(dir + ": expected " + base + " or " + base + ".gz, found neither");
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        return new DataInputStream(in);
    }

    private static void readFully(DataInputStream in, byte[] buffer, Path file, String expected) throws IOException {
        try {
            in.readFully(buffer);
        } catch (EOFException e) {
            throw new InvalidInputException(file + ": expected " + expected + ", found a truncated file");
        }
    }
}

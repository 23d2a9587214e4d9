package io.github.washjava.data;

import io.github.washjava.util.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10 and CIFAR-100 in their official binary formats (docs/method.md §11). A CIFAR-10 record is one label
 * byte and 3072 pixel bytes (1024 red, 1024 green, 1024 blue); a CIFAR-100 record is a coarse label,
 * a fine label and the same 3072 bytes. CIFAR-100 uses the fine label (100 classes).
 */
public final class CifarReader {
    private static final int IMAGE_BYTES = 3 * 32 * 32;

    private CifarReader() {
    }

    /** CIFAR-10's {@code data_batch_1..5.bin} (train) or {@code test_batch.bin} (test). */
    public static Dataset readCifar10(Path dir, boolean train) {
        List<Path> files = new ArrayList<>();
        if (train) {
            for (int i = 1; i <= 5; i++) {
                files.add(dir.resolve("data_batch_" + i + ".bin"));
            }
        } else {
            files.add(dir.resolve("test_batch.bin"));
        }
        return read(files, 1, 10, "cifar10");
    }

    /** CIFAR-100's {@code train.bin} or {@code test.bin}. */
    public static Dataset readCifar100(Path dir, boolean train) {
        return read(List.of(dir.resolve(train ? "train.bin" : "test.bin")), 2, 100, "cifar100");
    }

    static Dataset read(List<Path> files, int labelBytes, int classes, String name) {
        int record = labelBytes + IMAGE_BYTES;
        List<byte[]> contents = new ArrayList<>();
        int total = 0;
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new InvalidInputException(f + ": expected a " + name + " binary file, found none");
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(f);
            } catch (IOException e) {
                throw new InvalidInputException(f + ": cannot read (" + e.getMessage() + ")", e);
            }
            if (bytes.length == 0 || bytes.length % record != 0) {
                throw new InvalidInputException(f + ": expected a whole number of " + record + "-byte records, found "
                        + bytes.length + " bytes (truncated?)");
            }
            contents.add(bytes);
            total += bytes.length / record;
        }
        byte[] pixels = new byte[total * IMAGE_BYTES];
        int[] labels = new int[total];
        int n = 0;
        for (int fi = 0; fi < contents.size(); fi++) {
            byte[] bytes = contents.get(fi);
            for (int off = 0; off < bytes.length; off += record, n++) {
                int label = bytes[off + labelBytes - 1] & 0xFF;
                if (label >= classes) {
                    throw new InvalidInputException(files.get(fi) + ": record " + (off / record) + ": expected a label in [0, "
                            + (classes - 1) + "], found " + label);
                }
                labels[n] = label;
                System.arraycopy(bytes, off + labelBytes, pixels, n * IMAGE_BYTES, IMAGE_BYTES);
            }
        }
        return new Dataset(name, pixels, labels, 3, 32, 32, classes);
    }
}

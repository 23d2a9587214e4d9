package io.github.washjava.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.washjava.util.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    static byte[] images(int magic, int n, int rows, int cols, int payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(n);
        out.writeInt(rows);
        out.writeInt(cols);
        for (int i = 0; i < payload; i++) {
            out.writeByte(i % 251);
        }
        return bytes.toByteArray();
    }

    static byte[] labels(int magic, int n, int... values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(n);
        for (int v : values) {
            out.writeByte(v);
        }
        return bytes.toByteArray();
    }

    private void write(String name, byte[] content, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(dir.resolve(name + ".gz")))
                : Files.newOutputStream(dir.resolve(name))) {
            out.write(content);
        }
    }

    @Test
    void readsRawAndGzippedFilesToTheSameImages() throws IOException {
        // docs/method.md §11: IDX, optionally gzipped.
        write("train-images-idx3-ubyte", images(0x803, 3, 2, 2, 12), false);
        write("train-labels-idx1-ubyte", labels(0x801, 3, 7, 0, 9), true);
        Dataset d = IdxReader.read(dir, "train", "mnist");
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.labels()).containsExactly(7, 0, 9);
        assertThat(d.channels()).isEqualTo(1);
        assertThat(d.height()).isEqualTo(2);
        assertThat(d.pixels()[5]).isEqualTo((byte) 5);
    }

    @Test
    void rejectsWrongMagicNamingTheFile() throws IOException {
        write("train-images-idx3-ubyte", images(0x801, 3, 2, 2, 12), false);
        write("train-labels-idx1-ubyte", labels(0x801, 3, 1, 2, 3), false);
        assertThatThrownBy(() -> IdxReader.read(dir, "train", "mnist")).isInstanceOf(InvalidInputException.class)
                .hasMessage(dir.resolve("train-images-idx3-ubyte") + ": expected IDX image magic 0x00000803, found 0x00000801");
    }

    @Test
    void rejectsTruncatedImages() throws IOException {
        write("train-images-idx3-ubyte", images(0x803, 3, 2, 2, 10), false);
        write("train-labels-idx1-ubyte", labels(0x801, 3, 1, 2, 3), false);
        assertThatThrownBy(() -> IdxReader.read(dir, "train", "mnist"))
                .hasMessage(dir.resolve("train-images-idx3-ubyte") + ": expected 3 images of 2x2, found a truncated file");
    }

    @Test
    void rejectsLabelOutOfRangeAndCountMismatch() throws IOException {
        write("train-images-idx3-ubyte", images(0x803, 3, 2, 2, 12), false);
        write("train-labels-idx1-ubyte", labels(0x801, 3, 1, 12, 3), false);
        assertThatThrownBy(() -> IdxReader.read(dir, "train", "mnist"))
                .hasMessage(dir.resolve("train-labels-idx1-ubyte") + ": label 1: expected a class in [0, 9], found 12");
        write("train-labels-idx1-ubyte", labels(0x801, 2, 1, 2), false);
        assertThatThrownBy(() -> IdxReader.read(dir, "train", "mnist"))
                .hasMessage(dir.resolve("train-labels-idx1-ubyte") + ": expected 3 labels to match train-images-idx3-ubyte, found 2");
    }

    @Test
    void missingFilesNameBothSpellings() {
        assertThatThrownBy(() -> IdxReader.read(dir, "t10k", "mnist")).hasMessage(dir
                + ": expected t10k-images-idx3-ubyte or t10k-images-idx3-ubyte.gz, found neither");
    }

    @Test
    void readsTheRealFashionMnistWhenInstalled() {
        // The Debian package dataset-fashion-mnist (installed by .ci/run): 60,000 + 10,000 images of 28×28.
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Datasets.DEBIAN_FASHION_MNIST));
        Dataset train = IdxReader.read(Datasets.DEBIAN_FASHION_MNIST, "train", "fashion-mnist");
        Dataset test = IdxReader.read(Datasets.DEBIAN_FASHION_MNIST, "t10k", "fashion-mnist");
        assertThat(train.size()).isEqualTo(60_000);
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(train.height()).isEqualTo(28);
        assertThat(java.util.Arrays.stream(test.labels()).distinct().count()).isEqualTo(10);
    }
}

package io.github.washjava.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.washjava.util.InvalidInputException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarAndFolderReaderTest {
    @TempDir
    Path dir;

    private static byte[] cifar100Records(int... fineLabels) {
        byte[] out = new byte[fineLabels.length * 3074];
        for (int r = 0; r < fineLabels.length; r++) {
            out[r * 3074] = 3; // coarse label, ignored
            out[r * 3074 + 1] = (byte) fineLabels[r];
            out[r * 3074 + 2] = (byte) (10 + r); // first red pixel
            out[r * 3074 + 2 + 1024] = (byte) (20 + r); // first green pixel
        }
        return out;
    }

    @Test
    void cifar100UsesFineLabelAndChannelMajorPixels() throws IOException {
        // docs/method.md §11: CIFAR-100 binary = coarse, fine, 3072 bytes (R plane, G plane, B plane).
        Files.write(dir.resolve("train.bin"), cifar100Records(42, 99));
        Dataset d = CifarReader.readCifar100(dir, true);
        assertThat(d.labels()).containsExactly(42, 99);
        assertThat(d.classes()).isEqualTo(100);
        assertThat(d.pixels()[3072]).isEqualTo((byte) 11);
        assertThat(d.pixels()[3072 + 1024]).isEqualTo((byte) 21);
    }

    @Test
    void truncatedCifarRecordIsRejected() throws IOException {
        byte[] records = cifar100Records(1, 2);
        Files.write(dir.resolve("test.bin"), java.util.Arrays.copyOf(records, records.length - 5));
        assertThatThrownBy(() -> CifarReader.readCifar100(dir, false)).isInstanceOf(InvalidInputException.class)
                .hasMessage(dir.resolve("test.bin") + ": expected a whole number of 3074-byte records, found 6143 bytes (truncated?)");
    }

    @Test
    void cifar10LabelOutOfRangeIsRejected() throws IOException {
        byte[] record = new byte[3073];
        record[0] = 10;
        Files.write(dir.resolve("test_batch.bin"), record);
        assertThatThrownBy(() -> CifarReader.readCifar10(dir, false))
                .hasMessage(dir.resolve("test_batch.bin") + ": record 0: expected a label in [0, 9], found 10");
    }

    @Test
    void imageFolderReadsClassesInNameOrderAndResizes() throws IOException {
        for (String cls : List.of("zebra", "ant")) {
            Files.createDirectories(dir.resolve(cls));
            BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
            img.setRGB(0, 0, 0xFF0000);
            ImageIO.write(img, "png", dir.resolve(cls).resolve("a.png").toFile());
        }
        Dataset d = ImageFolderReader.read(dir, 8, null);
        assertThat(d.labels()).containsExactly(0, 1); // ant before zebra
        assertThat(d.pixels()[0] & 0xFF).isEqualTo(255);
        assertThat(ImageFolderReader.read(dir, 4, null).height()).isEqualTo(4);
    }

    @Test
    void emptyClassFolderAndUnreadableImageAreRejected() throws IOException {
        Files.createDirectories(dir.resolve("cat"));
        assertThatThrownBy(() -> ImageFolderReader.read(dir, 8, null))
                .hasMessage(dir.resolve("cat") + ": expected at least one image, found an empty folder");
        Files.writeString(dir.resolve("cat").resolve("x.png"), "not an image");
        assertThatThrownBy(() -> ImageFolderReader.read(dir, 8, null)).hasMessage(dir.resolve("cat").resolve("x.png")
                + ": expected an image ImageIO can read (png, jpg, bmp, gif), found unreadable data");
    }

    @Test
    void validationHoldOutIsFixedDisjointAndTwoPercent() {
        // docs/method.md §5: 2% of the training set, fixed seed, used only to rank members.
        int[][] a = Datasets.holdOut(1000, 0.02);
        int[][] b = Datasets.holdOut(1000, 0.02);
        assertThat(a[1]).hasSize(20).containsExactly(b[1]);
        assertThat(a[0]).hasSize(980).doesNotContain(a[1]);
    }
}

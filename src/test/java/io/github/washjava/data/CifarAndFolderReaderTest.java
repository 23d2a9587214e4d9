package io.github.washjava.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.washjava.util.InvalidInputException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private void writeImage(Path file, int width, int height, int rgb, String format) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        ImageIO.write(img, format, file.toFile());
    }

    @Test
    void imageFolderIndexesClassesInNameOrderAndCutsTheCentre() throws IOException {
        writeImage(dir.resolve("zebra/a.png"), 40, 20, 0x0000FF, "png");
        writeImage(dir.resolve("ant/b.jpg"), 20, 40, 0xFF0000, "jpg");
        Files.writeString(dir.resolve("ant/notes.txt"), "not an image, and not named like one: ignored");
        FolderImages d = FolderImages.open(dir, null, 8);
        assertThat(d.classNames()).containsExactly("ant", "zebra");
        assertThat(d.labels()).containsExactly(0, 1);
        assertThat(d.height()).isEqualTo(8);
        Normalization identity = new Normalization(new float[] {0, 0, 0}, new float[] {1, 1, 1});
        float[] out = new float[3 * 64];
        d.plainImage(1, identity, out, 0);
        assertThat(out[0]).isEqualTo(0f); // red plane of the blue image
        assertThat(out[2 * 64 + 27]).isEqualTo(1f); // blue plane, the centre
        d.plainImage(0, identity, out, 0);
        assertThat(out[27]).isGreaterThan(0.95f); // a JPEG's red stays red within its loss
    }

    @Test
    void randomResizedCropIsDeterministicPerDrawAndKeepsTheSize() throws IOException {
        writeImage(dir.resolve("cat/a.png"), 50, 30, 0x00FF00, "png");
        FolderImages d = FolderImages.open(dir, null, 16);
        float[] a = new float[3 * 256];
        float[] b = new float[3 * 256];
        d.augmentedImage(0, Normalization.imagenet(), Augmentation.RESIZED_CROP_AND_FLIP, new java.util.SplittableRandom(3), a, 0);
        d.augmentedImage(0, Normalization.imagenet(), Augmentation.RESIZED_CROP_AND_FLIP, new java.util.SplittableRandom(3), b, 0);
        assertThat(a).containsExactly(b);
        for (int i = 0; i < 200; i++) {
            ImageTransforms.Box box = ImageTransforms.randomResized(50, 30, new java.util.SplittableRandom(i));
            assertThat(box.x() + box.width()).isLessThanOrEqualTo(50);
            assertThat(box.y() + box.height()).isLessThanOrEqualTo(30);
            assertThat(box.width()).isPositive();
        }
    }

    @Test
    void unreadableImageIsReplacedByTheNextOfItsClassAndTooManyStopTheRun() throws IOException {
        writeImage(dir.resolve("cat/b.png"), 8, 8, 0xFFFFFF, "png");
        Files.writeString(dir.resolve("cat/a.png"), "not an image");
        FolderImages d = FolderImages.open(dir, null, 8);
        float[] out = new float[3 * 64];
        d.plainImage(0, new Normalization(new float[] {0, 0, 0}, new float[] {1, 1, 1}), out, 0);
        assertThat(out[0]).isEqualTo(1f); // a.png stood in for by b.png
        for (int i = 0; i < 11; i++) {
            Files.writeString(dir.resolve("cat/bad" + i + ".jpg"), "broken");
        }
        FolderImages broken = FolderImages.open(dir, null, 8);
        assertThatThrownBy(() -> {
            for (int i = 0; i < broken.size(); i++) {
                broken.plainImage(i, Normalization.imagenet(), out, 0);
            }
        }).isInstanceOf(InvalidInputException.class).hasMessageStartingWith(dir + ": expected at most 10 unreadable images");
    }

    @Test
    void emptyClassFolderAndMismatchedEvaluationClassesAreRejected() throws IOException {
        Files.createDirectories(dir.resolve("train/cat"));
        assertThatThrownBy(() -> FolderImages.open(dir.resolve("train"), null, 8))
                .hasMessageStartingWith(dir.resolve("train/cat") + ": expected at least one image");
        writeImage(dir.resolve("train/cat/a.png"), 8, 8, 0, "png");
        writeImage(dir.resolve("val/dog/a.png"), 8, 8, 0, "png");
        assertThatThrownBy(() -> Datasets.load("folder", dir, 0, 0, 0.02, 8)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(dir.resolve("val") + ": expected the class folders of the training split");
    }

    @Test
    void folderDatasetTakesValSplitImagenetNormalisationAndResizedCrops() throws IOException {
        for (int k = 0; k < 10; k++) {
            writeImage(dir.resolve("train/cat/" + k + ".jpg"), 40 + k, 30, 0x808080 + k, "jpg");
            writeImage(dir.resolve("train/dog/" + k + ".png"), 30, 40 + k, 0x203040 + k, "png");
        }
        writeImage(dir.resolve("val/cat/v.jpg"), 50, 50, 0x808080, "jpg");
        writeImage(dir.resolve("val/dog/v.png"), 50, 50, 0x203040, "png");
        DataBundle b = Datasets.load("folder", dir, 0, 0, 0.1, 16);
        assertThat(b.classNames()).containsExactly("cat", "dog");
        assertThat(b.test().size()).isEqualTo(2);
        assertThat(b.train().size() + b.validation().size()).isEqualTo(20);
        assertThat(b.normalization().mean()).containsExactly(0.485f, 0.456f, 0.406f);
        assertThat(b.augmentation()).isEqualTo(Augmentation.RESIZED_CROP_AND_FLIP);
        Batch batch = new BatchBuilder(b.train(), b.normalization(), b.augmentation()).build(new int[] {0, 1, 2},
                Regularization.homogeneous(1).get(0), new java.util.SplittableRandom(1));
        assertThat(batch.images()).hasSize(3 * 3 * 16 * 16);
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

package io.github.washjava.cli;

import static io.github.washjava.cli.TrainCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.washjava.model.ModelArchive;
import io.github.washjava.util.Json;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 end to end on a generated ImageNet-style folder: {@code train --dataset folder} with the
 * torchvision-layout ResNet-18, then the averaged model used from the command line ({@code eval} on the
 * folder, {@code predict} on pictures of other sizes and colour), and a model for another folder refused.
 */
class FolderTrainingTest {
    @TempDir
    Path dir;

    /** A picture of {@code w × h}: mostly {@code rgb}, with noise so no two are alike. */
    private static void picture(Path file, int w, int h, int rgb, long seed, String format) throws IOException {
        Files.createDirectories(file.getParent());
        SplittableRandom rng = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int noise = rng.nextInt(40);
                int r = Math.min(255, ((rgb >> 16) & 0xFF) + noise);
                int g = Math.min(255, ((rgb >> 8) & 0xFF) + noise);
                int b = Math.min(255, (rgb & 0xFF) + noise);
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        ImageIO.write(img, format, file.toFile());
    }

    /** train/ and val/ of {@code classes} (named after their colours), pictures of mixed sizes, PNG and JPEG. */
    private Path folder(String name, int trainPerClass, String... classes) throws IOException {
        Path root = dir.resolve(name);
        for (int c = 0; c < classes.length; c++) {
            int rgb = switch (classes[c]) {
                case "red" -> 0xC01010;
                case "blue" -> 0x1010C0;
                default -> 0x10A010;
            };
            for (int i = 0; i < trainPerClass + 4; i++) {
                String split = i < trainPerClass ? "train" : "val";
                String format = i % 2 == 0 ? "png" : "jpg";
                picture(root.resolve(split + "/" + classes[c] + "/" + i + "." + format), 30 + 7 * (i % 4), 28 + 5 * (i % 3),
                        rgb, 31L * c + i, format);
            }
        }
        return root;
    }

    @Test
    void trainsOnAnImageFolderAndTheAverageIsUsableFromTheCommandLine() throws IOException {
        Path data = folder("pictures", 12, "blue", "red");
        Path out = dir.resolve("run");
        TrainCommandTest.Outcome o = run("train", "--dataset", "folder", "--data", data.toString(), "--model",
                "resnet18-imagenet", "--image-size", "32", "--population", "2", "--epochs", "2", "--batch-size", "8",
                "--lr", "0.05", "--p", "0.05", "--bn-batches", "1", "--loader-threads", "2", "--save-members", "false",
                "--out", out.toString());
        assertThat(o.code()).as(o.err()).isZero();
        JsonNode s = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertThat(s.get("population").asInt()).isEqualTo(2);
        assertThat(s.get("steps").asLong()).isEqualTo(2 * ((24 - 1) / 8)); // one image of 24 held out for the soup

        // The archive names the folder's classes and takes any picture through the centre crop.
        ModelArchive.Loaded average = ModelArchive.load(out.resolve("models/average.pt"));
        assertThat(average.classNames()).containsExactly("blue", "red");
        assertThat(average.centreCrop()).isTrue();
        assertThat(average.spec().height()).isEqualTo(32);

        // eval on the folder needs no --image-size: the model's own side, and the summary's accuracy.
        TrainCommandTest.Outcome eval = run("eval", "--model", out.resolve("models/average.pt").toString(), "--dataset",
                "folder", "--data", data.toString());
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(eval.out()).contains(String.format(Locale.ROOT, "folder test (8 images): accuracy %.2f%%",
                100 * s.get("uniform_soup").get("accuracy").asDouble()));

        // predict takes pictures of another size, and grey ones, without --resize.
        Path big = dir.resolve("big.jpg");
        picture(big, 90, 60, 0xC01010, 99, "jpg");
        BufferedImage grey = new BufferedImage(20, 50, BufferedImage.TYPE_BYTE_GRAY);
        Path greyFile = dir.resolve("grey.png");
        ImageIO.write(grey, "png", greyFile.toFile());
        Path csv = dir.resolve("predictions.csv");
        TrainCommandTest.Outcome predict = run("predict", "--model", out.resolve("models/average.pt").toString(),
                "--top", "2", "--out", csv.toString(), big.toString(), greyFile.toString());
        assertThat(predict.code()).as(predict.err()).isZero();
        assertThat(predict.out()).containsPattern("big.jpg: (red|blue) \\d+\\.\\d%, (red|blue) \\d+\\.\\d%");
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows).hasSize(1 + 2 * 2);

        // A model for another folder's classes is refused in one line, exit 2.
        Path three = folder("three", 2, "blue", "green", "red");
        TrainCommandTest.Outcome wrong = run("eval", "--model", out.resolve("models/average.pt").toString(), "--dataset",
                "folder", "--data", three.toString());
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.err()).isEqualTo("error: model: expected a model for 3x32x32 images and 3 classes (folder), "
                + "found one for 3x32x32 and 2 classes\n");
    }
}

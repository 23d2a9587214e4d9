package io.github.washjava.cli;

import static io.github.washjava.cli.TrainCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.washjava.data.Normalization;
import io.github.washjava.model.ModelArchive;
import io.github.washjava.model.ModelSpec;
import io.github.washjava.model.Models;
import io.github.washjava.model.WashModel;
import io.github.washjava.util.Json;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The model out of a run: {@code wash predict} on image files, {@code wash export} to safetensors, loading in PyTorch. */
class PredictAndExportTest {
    private static final ModelSpec SPEC = new ModelSpec("small-cnn", 1, 8, 8, 3);
    private static final Normalization NORM = new Normalization(new float[] {0.4f}, new float[] {0.3f});
    private static final Normalization NORM3 = Normalization.imagenet();

    @TempDir
    Path dir;
    Path modelFile;
    WashModel model;

    @BeforeEach
    void saveAModel() {
        model = Models.create(SPEC);
        modelFile = dir.resolve("model.pt");
        ModelArchive.save(model, SPEC, NORM, List.of("cat", "dog", "bird"), false, modelFile);
    }

    private Path grey(String name, int size, int seed) throws IOException {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                img.getRaster().setSample(x, y, 0, (x * 31 + y * 17 + seed * 53) % 256);
            }
        }
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    /** The model's probabilities for a grey image, computed here from its pixel levels. */
    private double[] expectedProbabilities(int seed) {
        float[] x = new float[64];
        for (int y = 0; y < 8; y++) {
            for (int c = 0; c < 8; c++) {
                x[y * 8 + c] = (((c * 31 + y * 17 + seed * 53) % 256) / 255f - 0.4f) / 0.3f;
            }
        }
        model.eval();
        try (NoGradGuard g = new NoGradGuard()) {
            FloatBuffer logits = model.forward(Tensor.create(x, 1, 1, 8, 8)).contiguous().createBuffer();
            double[] e = new double[3];
            double max = Math.max(logits.get(0), Math.max(logits.get(1), logits.get(2)));
            double sum = 0;
            for (int k = 0; k < 3; k++) {
                e[k] = Math.exp(logits.get(k) - max);
                sum += e[k];
            }
            for (int k = 0; k < 3; k++) {
                e[k] /= sum;
            }
            return e;
        }
    }

    @Test
    void predictRanksTheClassesByTheModelsProbabilitiesAndWritesCsv() throws IOException {
        grey("images/a.png", 8, 1);
        grey("images/b.png", 8, 2);
        Files.writeString(dir.resolve("images/notes.txt"), "not an image");
        Path csv = dir.resolve("predictions.csv");
        TrainCommandTest.Outcome o = run("predict", "--model", modelFile.toString(), "--top", "3", "--out", csv.toString(),
                dir.resolve("images").toString());
        assertThat(o.code()).as(o.err()).isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("file,rank,label,class,probability");
        assertThat(lines).hasSize(1 + 2 * 3);
        double[] expected = expectedProbabilities(1);
        double total = 0;
        for (String line : lines.subList(1, 4)) {
            String[] f = line.split(",");
            assertThat(f[0]).endsWith("a.png");
            int label = Integer.parseInt(f[2]);
            assertThat(f[3]).isEqualTo(List.of("cat", "dog", "bird").get(label));
            assertThat(Double.parseDouble(f[4])).isCloseTo(expected[label], within(1e-5));
            total += Double.parseDouble(f[4]);
        }
        assertThat(total).isCloseTo(1.0, within(1e-5));
        assertThat(Double.parseDouble(lines.get(1).split(",")[4])).isGreaterThanOrEqualTo(
                Double.parseDouble(lines.get(2).split(",")[4]));
        assertThat(o.out()).contains("a.png: ").contains("b.png: ").doesNotContain("notes.txt");
    }

    @Test
    void imagesTheModelCannotTakeAreRefusedByName() throws IOException {
        Path big = grey("big.png", 12, 3);
        TrainCommandTest.Outcome o = run("predict", "--model", modelFile.toString(), big.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).isEqualTo("error: " + big + ": expected 8×8 pixels (the model's input), found 12×12; "
                + "pass --resize to scale it");
        assertThat(run("predict", "--model", modelFile.toString(), "--resize", big.toString()).code()).isZero();

        BufferedImage colour = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        colour.setRGB(1, 1, 0xFF0000);
        Path rgb = dir.resolve("colour.png");
        ImageIO.write(colour, "png", rgb.toFile());
        Path csv = dir.resolve("never.csv");
        o = run("predict", "--model", modelFile.toString(), "--out", csv.toString(), grey("ok.png", 8, 4).toString(),
                rgb.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).isEqualTo("error: " + rgb + ": expected a greyscale image (the model takes 1 channel), "
                + "found a colour image; convert it to greyscale first");
        assertThat(csv).doesNotExist();

        Path empty = Files.createDirectories(dir.resolve("empty"));
        o = run("predict", "--model", modelFile.toString(), empty.toString());
        assertThat(o.err().strip()).isEqualTo("error: " + empty + ": expected image files (bmp, gif, jpeg, jpg, png), "
                + "found none");
        Path broken = dir.resolve("broken.png");
        Files.writeString(broken, "not a png");
        o = run("predict", "--model", modelFile.toString(), broken.toString());
        assertThat(o.err().strip()).isEqualTo("error: " + broken + ": expected an image ImageIO can read (png, jpg, bmp, "
                + "gif), found unreadable data");
        o = run("predict", "--model", broken.toString(), grey("x.png", 8, 5).toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains(broken + ": expected a libtorch model archive");
    }

    @Test
    void aModelForAnotherArchitectureOrDatasetIsRefusedInOneLine() {
        // An archive whose metadata names another architecture than its weights are for.
        Path mislabelled = dir.resolve("mislabelled.pt");
        ModelArchive.save(model, new ModelSpec("mlp", 1, 8, 8, 3), NORM, List.of("cat", "dog", "bird"), false, mislabelled);
        TrainCommandTest.Outcome o = run("eval", "--model", mislabelled.toString(), "--dataset", "synthetic");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).startsWith("error: " + mislabelled + ": expected the weights of a mlp, found weights that "
                + "do not fit (").doesNotContain("\tat ").hasLineCount(1);
        // A sound model evaluated on data of another shape and number of classes.
        o = run("eval", "--model", modelFile.toString(), "--dataset", "synthetic", "--test-limit", "10");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).isEqualTo("error: model: expected a model for 1x16x16 images and 10 classes (synthetic), "
                + "found one for 1x8x8 and 3 classes\n");
    }

    @Test
    void exportWritesSafetensorsThatAnIndependentReaderMatchesToTheModel() throws IOException {
        Path out = dir.resolve("model.safetensors");
        TrainCommandTest.Outcome o = run("export", "--model", modelFile.toString(), "--format", "safetensors", "--out",
                out.toString());
        assertThat(o.code()).as(o.err()).isZero();

        // The format, read by hand: u64 little-endian header length, JSON header, then the data.
        byte[] bytes = Files.readAllBytes(out);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = Math.toIntExact(b.getLong(0));
        JsonNode header = Json.MAPPER.readTree(new String(bytes, 8, headerLength, StandardCharsets.UTF_8));
        assertThat(header.get("__metadata__").get("architecture").asText()).isEqualTo("small-cnn");
        assertThat(header.get("__metadata__").get("class_names").asText()).isEqualTo("[\"cat\",\"dog\",\"bird\"]");
        int dataStart = 8 + headerLength;
        StringTensorDict params = model.named_parameters();
        assertThat(params.size()).isPositive();
        for (long i = 0; i < params.size(); i++) {
            String name = params.get(i).key().getString();
            Tensor t = params.get(i).value().contiguous();
            JsonNode entry = header.get(name);
            assertThat(entry).as(name).isNotNull();
            assertThat(entry.get("dtype").asText()).isEqualTo("F32");
            FloatBuffer values = t.createBuffer();
            long begin = entry.get("data_offsets").get(0).asLong();
            assertThat(entry.get("data_offsets").get(1).asLong() - begin).isEqualTo(4 * t.numel());
            for (int k = 0; k < t.numel(); k++) {
                assertThat(b.getFloat(dataStart + Math.toIntExact(begin) + 4 * k)).isEqualTo(values.get(k));
            }
        }
        assertThat(header.get("bn1.running_var").get("dtype").asText()).isEqualTo("F32");
        assertThat(header.get("bn1.num_batches_tracked").get("dtype").asText()).isEqualTo("I64");
        assertThat(header.get("conv1.weight").get("shape").toString()).isEqualTo("[16,1,3,3]");

        assertThat(run("export", "--model", modelFile.toString(), "--out", out.toString()).err().strip())
                .isEqualTo("error: out: expected a new file, found " + out + " (never overwritten)");
        assertThat(run("export", "--model", modelFile.toString(), "--format", "onnx", "--out", dir.resolve("m.onnx")
                .toString()).err().strip()).isEqualTo("error: format: expected safetensors, found \"onnx\"");
    }

    @ParameterizedTest
    @CsvSource({"resnet18-imagenet,resnet18", "resnet50,resnet50"})
    void torchvisionRunsAnImageNetFormModelSavedHereAsItRunsHere(String architecture, String torchvisionName)
            throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(python)
                && new ProcessBuilder(python.toString(), "-c", "import torch, torchvision").start().waitFor() == 0,
                "python3-torchvision is not installed");
        ModelSpec spec = new ModelSpec(architecture, 3, 64, 64, 5);
        WashModel net = Models.create(spec);
        Path archive = dir.resolve(architecture + ".pt");
        ModelArchive.save(net, spec, NORM3, List.of("a", "b", "c", "d", "e"), true, archive);
        float[] x = new float[2 * 3 * 64 * 64];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(0.37 * i);
        }
        float[] expected = new float[10];
        net.eval();
        try (NoGradGuard g = new NoGradGuard()) {
            ((FloatBuffer) net.forward(Tensor.create(x, 2, 3, 64, 64)).contiguous().createBuffer()).get(expected);
        }
        Path input = dir.resolve("input.f32");
        ByteBuffer bytes = ByteBuffer.allocate(4 * x.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(x);
        Files.write(input, bytes.array());
        // torchvision's own network, the archive's state_dict loaded strictly: every name and shape must match,
        // and the same input must give the same logits (strides, padding and shortcuts as torchvision's).
        Process p = new ProcessBuilder(python.toString(), "-c", "import sys, numpy, torch, torchvision\n"
                + "net = torchvision.models." + torchvisionName + "(num_classes=5)\n"
                + "net.load_state_dict(torch.jit.load(sys.argv[1]).state_dict(), strict=True)\n"
                + "x = torch.from_numpy(numpy.fromfile(sys.argv[2], dtype='<f4').reshape(2, 3, 64, 64))\n"
                + "print(' '.join(repr(float(v)) for v in net.eval()(x).detach().flatten()))",
                archive.toString(), input.toString()).redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(printed).isZero();
        String[] values = printed.lines().reduce((a, b) -> b).orElse("").split(" ");
        assertThat(values).hasSize(10);
        for (int i = 0; i < 10; i++) {
            assertThat(Double.parseDouble(values[i])).as("logit " + i).isCloseTo(expected[i], within(1e-3));
        }
    }

    @Test
    void pytorchLoadsTheArchiveWithTheUsualParameterNames() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(python)
                && new ProcessBuilder(python.toString(), "-c", "import torch").start().waitFor() == 0,
                "python3-torch is not installed");
        Process p = new ProcessBuilder(python.toString(), "-c", "import sys, torch\n"
                + "sd = torch.jit.load(sys.argv[1]).state_dict()\n"
                + "print(len(sd), sd['conv1.weight'].shape, float(sd['fc.bias'][0]))", modelFile.toString())
                .redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(printed).isZero();
        float bias = ((FloatBuffer) model.named_parameters().get("fc.bias").createBuffer()).get(0);
        assertThat(printed).startsWith("20 torch.Size([16, 1, 3, 3]) ");
        assertThat(Double.parseDouble(printed.substring(printed.lastIndexOf(' ') + 1))).isCloseTo(bias, within(1e-6));
    }
}

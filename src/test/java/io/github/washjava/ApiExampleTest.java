package io.github.washjava;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.washjava.data.Augmentation;
import io.github.washjava.data.BatchBuilder;
import io.github.washjava.data.Dataset;
import io.github.washjava.data.Normalization;
import io.github.washjava.data.Regularization;
import io.github.washjava.data.SyntheticDataset;
import io.github.washjava.eval.Evaluator;
import io.github.washjava.exchange.WashExchange;
import io.github.washjava.exchange.WashOptions;
import io.github.washjava.merge.Soups;
import io.github.washjava.model.RecalibrationData;
import io.github.washjava.model.SmallCnn;
import io.github.washjava.model.WashModel;
import io.github.washjava.population.InitMode;
import io.github.washjava.population.MemberExecutor;
import io.github.washjava.population.Population;
import io.github.washjava.train.CosineSchedule;
import io.github.washjava.train.Trainer;
import io.github.washjava.train.TrainingData;
import io.github.washjava.eval.Predictor;
import io.github.washjava.model.ModelArchive;
import io.github.washjava.model.ModelSpec;
import io.github.washjava.model.Models;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java API examples of docs/usage.md, kept compiling and running: the lines between each
 * {@code // docs:begin} and {@code // docs:end} marker pair are exactly an example in the docs.
 */
class ApiExampleTest {
    @Test
    void trainAPopulationWithWashAndAverageIt() {
        Dataset train = SyntheticDataset.generate(7, 1, 1200, 1, 16, 16, 10, 40);
        Dataset test = SyntheticDataset.generate(7, 2, 300, 1, 16, 16, 10, 40);
        Normalization norm = Normalization.of(train);
        // docs:begin
        int members = 3;
        int epochs = 3;
        long seed = 1;
        // Any WashModel works here: a libtorch Module with forward(images) -> logits.
        Population population = Population.create(() -> new SmallCnn(1, 10), members, InitMode.SAME, seed);
        TrainingData data = new TrainingData(train, new BatchBuilder(train, norm, Augmentation.defaultFor(train)), 64,
                Regularization.homogeneous(members), seed);
        WashExchange wash = new WashExchange(WashOptions.defaults().withP(0.01), seed);
        CosineSchedule lr = new CosineSchedule(0.1, 1e-4, (long) epochs * data.stepsPerEpoch());
        try (MemberExecutor executor = new MemberExecutor(1, 2)) {
            new Trainer(population, data, lr).exchange(wash).executor(executor).fit(epochs);
        }
        WashModel averaged = Soups.uniform(population, RecalibrationData.sample(train, norm, 64, 10, seed));
        double accuracy = new Evaluator(test, norm, 256).accuracy(averaged);
        // docs:end
        assertThat(accuracy).isGreaterThan(0.5); // 10 classes: far above chance
    }

    @Test
    void useASavedModelFromJava(@TempDir Path tmp) throws Exception {
        ModelSpec spec = new ModelSpec("small-cnn", 1, 16, 16, 10);
        Normalization norm = new Normalization(new float[] {0.5f}, new float[] {0.25f});
        String runDir = tmp.toString();
        ModelArchive.save(Models.create(spec), spec, norm, tmp.resolve("models/average.pt"));
        String picture = tmp.resolve("picture.png").toString();
        ImageIO.write(new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY), "png", new java.io.File(picture));
        // docs:begin
        ModelArchive.Loaded model = ModelArchive.load(Path.of(runDir, "models/average.pt"));
        List<Predictor.Prediction> predictions = new Predictor(model, false).predict(List.of(Path.of(picture)), 3);
        Predictor.Guess best = predictions.get(0).top().get(0); // className(), label(), probability()
        // docs:end
        assertThat(model.classNames()).contains(best.className());
        assertThat(best.probability()).isBetween(0.1, 1.0); // the most probable of 10 classes
        assertThat(predictions.get(0).top()).hasSize(3);
    }

    @Test
    void theDocsShowTheseExamplesVerbatim() throws Exception {
        String source = Files.readString(Path.of("src/test/java/io/github/washjava/ApiExampleTest.java"));
        String docs = normalise(Files.readString(Path.of("docs/usage.md")));
        int examples = 0;
        for (int at = source.indexOf("// docs:begin\n"); at >= 0; at = source.indexOf("// docs:begin\n", at + 1)) {
            int from = at + "// docs:begin\n".length();
            String example = source.substring(from, source.indexOf("        // docs:end", from));
            assertThat(docs).contains(normalise(example));
            examples++;
        }
        assertThat(examples).isEqualTo(2);
    }

    private static String normalise(String code) {
        return code.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce("", (a, b) -> a + b + "\n");
    }
}

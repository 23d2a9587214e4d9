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
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The Java API example of docs/usage.md, kept compiling and running: the lines between the
 * {@code // docs:begin} and {@code // docs:end} markers are exactly the example in the docs.
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
    void theDocsShowThisExampleVerbatim() throws Exception {
        String source = Files.readString(Path.of("src/test/java/io/github/washjava/ApiExampleTest.java"));
        String example = source.substring(source.indexOf("// docs:begin\n") + "// docs:begin\n".length(),
                source.indexOf("        // docs:end"));
        String docs = Files.readString(Path.of("docs/usage.md"));
        assertThat(normalise(docs)).contains(normalise(example));
    }

    private static String normalise(String code) {
        return code.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce("", (a, b) -> a + b + "\n");
    }
}

package io.github.washjava;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.washjava.data.Augmentation;
import io.github.washjava.data.BatchBuilder;
import io.github.washjava.data.Dataset;
import io.github.washjava.data.Normalization;
import io.github.washjava.data.Regularization;
import io.github.washjava.data.SyntheticDataset;
import io.github.washjava.eval.Evaluator;
import io.github.washjava.exchange.LayerSchedule;
import io.github.washjava.exchange.WashExchange;
import io.github.washjava.merge.RecalibrationData;
import io.github.washjava.merge.Soups;
import io.github.washjava.model.SmallCnn;
import io.github.washjava.model.WashModel;
import io.github.washjava.train.CosineSchedule;
import io.github.washjava.train.InitMode;
import io.github.washjava.train.MemberExecutor;
import io.github.washjava.train.Population;
import io.github.washjava.train.Sgd;
import io.github.washjava.train.Trainer;
import io.github.washjava.train.TrainingData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Java API example of docs/usage.md, kept compiling and running. */
class ApiExampleTest {
    @Test
    void trainAPopulationWithWashAndAverageIt() {
        Dataset train = SyntheticDataset.generate(7, 1, 1200, 1, 16, 16, 10, 40);
        Dataset test = SyntheticDataset.generate(7, 2, 300, 1, 16, 16, 10, 40);
        Normalization norm = Normalization.of(train);
        int members = 3;
        long seed = 1;

        // Any WashModel works here: a subclass of libtorch's Module with forward(images) -> logits.
        Population population = Population.create(() -> new SmallCnn(1, 10), members, InitMode.SAME, seed,
                Sgd.Options.paperDefaults());
        TrainingData data = new TrainingData(train, new BatchBuilder(train, norm, Augmentation.defaultFor(train)), 64,
                Regularization.homogeneous(members), seed);
        WashExchange wash = new WashExchange(new WashExchange.Options(0.01, LayerSchedule.DECREASING, false, false, 1,
                false), seed);
        int epochs = 3;
        CosineSchedule lr = new CosineSchedule(0.1, 1e-4, (long) epochs * data.stepsPerEpoch());
        try (MemberExecutor executor = new MemberExecutor(1, 2)) {
            new Trainer(population, data, wash, lr, executor, List.of()).fit(epochs);
        }
        WashModel averaged = Soups.uniform(population, RecalibrationData.sample(train, norm, 64, 10, seed));
        double accuracy = new Evaluator(test, norm, 256).accuracy(averaged);
        assertThat(accuracy).isGreaterThan(0.5); // 10 classes: far above chance
    }
}

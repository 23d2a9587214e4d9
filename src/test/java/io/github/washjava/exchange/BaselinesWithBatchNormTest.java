package io.github.washjava.exchange;

import static io.github.washjava.testing.TinyPopulations.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.washjava.data.Dataset;
import io.github.washjava.data.Normalization;
import io.github.washjava.data.SyntheticDataset;
import io.github.washjava.merge.GreedySoup;
import io.github.washjava.merge.Soups;
import io.github.washjava.model.BatchNormRecalibration;
import io.github.washjava.model.ParameterLayout;
import io.github.washjava.model.RecalibrationData;
import io.github.washjava.model.SmallCnn;
import io.github.washjava.model.WashModel;
import io.github.washjava.population.InitMode;
import io.github.washjava.population.Member;
import io.github.washjava.population.Population;
import java.util.List;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: every baseline and both soups on a model with BatchNorm — PAPA pulls the running statistics
 * too, and every merge (PAPA-all, PAPA-2, DART, the soups) recomputes them on training data rather than
 * averaging them.
 */
class BaselinesWithBatchNormTest {
    private static final Dataset DATA = SyntheticDataset.generate(5, 1, 96, 1, 8, 8, 3, 30);
    private static final RecalibrationData RECAL = RecalibrationData.sample(DATA, Normalization.of(DATA), 16, 3, 2);

    /** Three small CNNs from different inits, with distinct running statistics in every member. */
    private static Population population() {
        Population pop = Population.create(() -> new SmallCnn(1, 3), 3, InitMode.DIFFERENT, 9);
        try (NoGradGuard noGrad = new NoGradGuard()) {
            for (Member m : pop.members()) {
                for (int b = 0; b < m.buffers().size(); b++) {
                    m.buffers().get(b).add_(new Scalar(0.1 * (m.id() + 1) * (b + 1)));
                }
            }
        }
        return pop;
    }

    private static ExchangeContext at(Population pop, long step, int epoch, int epochs) {
        return new ExchangeContext(pop, step, epoch, epochs, 10, 0.05, 0.1, true);
    }

    /** The statistics a merged model must have: its parameters' model, recalibrated on the data. */
    private static float[][] recalibratedStatistics(Population pop, List<Tensor> parameters) {
        WashModel model = pop.newModel();
        List<Tensor> target = pop.layout().parameterTensors(model);
        try (NoGradGuard noGrad = new NoGradGuard()) {
            for (int l = 0; l < target.size(); l++) {
                target.get(l).copy_(parameters.get(l));
            }
        }
        BatchNormRecalibration.recalibrate(model, RECAL);
        return snapshot(pop.layout().bufferTensors(model).toArray(new Tensor[0]));
    }

    private static void assertClose(float[][] actual, float[][] expected, double tolerance) {
        for (int b = 0; b < expected.length; b++) {
            for (int k = 0; k < expected[b].length; k++) {
                assertThat((double) actual[b][k]).as("buffer %d value %d", b, k).isCloseTo(expected[b][k],
                        within(tolerance * Math.max(1, Math.abs(expected[b][k]))));
            }
        }
    }

    @Test
    void papaPullsTheRunningStatisticsTowardsTheirMean() {
        Population pop = population();
        PapaExchange papa = new PapaExchange(1, 0.9);
        double beta = papa.beta(0.05, 0.1);
        float[][][] before = new float[pop.layout().buffers().size()][][];
        for (int b = 0; b < before.length; b++) {
            before[b] = snapshot(pop.buffers(b));
        }
        papa.afterStep(at(pop, 0, 0, 1));
        for (int b = 0; b < before.length; b++) {
            float[][] after = snapshot(pop.buffers(b));
            for (int k = 0; k < after[0].length; k++) {
                double mean = (before[b][0][k] + before[b][1][k] + before[b][2][k]) / 3.0;
                for (int i = 0; i < 3; i++) {
                    assertThat((double) after[i][k]).isCloseTo((1 - beta) * before[b][i][k] + beta * mean, within(1e-5));
                }
            }
        }
    }

    @Test
    void papaAllAndDartRecalibrateTheAverageInsteadOfAveragingStatistics() {
        for (Exchange merge : List.of(new PapaAllExchange(1, RECAL), new DartExchange(1, RECAL))) {
            Population pop = population();
            float[][] expected = recalibratedStatistics(pop, pop.layout().parameterTensors(
                    Soups.uniform(pop, RecalibrationData.none())));
            float[][] averaged = snapshot(pop.layout().bufferTensors(Soups.uniform(pop, RecalibrationData.none()))
                    .toArray(new Tensor[0]));
            if (merge instanceof PapaAllExchange p) {
                p.afterEpoch(at(pop, 9, 0, 2));
            } else {
                merge.afterStep(at(pop, 0, 0, 2));
            }
            for (Member m : pop.members()) {
                float[][] stats = snapshot(m.buffers().toArray(new Tensor[0]));
                assertClose(stats, expected, 1e-4);
                assertThat(stats[0]).as(merge.name() + ": not the averaged statistics").isNotEqualTo(averaged[0]);
            }
        }
    }

    @Test
    void papa2RecalibratesEveryChild() {
        Population pop = population();
        Papa2Exchange two = new Papa2Exchange(1, RECAL, 3);
        List<int[]> pairs = two.pairs(3, 0);
        float[][][] expected = new float[3][][];
        for (int j = 0; j < 3; j++) {
            WashModel pair = Soups.average(pop, List.of(pairs.get(j)[0], pairs.get(j)[1]), RecalibrationData.none());
            expected[j] = recalibratedStatistics(pop, pop.layout().parameterTensors(pair));
        }
        two.afterEpoch(at(pop, 9, 0, 2));
        for (Member m : pop.members()) {
            assertClose(snapshot(m.buffers().toArray(new Tensor[0])), expected[m.id()], 1e-4);
        }
    }

    @Test
    void bothSoupsRecalibrate() {
        Population pop = population();
        WashModel uniform = Soups.uniform(pop, RECAL);
        ParameterLayout layout = pop.layout();
        assertClose(snapshot(layout.bufferTensors(uniform).toArray(new Tensor[0])),
                recalibratedStatistics(pop, layout.parameterTensors(uniform)), 1e-5);
        GreedySoup.Result greedy = GreedySoup.select(3, i -> i, ingredients -> ingredients.size());
        WashModel soup = Soups.average(pop, greedy.ingredients(), RECAL);
        assertClose(snapshot(layout.bufferTensors(soup).toArray(new Tensor[0])),
                recalibratedStatistics(pop, layout.parameterTensors(soup)), 1e-5);
    }

    @Test
    void spartaRefusesTheSettingsThatOnlyAPermutationHas() {
        // Issue 9, defect 3: SPARTA accepted WASH-only options and ignored them.
        WashOptions mask = WashOptions.defaults().withP(0.1);
        for (WashOptions o : List.of(mask.withOptimizerState(true), mask.withBuffers(true), mask.withExcludeSelfMaps(true))) {
            assertThatThrownBy(() -> new SpartaExchange(o, 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageEndingWith(": expected off for sparta (WASH-only settings: SPARTA averages coordinates, it "
                            + "has no permutation to apply), found on");
        }
        assertThatThrownBy(() -> io.github.washjava.config.ConfigLoader.resolve(null,
                java.util.Map.of("method", "sparta", "shuffle-buffers", true)))
                .hasMessage("shuffle-buffers: expected false with method sparta (a WASH-only setting: SPARTA averages the "
                        + "selected coordinates, it has no permutation to apply), found true");
    }
}

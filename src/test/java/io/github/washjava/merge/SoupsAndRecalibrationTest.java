package io.github.washjava.merge;

import static io.github.washjava.testing.TinyPopulations.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.washjava.data.Dataset;
import io.github.washjava.data.Normalization;
import io.github.washjava.data.SyntheticDataset;
import io.github.washjava.model.BatchNormLayer;
import io.github.washjava.model.BatchNormRecalibration;
import io.github.washjava.model.ParameterLayout;
import io.github.washjava.model.RecalibrationData;
import io.github.washjava.model.SmallCnn;
import io.github.washjava.model.WashModel;
import io.github.washjava.population.InitMode;
import io.github.washjava.population.Population;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class SoupsAndRecalibrationTest {
    @Test
    void uniformSoupIsTheCoordinateWiseMeanOfMembers() {
        // docs/method.md §6: θ̄ = (1/N)·Σ_i θ_i.
        Population pop = Population.create(() -> new SmallCnn(1, 3), 3, InitMode.DIFFERENT, 4);
        WashModel soup = Soups.uniform(pop, RecalibrationData.none());
        List<Tensor> params = pop.layout().parameterTensors(soup);
        for (int l = 0; l < params.size(); l++) {
            float[][] members = snapshot(pop.parameters(l));
            float[] mean = snapshot(new Tensor[] {params.get(l)})[0];
            for (int k = 0; k < mean.length; k++) {
                double expected = (members[0][k] + members[1][k] + members[2][k]) / 3.0;
                assertThat((double) mean[k]).isCloseTo(expected, within(1e-6));
            }
        }
    }

    @Test
    void recalibrationReproducesTheExactMeanOfTheFirstLayersInputsAndRestoresState() {
        // docs/method.md §6 / PyTorch update_bn: cumulative average over the batches. For bn1 the exact running mean
        // is the per-channel mean of conv1's output over all recalibration images, computed here directly.
        Dataset data = SyntheticDataset.generate(1, 2, 64, 1, 8, 8, 3, 30);
        Normalization norm = Normalization.of(data);
        SmallCnn model = new SmallCnn(1, 3);
        model.eval();
        RecalibrationData batches = RecalibrationData.sample(data, norm, 16, 4, 9);
        BatchNormRecalibration.recalibrate(model, batches);

        BatchNormLayer bn1 = BatchNormLayer.of(model).get(0);
        assertThat(model.is_training()).isFalse();
        assertThat(bn1.momentum()).isEqualTo(0.1);

        float[] running = snapshot(new Tensor[] {bn1.runningMean()})[0];
        double[] expected = new double[running.length];
        var conv1 = model.named_parameters(); // conv1.weight is parameter 0
        Tensor weight = conv1.get(0).value();
        try (PointerScope scope = new PointerScope()) {
            for (int b = 0; b < batches.count(); b++) {
                Tensor out = org.bytedeco.pytorch.global.torch.conv2d(batches.tensor(b), weight,
                        new org.bytedeco.pytorch.TensorOptional(), new long[] {1, 1}, new long[] {1, 1}, new long[] {1, 1}, 1);
                Tensor perChannel = out.mean(new long[] {0, 2, 3}, false, new org.bytedeco.pytorch.ScalarTypeOptional());
                float[] m = snapshot(new Tensor[] {perChannel.contiguous()})[0];
                for (int c = 0; c < m.length; c++) {
                    expected[c] += m[c] / batches.count();
                }
            }
        }
        for (int c = 0; c < running.length; c++) {
            assertThat((double) running[c]).isCloseTo(expected[c], within(1e-5));
        }
    }

    /** A model whose BatchNorm is registered the plain libtorch way, not through the model helpers. */
    static final class PlainBatchNorm extends WashModel {
        final org.bytedeco.pytorch.Conv2dImpl conv = register_module("conv", new org.bytedeco.pytorch.Conv2dImpl(
                new org.bytedeco.pytorch.Conv2dOptions(1, 4, new org.bytedeco.javacpp.LongPointer(3, 3))));
        final org.bytedeco.pytorch.BatchNorm2dImpl bn = register_module("bn",
                new org.bytedeco.pytorch.BatchNorm2dImpl(new org.bytedeco.pytorch.BatchNormOptions(4)));
        final org.bytedeco.pytorch.LinearImpl fc = register_module("fc", new org.bytedeco.pytorch.LinearImpl(4 * 6 * 6, 3));

        @Override
        public Tensor forward(Tensor x) {
            return fc.forward(org.bytedeco.pytorch.global.torch.relu(bn.forward(conv.forward(x))).flatten(1, -1));
        }
    }

    @Test
    void aBatchNormRegisteredAnyWayIsRecalibrated() {
        // Issue 9, defect 3: BatchNorm layers not created through the model helper were silently skipped.
        Dataset data = SyntheticDataset.generate(2, 2, 64, 1, 8, 8, 3, 30);
        PlainBatchNorm model = new PlainBatchNorm();
        assertThat(BatchNormLayer.of(model)).hasSize(1);
        float[] before = snapshot(new Tensor[] {model.bn.running_mean()})[0];
        assertThat(before).containsOnly(0f); // fresh statistics
        BatchNormRecalibration.recalibrate(model, RecalibrationData.sample(data, Normalization.of(data), 16, 2, 1));
        float[] after = snapshot(new Tensor[] {model.bn.running_mean()})[0];
        assertThat(after).as("running mean recomputed from the data").doesNotContain(0f);
    }

    @Test
    void layoutTensorsOfASoupShareStorageWithIt() {
        SmallCnn model = new SmallCnn(1, 3);
        ParameterLayout layout = ParameterLayout.of(model);
        Tensor t = layout.parameterTensors(model).get(0);
        t.detach().fill_(new org.bytedeco.pytorch.Scalar(3.0));
        assertThat(model.named_parameters().get(0).value().sum().item_float()).isEqualTo(3f * t.numel());
    }
}

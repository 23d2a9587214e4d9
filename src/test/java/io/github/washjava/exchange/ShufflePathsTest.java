package io.github.washjava.exchange;

import static io.github.washjava.exchange.ExchangesAcrossRanksTest.drift;
import static io.github.washjava.exchange.ExchangesAcrossRanksTest.momentum;
import static io.github.washjava.exchange.ExchangesAcrossRanksTest.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.washjava.model.ComputeDevice;
import io.github.washjava.model.SmallCnn;
import io.github.washjava.population.InitMode;
import io.github.washjava.population.Placement;
import io.github.washjava.population.Population;
import io.github.washjava.testing.Ranks;
import io.github.washjava.testing.TinyPopulations;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docs/gpu.md: the tensor-op path of the sparse exchanges (the one a GPU takes) gives the same bits as
 * the CPU's buffer walk — WASH's θ_i[k] ← θ_{σ_k(i)}[k] (with momentum and BatchNorm statistics) and
 * SPARTA's mean — over many steps, several seeds, p values and population sizes, in one process and
 * over ranks, with the members drifting between exchanges as training would move them.
 */
class ShufflePathsTest {
    private static final int STEPS = 40;

    static Exchange exchange(String method, double p, long seed, ShufflePath path) {
        WashOptions options = WashOptions.defaults().withP(p).withSchedule(LayerSchedule.DECREASING);
        return switch (method) {
            case "wash" -> new WashExchange(options, seed, path);
            case "wash-opt-buffers" -> new WashExchange(options.withOptimizerState(true).withBuffers(true), seed, path);
            case "sparta" -> new SpartaExchange(options, seed, path);
            default -> throw new IllegalArgumentException(method);
        };
    }

    /** Drifts, then exchanges, for {@link #STEPS} steps; returns the values counted. */
    static long drive(Population population, Exchange exchange) {
        long sent = 0;
        for (int step = 0; step < STEPS; step++) {
            drift(population, step);
            sent += exchange.afterStep(TinyPopulations.context(population, step));
        }
        return sent;
    }

    @ParameterizedTest(name = "{0}, N = {1}, p = {2}, seed {3}")
    @CsvSource({"wash, 2, 0.001, 1", "wash, 2, 0.3, 2", "wash, 3, 0.05, 3", "wash, 5, 0.01, 4", "wash, 5, 0.5, 5",
            "wash, 7, 0.02, 6", "wash-opt-buffers, 3, 0.1, 7", "wash-opt-buffers, 5, 0.02, 8",
            "sparta, 2, 0.2, 9", "sparta, 3, 0.01, 10", "sparta, 5, 0.1, 11"})
    void tensorOpsGiveTheBitsOfTheBufferWalk(String method, int n, double p, long seed) {
        Population walked = Population.create(() -> new SmallCnn(1, 3), n, InitMode.DIFFERENT, seed);
        Population opped = Population.create(() -> new SmallCnn(1, 3), n, InitMode.DIFFERENT, seed);
        float[][] start = state(walked);
        long sentWalk = drive(walked, exchange(method, p, seed, ShufflePath.BUFFER_WALK));
        long sentOps = drive(opped, exchange(method, p, seed, ShufflePath.TENSOR_OPS));
        assertThat(sentOps).isEqualTo(sentWalk).isPositive();
        float[][] expected = state(walked);
        assertThat(java.util.Arrays.deepEquals(expected, start)).as("the exchange changed the members").isFalse();
        assertThat(state(opped)).isDeepEqualTo(expected);
        momentum(opped).forEach((id, m) -> assertThat(m).as("momentum of member %d", id)
                .isDeepEqualTo(momentum(walked).get(id)));
    }

    @ParameterizedTest(name = "{0} over {1} ranks")
    @CsvSource({"wash, 2", "wash, 3", "wash-opt-buffers, 2", "sparta, 2", "sparta, 3"})
    void tensorOpsOverRanksGiveTheBitsOfOneProcessWalkingBuffers(String method, int ranks) throws Exception {
        // The GPU's path carries the same values in the same wire order, so ranks agree with one process.
        int n = 5;
        Population single = Population.create(() -> new SmallCnn(1, 3), n, InitMode.DIFFERENT, 21);
        long sentSingle = drive(single, exchange(method, 0.05, 21, ShufflePath.BUFFER_WALK));
        try (Ranks group = Ranks.join(ranks)) {
            List<Population> local = new ArrayList<>();
            for (int r = 0; r < ranks; r++) { // one after another: model init uses libtorch's global generator
                local.add(Population.create(() -> new SmallCnn(1, 3), InitMode.DIFFERENT, 21, new Placement(n, ranks),
                        group.get(r), ComputeDevice.CPU));
            }
            List<Long> sent = group.run(r -> drive(local.get(r), exchange(method, 0.05, 21, ShufflePath.TENSOR_OPS)));
            List<float[][]> gathered = group.run(r -> {
                Population all = local.get(r).gatherOnRoot();
                return all == null ? null : state(all);
            });
            assertThat(sent).containsOnly(sentSingle);
            assertThat(gathered.get(0)).isDeepEqualTo(state(single));
            for (int r = 0; r < ranks; r++) {
                momentum(local.get(r)).forEach((id, m) -> assertThat(m).as("momentum of member %d", id)
                        .isDeepEqualTo(momentum(single).get(id)));
            }
        }
    }

    @Test
    void onlyTheTensorOpsReachTensorsTheBufferWalkCannot() {
        // Float64 tensors stand in for a GPU's here: the buffer walk refuses them, the tensor ops permute them.
        Population population = TinyPopulations.mlps(3, 4, 1);
        Tensor[] doubles = new Tensor[3];
        for (int i = 0; i < 3; i++) {
            doubles[i] = Tensor.create(new double[] {10 * i, 10 * i + 1, 10 * i + 2, 10 * i + 3, 10 * i + 4});
        }
        ShufflePlan plan = ShufflePlan.draw(new java.util.SplittableRandom(3), 5, 1.0, 3);
        List<ShuffleTransport.Stream> streams = List.of(new ShuffleTransport.Stream(plan, doubles));
        assertThatThrownBy(() -> ShuffleTransport.apply(population, streams, ShufflePath.BUFFER_WALK, new TensorViews()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("float32 CPU tensors");
        ShuffleTransport.apply(population, streams, ShufflePath.TENSOR_OPS, new TensorViews());
        for (int j = 0; j < plan.size(); j++) {
            long k = plan.coordinate(j);
            for (int i = 0; i < 3; i++) {
                assertThat(doubles[i].get(k).item_double()).as("member %d, coordinate %d", i, k)
                        .isEqualTo(10.0 * plan.source(j, i) + k);
            }
        }
        assertThat(doubles[0].scalar_type().value).isEqualTo(ScalarType.Double.value);
    }

    @Test
    void eachDeviceGetsItsPath() {
        assertThat(ShufflePath.forDevice(ComputeDevice.CPU)).isEqualTo(ShufflePath.BUFFER_WALK);
        assertThat(ShufflePath.forDevice(ComputeDevice.parse("device", "cuda:1"))).isEqualTo(ShufflePath.TENSOR_OPS);
    }
}

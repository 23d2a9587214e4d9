package io.github.washjava.exchange;

import static io.github.washjava.testing.TinyPopulations.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.washjava.data.Dataset;
import io.github.washjava.data.Normalization;
import io.github.washjava.data.SyntheticDataset;
import io.github.washjava.model.RecalibrationData;
import io.github.washjava.model.SmallCnn;
import io.github.washjava.population.InitMode;
import io.github.washjava.population.Member;
import io.github.washjava.population.Placement;
import io.github.washjava.population.Population;
import io.github.washjava.testing.Ranks;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every exchange, with N = 5 members placed over 2 and 3 ranks of a real Gloo group, against the same
 * exchange in one process: the methods that only move values (wash, wash+opt+buffers, sparta, papa-2)
 * must give the same bits; the averaging ones (papa, papa-all, dart), whose sums are grouped by rank,
 * the same values within float rounding. Between exchanges every member's tensors drift by a
 * member- and step-dependent amount, as training would move them.
 */
class ExchangesAcrossRanksTest {
    private static final int N = 5;
    private static final int STEPS_PER_EPOCH = 4;
    private static final int EPOCHS = 3;
    private static final Dataset DATA = SyntheticDataset.generate(3, 1, 64, 1, 8, 8, 3, 30);
    private static final RecalibrationData RECAL = RecalibrationData.sample(DATA, Normalization.of(DATA), 16, 2, 1);

    static Exchange exchange(String method) {
        WashOptions mask = WashOptions.defaults().withP(0.05).withSchedule(LayerSchedule.CONSTANT);
        return switch (method) {
            case "wash" -> new WashExchange(mask, 11);
            case "wash-opt-buffers" -> new WashExchange(mask.withOptimizerState(true).withBuffers(true), 11);
            case "sparta" -> new SpartaExchange(mask, 11);
            case "papa" -> new PapaExchange(2, 0.9);
            case "papa-all" -> new PapaAllExchange(1, RECAL);
            case "papa-2" -> new Papa2Exchange(1, RECAL, 11);
            case "dart" -> new DartExchange(3, RECAL);
            default -> throw new IllegalArgumentException(method);
        };
    }

    @ParameterizedTest(name = "{0} over {1} ranks")
    @CsvSource({"wash, 2, 0", "wash, 3, 0", "wash-opt-buffers, 3, 0", "sparta, 2, 0", "sparta, 3, 0", "papa-2, 2, 0",
            "papa-2, 3, 0", "papa, 2, 1e-6", "papa, 3, 1e-6", "papa-all, 3, 1e-6", "dart, 2, 1e-6"})
    void exchangeOverRanksEqualsOneProcess(String method, int ranks, double tolerance) throws Exception {
        Supplier<SmallCnn> model = () -> new SmallCnn(1, 3);
        Population single = Population.create(model::get, N, InitMode.DIFFERENT, 5);
        long[] sentSingle = drive(single, exchange(method));
        float[][] expected = state(single);

        try (Ranks group = Ranks.join(ranks)) {
            List<Population> local = new ArrayList<>();
            for (int r = 0; r < ranks; r++) { // built one after another: model init uses libtorch's global generator
                local.add(Population.create(model::get, InitMode.DIFFERENT, 5, new Placement(N, ranks), group.get(r)));
            }
            List<long[]> sent = group.run(r -> drive(local.get(r), exchange(method)));
            java.util.Map<Integer, float[][]> expectedMomentum = momentum(single);
            for (int r = 0; r < ranks; r++) {
                momentum(local.get(r)).forEach((id, m) -> assertThat(m).as("momentum of member %d", id)
                        .isDeepEqualTo(expectedMomentum.get(id)));
            }
            List<float[][]> gathered = group.run(r -> {
                Population all = local.get(r).gatherOnRoot();
                return all == null ? null : state(all);
            });
            float[][] actual = gathered.get(0);
            for (int r = 1; r < ranks; r++) {
                assertThat(gathered.get(r)).isNull();
                assertThat(sent.get(r)).as("every rank counts the same values").containsExactly(sent.get(0));
            }
            assertThat(sent.get(0)).containsExactly(sentSingle);
            for (int t = 0; t < expected.length; t++) {
                if (tolerance == 0) {
                    assertThat(actual[t]).as("tensor %d", t).containsExactly(expected[t]);
                } else {
                    for (int k = 0; k < expected[t].length; k++) {
                        assertThat((double) actual[t][k]).as("tensor %d, value %d", t, k)
                                .isCloseTo(expected[t][k], org.assertj.core.api.Assertions.within(
                                        tolerance * Math.max(1, Math.abs(expected[t][k]))));
                    }
                }
            }
            if (method.startsWith("wash")) {
                assertThat(group.get(0).traffic().bytesSent()).as("values crossed the wire").isPositive();
            }
        }
    }

    /** Drifts, then exchanges, for every step of the run; returns the values counted per step. */
    static long[] drive(Population population, Exchange exchange) {
        long[] sent = new long[EPOCHS * STEPS_PER_EPOCH];
        for (int step = 0; step < sent.length; step++) {
            drift(population, step);
            boolean endOfEpoch = step % STEPS_PER_EPOCH == STEPS_PER_EPOCH - 1;
            ExchangeContext context = new ExchangeContext(population, step, step / STEPS_PER_EPOCH, EPOCHS,
                    STEPS_PER_EPOCH, 0.05, 0.1, endOfEpoch);
            sent[step] = exchange.afterStep(context) + (endOfEpoch ? exchange.afterEpoch(context) : 0);
        }
        return sent;
    }

    /** θ_i ← θ_i·(1 + ε) + δ(i, step, l): different for every member, step and tensor. */
    static void drift(Population population, int step) {
        try (NoGradGuard noGrad = new NoGradGuard()) {
            for (Member m : population.members()) {
                List<Tensor> all = new ArrayList<>(m.parameters());
                all.addAll(m.buffers());
                all.addAll(m.momentum());
                for (int l = 0; l < all.size(); l++) {
                    double delta = 0.01 * Math.sin(1.3 * m.id() + 0.7 * step + 0.11 * l);
                    all.get(l).mul_(new Scalar(1 + 0.001 * m.id())).add_(new Scalar(delta));
                }
            }
        }
    }

    /** Every local member's momentum buffers, by member id. */
    static java.util.Map<Integer, float[][]> momentum(Population population) {
        java.util.Map<Integer, float[][]> out = new java.util.TreeMap<>();
        for (Member m : population.members()) {
            out.put(m.id(), snapshot(m.momentum().toArray(new Tensor[0])));
        }
        return out;
    }

    /** Every tensor of every member (parameters and buffers), member by member. */
    static float[][] state(Population population) {
        List<float[]> out = new ArrayList<>();
        for (Member m : population.members()) {
            List<Tensor> all = new ArrayList<>(m.parameters());
            all.addAll(m.buffers());
            for (Tensor t : all) {
                out.add(snapshot(new Tensor[] {t})[0]);
            }
        }
        return out.toArray(new float[0][]);
    }
}

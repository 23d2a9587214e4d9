package io.github.washjava.exchange;

import static io.github.washjava.testing.TinyPopulations.mlps;
import static io.github.washjava.testing.TinyPopulations.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.washjava.model.RecalibrationData;
import io.github.washjava.population.Population;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BaselinesTest {
    private static ExchangeContext at(Population pop, long step, int epoch, int epochs, double lr) {
        return new ExchangeContext(pop, step, epoch, epochs, 100, lr, 0.1, false);
    }

    private static float[][][] params(Population pop) {
        float[][][] out = new float[pop.layout().parameters().size()][][];
        for (int l = 0; l < out.length; l++) {
            out[l] = snapshot(pop.parameters(l));
        }
        return out;
    }

    /** Per member, ‖θ_i − θ̄‖² over all parameters, and the consensus θ̄ itself. */
    private static double[] squaredDistances(float[][][] p) {
        int n = p[0].length;
        double[] d = new double[n];
        for (float[][] tensor : p) {
            for (int k = 0; k < tensor[0].length; k++) {
                double mean = 0;
                for (float[] member : tensor) {
                    mean += member[k];
                }
                mean /= n;
                for (int i = 0; i < n; i++) {
                    d[i] += (tensor[i][k] - mean) * (tensor[i][k] - mean);
                }
            }
        }
        return d;
    }

    private static double consensusAt(float[][][] p, int l, int k) {
        double mean = 0;
        for (float[] member : p[l]) {
            mean += member[k];
        }
        return mean / p[l].length;
    }

    @Test
    void papaPullShrinksDistanceToConsensusByOneMinusBetaAndKeepsConsensus() {
        // docs/method.md §4: θ_i ← (1 − β_t)θ_i + β_t·θ̄ every T steps, β_t = (1 − α)·η_t/η_0.
        Population pop = mlps(4, 12, 1);
        PapaExchange papa = new PapaExchange(10, 0.9);
        float[][][] before = params(pop);
        assertThat(papa.afterStep(at(pop, 8, 0, 1, 0.05))).isZero(); // step 9 of 10: no pull yet
        assertThat(params(pop)).isDeepEqualTo(before);
        double beta = papa.beta(0.05, 0.1);
        assertThat(beta).isCloseTo(0.05, within(1e-15));
        papa.afterStep(at(pop, 9, 0, 1, 0.05));
        float[][][] after = params(pop);
        double[] d0 = squaredDistances(before);
        double[] d1 = squaredDistances(after);
        for (int i = 0; i < d0.length; i++) {
            assertThat(Math.sqrt(d1[i])).isCloseTo((1 - beta) * Math.sqrt(d0[i]), within(1e-5 * Math.sqrt(d0[i])));
        }
        for (int l = 0; l < before.length; l++) {
            for (int k = 0; k < before[l][0].length; k++) {
                assertThat(consensusAt(after, l, k)).isCloseTo(consensusAt(before, l, k), within(1e-6));
            }
        }
    }

    @Test
    void papaCountedCommunicationEqualsTheRingAllReduceFormula() {
        // docs/method.md §8: 2·d·(N−1)/(N·T) per member per step; exact over a whole number of periods.
        Population pop = mlps(3, 5, 2);
        PapaExchange papa = new PapaExchange(10, 0.99);
        long sent = 0;
        for (long step = 0; step < 30; step++) {
            sent += papa.afterStep(at(pop, step, 0, 1, 0.1));
        }
        double perMemberPerStep = sent / (3.0 * 30);
        assertThat(perMemberPerStep).isCloseTo(papa.expectedValuesPerMemberPerStep(at(pop, 0, 0, 1, 0.1)), within(1e-9));
        long averaged = Communication.averagedValues(pop.layout());
        assertThat(perMemberPerStep).isCloseTo(2.0 * averaged * 2 / 3 / 10, within(1e-9));
    }

    @Test
    void papaAllLeavesMembersIdenticalAndEqualToTheAverage() {
        // docs/method.md §4: at the end of epochs e with e mod K = 0 (never after the last), replace all by θ̄.
        Population pop = mlps(3, 8, 3);
        PapaAllExchange all = new PapaAllExchange(5, RecalibrationData.none());
        float[][][] before = params(pop);
        assertThat(all.afterEpoch(at(pop, 99, 9, 10, 0.1))).isZero(); // epoch 9: 9 mod 5 ≠ 0
        assertThat(all.afterEpoch(at(pop, 99, 0, 1, 0.1))).isZero(); // last epoch: never
        assertThat(params(pop)).isDeepEqualTo(before);
        long sent = all.afterEpoch(at(pop, 99, 5, 10, 0.1));
        assertThat(sent).isEqualTo(Communication.ringAllReduce(Communication.averagedValues(pop.layout()), 3));
        float[][][] after = params(pop);
        for (int l = 0; l < after.length; l++) {
            assertThat(after[l][1]).containsExactly(after[l][0]);
            assertThat(after[l][2]).containsExactly(after[l][0]);
            for (int k = 0; k < after[l][0].length; k++) {
                assertThat((double) after[l][0][k]).isCloseTo(consensusAt(before, l, k), within(1e-6));
            }
        }
    }

    @Test
    void papa2ChildrenAreMeansOfDistinctPairs() {
        // docs/method.md §4: member j ← ½(θ_a + θ_b), pairs uniform without repetition while possible.
        Population pop = mlps(4, 6, 4);
        Papa2Exchange two = new Papa2Exchange(1, RecalibrationData.none(), 7);
        List<int[]> pairs = two.pairs(4, 0);
        Set<String> distinct = new HashSet<>();
        for (int[] p : pairs) {
            assertThat(p[0]).isNotEqualTo(p[1]);
            distinct.add(p[0] + "-" + p[1]);
        }
        assertThat(distinct).hasSize(4);
        float[][][] before = params(pop);
        two.afterEpoch(at(pop, 9, 0, 3, 0.1));
        float[][][] after = params(pop);
        for (int l = 0; l < before.length; l++) {
            for (int j = 0; j < 4; j++) {
                int[] p = pairs.get(j);
                for (int k = 0; k < before[l][0].length; k++) {
                    assertThat(after[l][j][k]).isCloseTo((before[l][p[0]][k] + before[l][p[1]][k]) / 2, within(1e-6f));
                }
            }
        }
        assertThat(two.pairs(3, 0)).hasSize(3); // all 3 pairs of 3 members, each once
        assertThat(two.pairs(3, 0).stream().map(p -> p[0] + "-" + p[1]).distinct()).hasSize(3);
    }

    @Test
    void pairsAreUniformOverAllPairs() {
        // docs/method.md §4: no bias toward member 0 (the reference code's); 5σ bound on each pair's frequency.
        Papa2Exchange two = new Papa2Exchange(1, RecalibrationData.none(), 1);
        int[] count = new int[4 * 4];
        int draws = 0;
        for (int e = 0; e < 3000; e++) {
            for (int[] p : two.pairs(4, e)) {
                count[p[0] * 4 + p[1]]++;
                draws++;
            }
        }
        double expected = draws / 6.0;
        double sigma = Math.sqrt(draws * (1 / 6.0) * (5 / 6.0));
        for (int a = 0; a < 4; a++) {
            for (int b = a + 1; b < 4; b++) {
                assertThat((double) count[a * 4 + b]).isCloseTo(expected, within(5 * sigma));
            }
        }
    }

    @Test
    void spartaKeepsConsensusAndZeroesTheSpreadOfSelectedCoordinates() {
        // docs/method.md §4: WASH's mask, selected coordinates replaced by their mean over members.
        Population pop = mlps(3, 20, 5);
        SpartaExchange sparta = new SpartaExchange(WashOptions.defaults().withP(0.3).withSchedule(LayerSchedule.CONSTANT), 3);
        float[][][] before = params(pop);
        long sent = sparta.afterStep(at(pop, 0, 0, 1, 0.1));
        float[][][] after = params(pop);
        long equalized = 0;
        for (int l = 0; l < before.length; l++) {
            for (int k = 0; k < before[l][0].length; k++) {
                assertThat(consensusAt(after, l, k)).isCloseTo(consensusAt(before, l, k), within(1e-6));
                boolean changed = after[l][0][k] != before[l][0][k];
                if (changed) {
                    equalized++;
                    assertThat(after[l][1][k]).isEqualTo(after[l][0][k]);
                    assertThat(after[l][2][k]).isEqualTo(after[l][0][k]);
                } else {
                    assertThat(after[l][1][k]).isEqualTo(before[l][1][k]);
                }
            }
        }
        assertThat(equalized).isPositive();
        assertThat(sent).isEqualTo(2 * equalized);
    }

    @Test
    void dartAveragesOnItsPeriodAndOnlyThen() {
        // docs/method.md §4: DART averages every K' steps (PAPA-all with a step period); never after the last step.
        Population pop = mlps(3, 6, 6);
        DartExchange dart = new DartExchange(4, RecalibrationData.none());
        float[][][] before = params(pop);
        for (long step = 0; step < 3; step++) {
            assertThat(dart.afterStep(at(pop, step, 0, 1, 0.1))).isZero();
        }
        assertThat(params(pop)).isDeepEqualTo(before);
        assertThat(dart.afterStep(at(pop, 3, 0, 1, 0.1))).isPositive();
        float[][][] after = params(pop);
        assertThat(after[0][1]).containsExactly(after[0][0]);
        assertThat(dart.mergesAfter(99, 100)).isFalse();
        assertThat(dart.mergesAfter(95, 100)).isTrue();
    }
}

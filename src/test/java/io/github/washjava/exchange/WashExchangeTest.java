package io.github.washjava.exchange;

import static io.github.washjava.testing.TinyPopulations.context;
import static io.github.washjava.testing.TinyPopulations.mlps;
import static io.github.washjava.testing.TinyPopulations.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.washjava.population.Population;
import java.util.Arrays;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class WashExchangeTest {
    private static WashExchange wash(double p, LayerSchedule schedule, boolean opt, boolean buffers, int every,
            boolean excludeSelf, long seed) {
        return new WashExchange(WashOptions.defaults().withP(p).withSchedule(schedule).withOptimizerState(opt)
                .withBuffers(buffers).withEvery(every).withExcludeSelfMaps(excludeSelf), seed);
    }

    private static float[][][] allParameters(Population pop) {
        float[][][] out = new float[pop.layout().parameters().size()][][];
        for (int l = 0; l < out.length; l++) {
            out[l] = snapshot(pop.parameters(l));
        }
        return out;
    }

    @Test
    void shuffleKeepsEachCoordinatesMultiset() {
        // docs/method.md §3 invariant: the per-coordinate multiset {θ_i[k]} is unchanged by a shuffle.
        Population pop = mlps(4, 20, 1);
        float[][][] before = allParameters(pop);
        long sent = wash(0.3, LayerSchedule.CONSTANT, false, false, 1, false, 9).afterStep(context(pop, 0));
        float[][][] after = allParameters(pop);
        assertThat(sent).isPositive();
        boolean anyChanged = false;
        for (int l = 0; l < before.length; l++) {
            for (int k = 0; k < before[l][0].length; k++) {
                float[] a = column(before[l], k);
                float[] b = column(after[l], k);
                anyChanged |= !Arrays.equals(a, b);
                Arrays.sort(a);
                Arrays.sort(b);
                assertThat(b).as("tensor %d coordinate %d", l, k).containsExactly(a);
            }
        }
        assertThat(anyChanged).isTrue();
    }

    @Test
    void shuffleLeavesConsensusUnchanged() {
        // docs/method.md §3 invariant: the consensus θ̄ is exactly unchanged (up to float summation order).
        Population pop = mlps(5, 30, 2);
        float[][][] before = allParameters(pop);
        wash(0.5, LayerSchedule.CONSTANT, false, false, 1, false, 3).afterStep(context(pop, 7));
        float[][][] after = allParameters(pop);
        for (int l = 0; l < before.length; l++) {
            for (int k = 0; k < before[l][0].length; k++) {
                assertThat(sortedSum(column(after[l], k))).isEqualTo(sortedSum(column(before[l], k)));
            }
        }
    }

    @Test
    void fractionOfMovedValuesMatchesPTimesOneMinusOneOverN() {
        // docs/method.md §3: expected fraction of member i's coordinates that receive another member's value is
        // p_l(1 − 1/N). fc1 has 100·256 = 25,600 coordinates; bound: 5 binomial standard deviations.
        int n = 4;
        double p = 0.05;
        Population pop = mlps(n, 100, 3);
        float[][] before = snapshot(pop.parameters(0));
        wash(p, LayerSchedule.CONSTANT, false, false, 1, false, 11).afterStep(context(pop, 0));
        float[][] after = snapshot(pop.parameters(0));
        long moved = 0;
        int d = before[0].length;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                if (before[i][k] != after[i][k]) {
                    moved++;
                }
            }
        }
        double expected = p * (1 - 1.0 / n) * d * n;
        double sigma = Math.sqrt(d * n * p * (1 - 1.0 / n) * (1 - p * (1 - 1.0 / n)));
        assertThat((double) moved).isCloseTo(expected, within(5 * sigma));
    }

    @Test
    void countedValuesEqualValuesThatChangedMember() {
        // docs/method.md §8: the implementation counts what it actually moves.
        Population pop = mlps(3, 50, 4);
        float[][][] before = allParameters(pop);
        long sent = wash(0.1, LayerSchedule.DECREASING, false, false, 1, false, 5).afterStep(context(pop, 3));
        float[][][] after = allParameters(pop);
        long changed = 0;
        for (int l = 0; l < before.length; l++) {
            for (int i = 0; i < before[l].length; i++) {
                for (int k = 0; k < before[l][i].length; k++) {
                    changed += before[l][i][k] != after[l][i][k] ? 1 : 0;
                }
            }
        }
        assertThat(sent).isEqualTo(changed);
    }

    @Test
    void decreasingScheduleNeverTouchesTheLastTensor() {
        // docs/method.md §3: decreasing s(l) = 1 − l/(L−1) gives the last tensor probability 0.
        Population pop = mlps(3, 10, 5);
        int last = pop.layout().parameters().size() - 1;
        float[][] before = snapshot(pop.parameters(last));
        wash(1.0, LayerSchedule.DECREASING, false, false, 1, false, 1).afterStep(context(pop, 0));
        assertThat(snapshot(pop.parameters(last))).isDeepEqualTo(before);
    }

    @Test
    void sameSeedGivesTheSameShuffleAndAnotherSeedAnother() {
        // docs/design.md: mask and permutations derive from (seed, step, tensor).
        Population a = mlps(3, 40, 6);
        Population b = mlps(3, 40, 6);
        Population c = mlps(3, 40, 6);
        wash(0.2, LayerSchedule.CONSTANT, false, false, 1, false, 42).afterStep(context(a, 5));
        wash(0.2, LayerSchedule.CONSTANT, false, false, 1, false, 42).afterStep(context(b, 5));
        wash(0.2, LayerSchedule.CONSTANT, false, false, 1, false, 43).afterStep(context(c, 5));
        assertThat(allParameters(a)).isDeepEqualTo(allParameters(b));
        assertThat(allParameters(a)).isNotEqualTo(allParameters(c));
    }

    @Test
    void optimizerStateMovesWithItsWeightWhenAsked() {
        // docs/method.md §3 "shuffle-optimizer-state": the same σ_k is applied to the momentum coordinate.
        for (boolean withOpt : new boolean[] {true, false}) {
            Population pop = mlps(3, 30, 7);
            try (NoGradGuard ng = new NoGradGuard()) {
                for (int l = 0; l < pop.layout().parameters().size(); l++) {
                    Tensor[] w = pop.parameters(l);
                    Tensor[] m = pop.momenta(l);
                    for (int i = 0; i < w.length; i++) {
                        m[i].copy_(w[i]);
                    }
                }
            }
            wash(0.3, LayerSchedule.CONSTANT, withOpt, false, 1, false, 8).afterStep(context(pop, 0));
            boolean allFollow = true;
            for (int l = 0; l < pop.layout().parameters().size(); l++) {
                allFollow &= Arrays.deepEquals(snapshot(pop.parameters(l)), snapshot(pop.momenta(l)));
            }
            assertThat(allFollow).as("momentum follows weights with shuffle-optimizer-state=%s", withOpt).isEqualTo(withOpt);
        }
    }

    @Test
    void buffersAreShuffledOnlyWhenAsked() {
        // docs/method.md §3 "shuffle-buffers" (default off): BatchNorm running statistics.
        for (boolean withBuffers : new boolean[] {false, true}) {
            Population pop = Population.create(() -> new io.github.washjava.model.SmallCnn(1, 3), 3,
                    io.github.washjava.population.InitMode.SAME, 1);
            try (NoGradGuard ng = new NoGradGuard()) {
                Tensor[] mean = pop.buffers(0);
                for (int i = 0; i < mean.length; i++) {
                    mean[i].fill_(new org.bytedeco.pytorch.Scalar((double) i));
                }
            }
            float[][] before = snapshot(pop.buffers(0));
            wash(1.0, LayerSchedule.CONSTANT, false, withBuffers, 1, false, 2).afterStep(context(pop, 0));
            boolean changed = !Arrays.deepEquals(before, snapshot(pop.buffers(0)));
            assertThat(changed).isEqualTo(withBuffers);
        }
    }

    @Test
    void shuffleEveryKStepsSkipsTheOthers() {
        // docs/method.md §3 "shuffle-every K": shuffle after steps t with (t + 1) mod K = 0.
        Population pop = mlps(3, 10, 9);
        WashExchange w = wash(0.5, LayerSchedule.CONSTANT, false, false, 3, false, 1);
        assertThat(w.afterStep(context(pop, 0))).isZero();
        assertThat(w.afterStep(context(pop, 1))).isZero();
        assertThat(w.afterStep(context(pop, 2))).isPositive();
    }

    @Test
    void excludeSelfMapsDividesByOneMinusOneOverN() {
        // docs/method.md §3 "exclude-self-maps": p_l / (1 − 1/N).
        WashExchange w = wash(0.01, LayerSchedule.CONSTANT, false, false, 1, true, 1);
        assertThat(w.probability(0, 10, 4)).isCloseTo(0.01 / 0.75, within(1e-15));
        assertThat(wash(0.01, LayerSchedule.DECREASING, false, false, 1, false, 1).probability(5, 11, 4))
                .isCloseTo(0.005, within(1e-15));
    }

    @Test
    void expectedCommunicationIsPEffTimesDTimesNMinusOneOverN() {
        // docs/method.md §8: p_eff·d·(N−1)/N with p_eff·d = Σ_l p_l·d_l.
        Population pop = mlps(4, 10, 1);
        WashExchange w = wash(0.01, LayerSchedule.CONSTANT, false, false, 1, false, 1);
        double d = pop.layout().parameterCount();
        assertThat(w.expectedValuesPerMemberPerStep(context(pop, 0))).isCloseTo(0.01 * d * 3 / 4, within(1e-9));
    }

    @Test
    void washPlusOptCountsTheMomentumItMovesInValuesAndFormula() {
        // Issue 9, defect 2: with shuffle-optimizer-state the momentum moves with its weight, so each moved
        // coordinate sends two values; the counted values and the formula both double.
        Population a = mlps(3, 20, 12);
        Population b = mlps(3, 20, 12);
        long weightsOnly = wash(0.2, LayerSchedule.CONSTANT, false, false, 1, false, 4).afterStep(context(a, 2));
        WashExchange opt = wash(0.2, LayerSchedule.CONSTANT, true, false, 1, false, 4);
        assertThat(opt.afterStep(context(b, 2))).isEqualTo(2 * weightsOnly);
        double plain = wash(0.2, LayerSchedule.CONSTANT, false, false, 1, false, 4)
                .expectedValuesPerMemberPerStep(context(a, 0));
        assertThat(opt.expectedValuesPerMemberPerStep(context(b, 0))).isCloseTo(2 * plain, within(1e-9));
    }

    @Test
    void thePlanStreamIsAContract() {
        // Resume and the distributed ranks depend on it: the plan for (seed 42, step 7, tensor 3) of a
        // 1000-coordinate tensor at p = 0.01 over 4 members, as drawn since the first release.
        ShufflePlan plan = wash(0.001, LayerSchedule.DECREASING, false, false, 1, false, 42).plan(7, 3, 1000, 0.01, 4);
        StringBuilder drawn = new StringBuilder();
        for (int j = 0; j < plan.size(); j++) {
            drawn.append(plan.coordinate(j)).append(':');
            for (int i = 0; i < 4; i++) {
                drawn.append(plan.source(j, i));
            }
            drawn.append(' ');
        }
        assertThat(drawn.toString().trim()).isEqualTo("18:3021 250:3210 389:1302 593:0132 655:0132 751:0321 911:3210");
        assertThat(plan.movedValues()).isEqualTo(21);
        assertThat(io.github.washjava.util.Seeds.derive(42, "wash", 7, 3)).isEqualTo(0xa566023d78f474dfL);
    }

    @Test
    void aShuffledBufferWithoutADepthIsAnErrorNotDepthZero() {
        // Issue 9, defect 3: a BatchNorm without affine parameters has no weight to take its depth from;
        // it used to get depth 0 (the highest p under decreasing).
        class NoAffine extends io.github.washjava.model.WashModel {
            final org.bytedeco.pytorch.LinearImpl fc = register_module("fc", new org.bytedeco.pytorch.LinearImpl(4, 3));
            final org.bytedeco.pytorch.BatchNorm1dImpl bn = register_module("bn", new org.bytedeco.pytorch.BatchNorm1dImpl(
                    withoutAffine(new org.bytedeco.pytorch.BatchNormOptions(3))));

            static org.bytedeco.pytorch.BatchNormOptions withoutAffine(org.bytedeco.pytorch.BatchNormOptions o) {
                o.affine().put(false);
                return o;
            }

            @Override
            public Tensor forward(Tensor x) {
                return bn.forward(fc.forward(x.flatten(1, -1)));
            }
        }
        Population pop = Population.create(NoAffine::new, 3, io.github.washjava.population.InitMode.SAME, 1);
        assertThat(pop.layout().buffers().get(0).depth()).isEqualTo(io.github.washjava.model.ParameterLayout.NO_DEPTH);
        WashExchange withBuffers = wash(0.5, LayerSchedule.DECREASING, false, true, 1, false, 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> withBuffers.afterStep(context(pop, 0)))
                .hasMessage("buffer bn.running_mean: expected a parameter of the same layer to take its depth from, "
                        + "found none (a layer without parameters); its depth, and so its share of the layer schedule, "
                        + "is unknown");
        assertThat(wash(0.5, LayerSchedule.DECREASING, false, false, 1, false, 1).afterStep(context(pop, 0)))
                .as("without shuffle-buffers the depth is never needed").isNotNegative();
    }

    private static float[] column(float[][] perMember, int k) {
        float[] out = new float[perMember.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = perMember[i][k];
        }
        return out;
    }

    private static double sortedSum(float[] values) {
        float[] v = values.clone();
        Arrays.sort(v);
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s;
    }
}

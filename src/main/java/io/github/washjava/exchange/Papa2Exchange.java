package io.github.washjava.exchange;

import io.github.washjava.Seeds;
import io.github.washjava.merge.BatchNormRecalibration;
import io.github.washjava.merge.RecalibrationData;
import io.github.washjava.train.Population;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * PAPA-2 (SPEC §4): on PAPA-all's epoch schedule, every member j is replaced by the mean of a pair
 * of members, θ_j ← ½(θ_a + θ_b), computed from the parents before any child is written; then each
 * child's BatchNorm statistics are recomputed.
 *
 * <p>How pairs are drawn (not the reference code's, which favours member 0): all N(N−1)/2 unordered
 * pairs are listed, shuffled with a stream derived from (seed, epoch), and member j takes the j-th
 * pair; when N exceeds the number of pairs (N ≤ 3), the list is reshuffled and continued. So pairs are
 * uniform over all pairs and never repeat while distinct pairs remain.
 */
public final class Papa2Exchange implements Exchange {
    private final int everyEpochs;
    private final RecalibrationData recalibration;
    private final long seed;

    public Papa2Exchange(int everyEpochs, RecalibrationData recalibration, long seed) {
        if (everyEpochs < 1) {
            throw new IllegalArgumentException("merge-every: expected an integer >= 1, found " + everyEpochs);
        }
        this.everyEpochs = everyEpochs;
        this.recalibration = recalibration;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "papa-2";
    }

    /** The pair (a, b) each member takes at a merge after {@code epoch}. */
    public List<int[]> pairs(int members, int epoch) {
        List<int[]> all = new ArrayList<>();
        for (int a = 0; a < members; a++) {
            for (int b = a + 1; b < members; b++) {
                all.add(new int[] {a, b});
            }
        }
        Random rng = new Random(Seeds.derive(seed, "papa-2", epoch));
        List<int[]> out = new ArrayList<>(members);
        while (out.size() < members) {
            List<int[]> round = new ArrayList<>(all);
            Collections.shuffle(round, rng);
            out.addAll(round.subList(0, Math.min(round.size(), members - out.size())));
        }
        return out;
    }

    @Override
    public long afterStep(ExchangeContext context) {
        return 0;
    }

    @Override
    public long afterEpoch(ExchangeContext context) {
        if (!EpochSchedule.mergesAfter(context.epoch(), context.epochs(), everyEpochs)) {
            return 0;
        }
        Population population = context.population();
        int n = population.size();
        List<int[]> pairs = pairs(n, context.epoch());
        int tensors = population.layout().parameters().size();
        int buffers = population.layout().buffers().size();
        long sent = 0;
        try (NoGradGuard noGrad = new NoGradGuard()) {
            for (int t = 0; t < tensors + buffers; t++) {
                Tensor[] w = t < tensors ? population.parameters(t) : population.buffers(t - tensors);
                try (PointerScope scope = new PointerScope()) {
                    List<Tensor> children = new ArrayList<>(n);
                    for (int[] pair : pairs) {
                        children.add(w[pair[0]].add(w[pair[1]]).mul(new Scalar(0.5)));
                    }
                    for (int j = 0; j < n; j++) {
                        w[j].copy_(children.get(j));
                    }
                }
            }
        }
        long values = Communication.averagedValues(population.layout());
        for (int j = 0; j < n; j++) {
            int[] pair = pairs.get(j);
            sent += values * ((pair[0] != j ? 1 : 0) + (pair[1] != j ? 1 : 0)); // parents j does not hold
            BatchNormRecalibration.recalibrate(population.members().get(j).model(), recalibration);
        }
        return sent;
    }

    /**
     * Counted: member j receives the parents it does not hold, 2d or d per merge; with uniform pairs
     * that is d·(2 − 2/N) on average (SPEC §8 counts d, the case where j is one of the parents).
     */
    @Override
    public double expectedValuesPerMemberPerStep(ExchangeContext context) {
        int n = context.population().size();
        double perMerge = Communication.averagedValues(context.population().layout()) * (2 - 2.0 / n);
        return perMerge * EpochSchedule.merges(context.epochs(), everyEpochs)
                / ((double) context.epochs() * context.stepsPerEpoch());
    }
}

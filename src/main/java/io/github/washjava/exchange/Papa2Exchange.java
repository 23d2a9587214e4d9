package io.github.washjava.exchange;

import static org.bytedeco.pytorch.global.torch.cat;

import io.github.washjava.collective.Collective;
import io.github.washjava.model.BatchNormRecalibration;
import io.github.washjava.model.RecalibrationData;
import io.github.washjava.population.Member;
import io.github.washjava.population.Placement;
import io.github.washjava.population.Population;
import io.github.washjava.util.RandomStreams;
import io.github.washjava.util.Seeds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/**
 * PAPA-2 (docs/method.md §4): on PAPA-all's epoch schedule, every member j is replaced by the mean of
 * a pair of members, θ_j ← ½(θ_a + θ_b) (parameters and BatchNorm statistics), computed from the
 * parents before any child is written; then each child's BatchNorm statistics are recomputed.
 *
 * <p>How pairs are drawn (not the reference code's, which favours member 0): all N(N−1)/2 unordered
 * pairs are listed, shuffled with a stream derived from (seed, epoch), and member j takes the j-th
 * pair; when N exceeds the number of pairs (N ≤ 3), the list is reshuffled and continued. So pairs are
 * uniform over all pairs and never repeat while distinct pairs remain.
 *
 * <p>Across ranks, each rank receives once each parent its children need and does not hold (one
 * all-to-all), and computes the children exactly as one process would.
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
        return Method.PAPA_2.key();
    }

    /** The pair (a, b), a &lt; b, each member takes at a merge after {@code epoch}. */
    public List<int[]> pairs(int members, int epoch) {
        List<int[]> all = new ArrayList<>();
        for (int a = 0; a < members; a++) {
            for (int b = a + 1; b < members; b++) {
                all.add(new int[] {a, b});
            }
        }
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, "papa-2", epoch));
        List<int[]> out = new ArrayList<>(members);
        int[] order = new int[all.size()];
        while (out.size() < members) {
            RandomStreams.permutation(rng, order);
            for (int j = 0; j < order.length && out.size() < members; j++) {
                out.add(all.get(order[j]));
            }
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
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Map<Integer, Tensor> parents = parents(population, pairs);
            List<Tensor> children = new ArrayList<>();
            for (Member child : population.members()) {
                int[] pair = pairs.get(child.id());
                children.add(parents.get(pair[0]).add(parents.get(pair[1])).mul(new Scalar(0.5)));
            }
            for (int c = 0; c < children.size(); c++) {
                unflatten(children.get(c), population.members().get(c));
            }
        }
        for (Member child : population.members()) {
            BatchNormRecalibration.recalibrate(child.model(), recalibration);
        }
        long values = Communication.averagedValues(population.layout());
        long sent = 0;
        for (int j = 0; j < n; j++) {
            int[] pair = pairs.get(j);
            sent += values * ((pair[0] != j ? 1 : 0) + (pair[1] != j ? 1 : 0)); // parents j does not hold
        }
        return sent;
    }

    /** Every parent this rank's children need, flat (parameters then BN statistics), by member id. */
    private static Map<Integer, Tensor> parents(Population population, List<int[]> pairs) {
        Placement placement = population.placement();
        Collective collective = population.collective();
        int me = collective.rank();
        int w = collective.worldSize();
        // needs.get(r): the parents rank r's children need from other ranks, each once, in id order.
        List<TreeSet<Integer>> needs = new ArrayList<>();
        for (int r = 0; r < w; r++) {
            TreeSet<Integer> need = new TreeSet<>();
            for (int j = placement.first(r); j < placement.first(r) + placement.count(r); j++) {
                for (int parent : pairs.get(j)) {
                    if (placement.owner(parent) != r) {
                        need.add(parent);
                    }
                }
            }
            needs.add(need);
        }
        Map<Integer, Tensor> out = new HashMap<>();
        for (Member m : population.members()) {
            out.put(m.id(), flatten(m));
        }
        long d = out.values().iterator().next().numel();
        long[] sendCounts = new long[w];
        long[] receiveCounts = new long[w];
        TensorVector send = new TensorVector();
        boolean anyRemote = false;
        for (int r = 0; r < w; r++) {
            for (int parent : needs.get(r)) {
                anyRemote = true;
                if (placement.owner(parent) == me) {
                    sendCounts[r] += d;
                    send.push_back(out.get(parent));
                }
                if (r == me) {
                    receiveCounts[placement.owner(parent)] += d;
                }
            }
        }
        if (anyRemote) { // the same decision on every rank
            Tensor sendFlat = send.size() > 0 ? cat(send) : out.get(population.members().get(0).id()).narrow(0, 0, 0);
            Tensor received = collective.allToAll(sendFlat, sendCounts, receiveCounts);
            long offset = 0;
            for (int q = 0; q < w; q++) {
                for (int parent : needs.get(me)) {
                    if (placement.owner(parent) == q) {
                        out.put(parent, received.narrow(0, offset, d));
                        offset += d;
                    }
                }
            }
        }
        return out;
    }

    private static Tensor flatten(Member m) {
        TensorVector parts = new TensorVector();
        m.parameters().forEach(t -> parts.push_back(t.detach().reshape(-1)));
        m.buffers().forEach(t -> parts.push_back(t.detach().reshape(-1)));
        return cat(parts);
    }

    private static void unflatten(Tensor flat, Member m) {
        long offset = 0;
        List<Tensor> all = new ArrayList<>(m.parameters());
        all.addAll(m.buffers());
        for (Tensor t : all) {
            t.copy_(flat.narrow(0, offset, t.numel()).view(t.shape()));
            offset += t.numel();
        }
    }

    /**
     * Counted: member j receives the parents it does not hold, 2d or d per merge; with uniform pairs
     * that is d·(2 − 2/N) on average (docs/method.md §8 counts d, the case where j is one of the parents).
     */
    @Override
    public double expectedValuesPerMemberPerStep(ExchangeContext context) {
        int n = context.population().size();
        double perMerge = Communication.averagedValues(context.population().layout()) * (2 - 2.0 / n);
        return perMerge * EpochSchedule.merges(context.epochs(), everyEpochs)
                / ((double) context.epochs() * context.stepsPerEpoch());
    }
}

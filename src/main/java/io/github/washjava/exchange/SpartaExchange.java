package io.github.washjava.exchange;

import io.github.washjava.population.Population;
import io.github.washjava.util.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * SPARTA, sparse averaging (beyond the paper, docs/method.md §4): WASH's Bernoulli mask with the same
 * p, layer schedule and period, but each selected coordinate is replaced by its mean over the
 * members instead of being permuted. The consensus is unchanged and the spread of a selected
 * coordinate becomes zero. Communication is counted as WASH's: N − 1 values per selected coordinate.
 *
 * <p>Across ranks every rank sends its members' values at the selected coordinates (the same
 * coordinates on every rank, drawn from (seed, step, tensor)) to the others, and every rank sums the N
 * values in member order, so the means are the same bits as in one process.
 *
 * <p>On the CPU an instance keeps a view of every tensor it has averaged (and so the tensor): use one per
 * population.
 */
public final class SpartaExchange implements Exchange {
    private final WashOptions options;
    private final long seed;
    private final ShufflePath path;
    private final TensorViews views = new TensorViews();

    /**
     * @param options p, schedule and period; the permutation-only settings (optimizer state, buffers,
     *     exclude-self-maps) do not apply to an average and are refused
     */
    public SpartaExchange(WashOptions options, long seed) {
        this(options, seed, null);
    }

    /** As {@link #SpartaExchange(WashOptions, long)} with a chosen {@link ShufflePath} ({@code null}: by device). */
    public SpartaExchange(WashOptions options, long seed, ShufflePath path) {
        List<String> refused = new ArrayList<>();
        if (options.optimizerState()) {
            refused.add("shuffle-optimizer-state");
        }
        if (options.buffers()) {
            refused.add("shuffle-buffers");
        }
        if (options.excludeSelfMaps()) {
            refused.add("exclude-self-maps");
        }
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", refused) + ": expected off for sparta (WASH-only "
                    + "settings: SPARTA averages coordinates, it has no permutation to apply), found on");
        }
        this.options = options;
        this.seed = seed;
        this.path = path;
    }

    @Override
    public String name() {
        return Method.SPARTA.key();
    }

    @Override
    public long afterStep(ExchangeContext context) {
        if (!options.shufflesAfter(context.step())) {
            return 0;
        }
        Population population = context.population();
        int n = population.size();
        int tensors = population.layout().parameters().size();
        List<long[]> selected = new ArrayList<>(tensors);
        long sent = 0;
        for (int l = 0; l < tensors; l++) {
            long[] coords = mask(context.step(), l, population.layout().parameters().get(l).numel(),
                    options.probability(l, tensors, n));
            selected.add(coords);
            sent += (long) coords.length * (n - 1);
        }
        if (ShufflePath.choose(path, population.device()) == ShufflePath.TENSOR_OPS) {
            SparseAverage.tensorOps(population, selected);
        } else {
            SparseAverage.walkBuffers(population, selected, views);
        }
        return sent;
    }

    /** The selected coordinates of tensor l at {@code step}, increasing: what every rank draws. */
    long[] mask(long step, int l, long numel, double p) {
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, "sparta", step, l));
        long[] coords = new long[16];
        int count = 0;
        for (long k = CoordinateSampler.next(rng, -1, p); k < numel; k = CoordinateSampler.next(rng, k, p)) {
            if (count == coords.length) {
                coords = java.util.Arrays.copyOf(coords, 2 * count);
            }
            coords[count++] = k;
        }
        return java.util.Arrays.copyOf(coords, count);
    }

    /** As WASH: p_eff·d·(N−1)/N per member per step, divided by the period (docs/method.md §8). */
    @Override
    public double expectedValuesPerMemberPerStep(ExchangeContext context) {
        return WashExchange.expectedValuesPerMemberPerStep(options, context.population().layout(),
                context.population().size());
    }
}

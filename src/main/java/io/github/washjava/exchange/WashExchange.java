package io.github.washjava.exchange;

import io.github.washjava.model.ParameterLayout;
import io.github.washjava.population.Population;
import io.github.washjava.util.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * WASH (Fournier et al., "WASH: Train your Ensemble with Communication-Efficient Weight Shuffling,
 * then Average", arXiv 2405.17517), docs/method.md §3. After every optimizer step, for each parameter
 * tensor l:
 *
 * <pre>
 *   p_l = p · s(l)                                    (layer schedule; ÷(1 − 1/N) with exclude-self-maps)
 *   select each coordinate k with probability p_l     (Bernoulli mask, drawn with geometric gaps)
 *   for each selected k: draw a uniform permutation σ_k of the N members
 *                        θ_i[k] ← θ_{σ_k(i)}[k] for every member i
 * </pre>
 *
 * The N values of a coordinate are only permuted, so the consensus θ̄ and every per-coordinate
 * multiset are unchanged. With WASH+Opt ({@link WashOptions#optimizerState()}) the momentum
 * coordinate follows its weight under the same σ_k; with {@link WashOptions#buffers()} BatchNorm
 * running statistics are shuffled too (with the probability of their layer's weight). The random
 * stream of tensor l at step t is {@code Seeds.derive(seed, "wash", t, l)}: every rank draws the same
 * plan, and {@link ShuffleTransport} moves only the values that change rank.
 *
 * <p>On the CPU an instance keeps a view of every tensor it has shuffled (and so the tensor): use one per
 * population.
 */
public final class WashExchange implements Exchange {
    private final WashOptions options;
    private final long seed;
    private final ShufflePath path;
    private final TensorViews views = new TensorViews();

    /** The shuffle of {@code options}, with the path that fits the population's device. */
    public WashExchange(WashOptions options, long seed) {
        this(options, seed, null);
    }

    /**
     * The shuffle with a chosen {@link ShufflePath} ({@code null}: by device). Both paths give the same
     * bits; forcing {@link ShufflePath#TENSOR_OPS} on the CPU is how the GPU's path is tested.
     */
    public WashExchange(WashOptions options, long seed, ShufflePath path) {
        this.options = options;
        this.seed = seed;
        this.path = path;
    }

    @Override
    public String name() {
        return Method.WASH.key();
    }

    public WashOptions options() {
        return options;
    }

    @Override
    public long afterStep(ExchangeContext context) {
        if (!options.shufflesAfter(context.step())) {
            return 0;
        }
        Population population = context.population();
        ParameterLayout layout = population.layout();
        int n = population.size();
        int tensors = layout.parameters().size();
        List<ShuffleTransport.Stream> streams = new ArrayList<>();
        long sent = 0;
        for (int l = 0; l < tensors; l++) {
            ShufflePlan plan = plan(context.step(), l, layout.parameters().get(l).numel(), probability(l, tensors, n), n);
            streams.add(new ShuffleTransport.Stream(plan, population.parameters(l)));
            sent += plan.movedValues();
            if (options.optimizerState()) { // the momentum moves too: its values are sent as well
                streams.add(new ShuffleTransport.Stream(plan, population.momenta(l)));
                sent += plan.movedValues();
            }
        }
        if (options.buffers()) {
            for (int b = 0; b < layout.buffers().size(); b++) {
                ParameterLayout.Entry entry = layout.buffers().get(b);
                ShufflePlan plan = plan(context.step(), tensors + b, entry.numel(),
                        probability(entry.requireDepth(), tensors, n), n);
                streams.add(new ShuffleTransport.Stream(plan, population.buffers(b)));
                sent += plan.movedValues();
            }
        }
        ShuffleTransport.apply(population, streams, path, views);
        return sent;
    }

    /** The plan of stream {@code tensor} at {@code step}: what every rank draws. */
    public ShufflePlan plan(long step, int tensor, long numel, double p, int members) {
        return ShufflePlan.draw(new SplittableRandom(Seeds.derive(seed, "wash", step, tensor)), numel, p, members);
    }

    /** p_l for tensor l of {@code tensors} (see {@link WashOptions#probability}). */
    public double probability(int l, int tensors, int members) {
        return options.probability(l, tensors, members);
    }

    /**
     * Expected values sent per member per step (docs/method.md §8): p_eff·d·(N−1)/N with
     * p_eff·d = Σ_l p_l·d_l over the shuffled tensors — counted twice for a weight whose momentum
     * moves with it (WASH+Opt), plus the BatchNorm statistics when they are shuffled — divided by the
     * shuffle period.
     */
    @Override
    public double expectedValuesPerMemberPerStep(ExchangeContext context) {
        return expectedValuesPerMemberPerStep(options, context.population().layout(), context.population().size());
    }

    static double expectedValuesPerMemberPerStep(WashOptions options, ParameterLayout layout, int n) {
        int tensors = layout.parameters().size();
        double selected = 0;
        for (int l = 0; l < tensors; l++) {
            selected += options.probability(l, tensors, n) * layout.parameters().get(l).numel()
                    * (options.optimizerState() ? 2 : 1);
        }
        if (options.buffers()) {
            for (ParameterLayout.Entry b : layout.buffers()) {
                selected += options.probability(b.requireDepth(), tensors, n) * b.numel();
            }
        }
        return selected * (n - 1) / n / options.every();
    }
}

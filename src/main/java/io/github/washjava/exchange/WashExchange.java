package io.github.washjava.exchange;

import io.github.washjava.Seeds;
import io.github.washjava.model.ParameterLayout;
import io.github.washjava.train.Population;
import java.util.SplittableRandom;

/**
 * WASH (Fournier et al., "WASH: Train your Ensemble with Communication-Efficient Weight Shuffling,
 * then Average", arXiv 2405.17517), SPEC §3. After every optimizer step, for each parameter tensor l:
 *
 * <pre>
 *   p_l = p · s(l)                                    (layer schedule; ÷(1 − 1/N) with exclude-self-maps)
 *   select each coordinate k with probability p_l     (Bernoulli mask, drawn with geometric gaps)
 *   for each selected k: draw a uniform permutation σ_k of the N members
 *                        θ_i[k] ← θ_{σ_k(i)}[k] for every member i
 * </pre>
 *
 * The N values of a coordinate are only permuted, so the consensus θ̄ and every per-coordinate
 * multiset are unchanged. With {@code shuffleOptimizerState} ("WASH+Opt") the momentum coordinate
 * follows its weight under the same σ_k; with {@code shuffleBuffers} BatchNorm running statistics are
 * shuffled too (with the probability of their layer's weight). The random stream of tensor l at step t
 * is {@code Seeds.derive(seed, "wash", t, l)}, so workers in other processes draw the same plan.
 */
public final class WashExchange implements Exchange {
    /** The shuffle's options, with SPEC §3's defaults in {@link #defaults()}. */
    public record Options(double p, LayerSchedule schedule, boolean shuffleOptimizerState, boolean shuffleBuffers,
            int every, boolean excludeSelfMaps) {
        public Options {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("p: expected a value in [0, 1], found " + p);
            }
            if (every < 1) {
                throw new IllegalArgumentException("shuffle-every: expected an integer >= 1, found " + every);
            }
        }

        /** p = 0.001, decreasing schedule, every step, parameters only. */
        public static Options defaults() {
            return new Options(0.001, LayerSchedule.DECREASING, false, false, 1, false);
        }
    }

    private final Options options;
    private final long seed;

    public WashExchange(Options options, long seed) {
        this.options = options;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "wash";
    }

    public Options options() {
        return options;
    }

    @Override
    public long afterStep(ExchangeContext context) {
        if ((context.step() + 1) % options.every() != 0) {
            return 0;
        }
        Population population = context.population();
        ParameterLayout layout = population.layout();
        int tensors = layout.parameters().size();
        long sent = 0;
        for (int l = 0; l < tensors; l++) {
            ShufflePlan plan = plan(context.step(), l, layout.parameters().get(l).numel(), probability(l, tensors,
                    population.size()), population.size());
            plan.apply(TensorViews.of(population.parameters(l)));
            if (options.shuffleOptimizerState()) {
                plan.apply(TensorViews.of(population.momenta(l)));
            }
            sent += plan.movedValues();
        }
        if (options.shuffleBuffers()) {
            for (int b = 0; b < layout.buffers().size(); b++) {
                ParameterLayout.Entry entry = layout.buffers().get(b);
                ShufflePlan plan = plan(context.step(), tensors + b, entry.numel(),
                        probability(entry.depth(), tensors, population.size()), population.size());
                plan.apply(TensorViews.of(population.buffers(b)));
                sent += plan.movedValues();
            }
        }
        return sent;
    }

    /** The plan of stream {@code tensor} at {@code step}: what every worker would draw. */
    public ShufflePlan plan(long step, int tensor, long numel, double p, int members) {
        return ShufflePlan.draw(new SplittableRandom(Seeds.derive(seed, "wash", step, tensor)), numel, p, members);
    }

    /** p_l = p·s(l) for tensor l of {@code tensors}; ÷(1 − 1/N) with exclude-self-maps; at most 1. */
    public double probability(int l, int tensors, int members) {
        return probability(options, l, tensors, members);
    }

    /** The same, for any exchange that uses WASH's mask (SPARTA). */
    static double probability(Options options, int l, int tensors, int members) {
        double pl = options.p() * options.schedule().scale(l, tensors);
        if (options.excludeSelfMaps() && members > 1) {
            pl /= 1 - 1.0 / members;
        }
        return Math.min(1, pl);
    }

    /** SPEC §8: p_eff·d·(N−1)/N per member per step, p_eff·d = Σ_l p_l·d_l, divided by the shuffle period. */
    @Override
    public double expectedValuesPerMemberPerStep(ExchangeContext context) {
        Population population = context.population();
        ParameterLayout layout = population.layout();
        int n = population.size();
        int tensors = layout.parameters().size();
        double selected = 0;
        for (int l = 0; l < tensors; l++) {
            selected += probability(l, tensors, n) * layout.parameters().get(l).numel();
        }
        if (options.shuffleBuffers()) {
            for (ParameterLayout.Entry b : layout.buffers()) {
                selected += probability(b.depth(), tensors, n) * b.numel();
            }
        }
        return selected * (n - 1) / n / options.every();
    }
}

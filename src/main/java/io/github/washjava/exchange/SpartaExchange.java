package io.github.washjava.exchange;

import io.github.washjava.Seeds;
import io.github.washjava.train.Population;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;

/**
 * SPARTA, sparse averaging (beyond the paper, SPEC §4): WASH's Bernoulli mask with the same p and layer
 * schedule, but each selected coordinate is replaced by its mean over the members instead of being
 * permuted. The consensus is unchanged and the spread of a selected coordinate becomes zero.
 * Communication is counted as WASH's: N − 1 values per selected coordinate (SPEC §8).
 */
public final class SpartaExchange implements Exchange {
    private final WashExchange.Options options;
    private final long seed;

    public SpartaExchange(WashExchange.Options options, long seed) {
        this.options = options;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "sparta";
    }

    @Override
    public long afterStep(ExchangeContext context) {
        if ((context.step() + 1) % options.every() != 0) {
            return 0;
        }
        Population population = context.population();
        int n = population.size();
        int tensors = population.layout().parameters().size();
        long sent = 0;
        for (int l = 0; l < tensors; l++) {
            double p = WashExchange.probability(options, l, tensors, n);
            long numel = population.layout().parameters().get(l).numel();
            FloatBuffer[] w = TensorViews.of(population.parameters(l));
            SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, "sparta", context.step(), l));
            for (long k = CoordinateSampler.next(rng, -1, p); k < numel; k = CoordinateSampler.next(rng, k, p)) {
                int idx = Math.toIntExact(k);
                double sum = 0;
                for (FloatBuffer member : w) {
                    sum += member.get(idx);
                }
                float mean = (float) (sum / n);
                for (FloatBuffer member : w) {
                    member.put(idx, mean);
                }
                sent += n - 1;
            }
        }
        return sent;
    }

    /** SPEC §8: p_eff·d·(N−1)/N, as WASH. */
    @Override
    public double expectedValuesPerMemberPerStep(ExchangeContext context) {
        return new WashExchange(options, seed).expectedValuesPerMemberPerStep(context);
    }
}

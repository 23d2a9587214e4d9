package io.github.washjava.exchange;

import io.github.washjava.population.Population;
import io.github.washjava.population.PopulationAverage;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * PAPA (Jolicoeur-Martineau et al., "PopulAtion Parameter Averaging", TMLR 2024), docs/method.md §4. Every
 * T steps, after the optimizer step:
 *
 * <pre>
 *   θ̄ = (1/N)·Σ_i θ_i                         (parameters and BatchNorm running statistics)
 *   β_t = (1 − α)·η_t / η_0
 *   θ_i ← (1 − β_t)·θ_i + β_t·θ̄              for every member i
 * </pre>
 *
 * Each member's distance to the consensus shrinks by exactly (1 − β_t) and θ̄ is unchanged. Momentum
 * buffers are not touched. Communication is one ring all-reduce of every averaged value per pull
 * (over ranks: of each rank's sum of its members).
 */
public final class PapaExchange implements Exchange {
    private final int every;
    private final double alpha;

    /** @param every T, steps between pulls (default 10); @param alpha α (default 0.99) */
    public PapaExchange(int every, double alpha) {
        if (every < 1) {
            throw new IllegalArgumentException("papa-every: expected an integer >= 1, found " + every);
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("papa-alpha: expected a value in [0, 1], found " + alpha);
        }
        this.every = every;
        this.alpha = alpha;
    }

    @Override
    public String name() {
        return Method.PAPA.key();
    }

    /** β_t = (1 − α)·η_t/η_0. */
    public double beta(double lr, double baseLr) {
        return (1 - alpha) * lr / baseLr;
    }

    @Override
    public long afterStep(ExchangeContext context) {
        if ((context.step() + 1) % every != 0) {
            return 0;
        }
        Population population = context.population();
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Scalar beta = new Scalar(beta(context.lr(), context.baseLr()));
            List<Tensor[]> columns = PopulationAverage.columns(population, true); // parameters and BN statistics
            List<Tensor> means = PopulationAverage.means(population, columns);
            for (int c = 0; c < columns.size(); c++) {
                for (Tensor member : columns.get(c)) {
                    member.lerp_(means.get(c), beta); // θ_i ← θ_i + β·(θ̄ − θ_i) = (1 − β)·θ_i + β·θ̄
                }
            }
        }
        return Communication.ringAllReduce(Communication.averagedValues(population.layout()), population.size());
    }

    /** docs/method.md §8: 2·d·(N−1)/(N·T), with d every averaged value (parameters and BN statistics). */
    @Override
    public double expectedValuesPerMemberPerStep(ExchangeContext context) {
        int n = context.population().size();
        return 2.0 * Communication.averagedValues(context.population().layout()) * (n - 1) / n / every;
    }
}

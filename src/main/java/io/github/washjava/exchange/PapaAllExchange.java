package io.github.washjava.exchange;

import io.github.washjava.model.RecalibrationData;

/**
 * PAPA-all (docs/method.md §4): at the end of every epoch e (0-based) with e mod K = 0 — epoch 0 included,
 * never after the last epoch — replace every member by the population average θ̄, then recompute
 * BatchNorm statistics.
 */
public final class PapaAllExchange implements Exchange {
    private final int everyEpochs;
    private final RecalibrationData recalibration;

    /** @param everyEpochs K (default 5) */
    public PapaAllExchange(int everyEpochs, RecalibrationData recalibration) {
        if (everyEpochs < 1) {
            throw new IllegalArgumentException("merge-every: expected an integer >= 1, found " + everyEpochs);
        }
        this.everyEpochs = everyEpochs;
        this.recalibration = recalibration;
    }

    @Override
    public String name() {
        return Method.PAPA_ALL.key();
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
        return ConsensusReplacement.apply(context.population(), recalibration);
    }

    /** docs/method.md §8: 2·d·(N−1)/N per merge, amortised over the run's steps. */
    @Override
    public double expectedValuesPerMemberPerStep(ExchangeContext context) {
        int n = context.population().size();
        double perMerge = 2.0 * Communication.averagedValues(context.population().layout()) * (n - 1) / n;
        return perMerge * EpochSchedule.merges(context.epochs(), everyEpochs)
                / ((double) context.epochs() * context.stepsPerEpoch());
    }
}

package io.github.washjava.exchange;

import io.github.washjava.model.RecalibrationData;

/**
 * DART (Jain et al., "DART: Diversify-Aggregate-Repeat Training", CVPR 2023), docs/method.md §4: members train
 * with different augmentations (use {@code --regularization grid}) and are uniformly averaged into
 * every member every K' steps — PAPA-all with a step-based period. The final step is never followed
 * by a merge (the uniform soup does that).
 */
public final class DartExchange implements Exchange {
    private final int everySteps;
    private final RecalibrationData recalibration;

    /** @param everySteps K', steps between merges */
    public DartExchange(int everySteps, RecalibrationData recalibration) {
        if (everySteps < 1) {
            throw new IllegalArgumentException("dart-every: expected an integer >= 1, found " + everySteps);
        }
        this.everySteps = everySteps;
        this.recalibration = recalibration;
    }

    @Override
    public String name() {
        return Method.DART.key();
    }

    /** Whether a merge follows step t (0-based) of a run of {@code totalSteps}. */
    public boolean mergesAfter(long step, long totalSteps) {
        return (step + 1) % everySteps == 0 && step < totalSteps - 1;
    }

    @Override
    public long afterStep(ExchangeContext context) {
        long total = (long) context.epochs() * context.stepsPerEpoch();
        if (!mergesAfter(context.step(), total)) {
            return 0;
        }
        return ConsensusReplacement.apply(context.population(), recalibration);
    }

    /** docs/method.md §8: 2·d·(N−1)/N per merge, amortised over the run's steps. */
    @Override
    public double expectedValuesPerMemberPerStep(ExchangeContext context) {
        int n = context.population().size();
        long total = (long) context.epochs() * context.stepsPerEpoch();
        long merges = (total - 1) / everySteps;
        return 2.0 * Communication.averagedValues(context.population().layout()) * (n - 1) / n * merges / total;
    }
}

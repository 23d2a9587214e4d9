package io.github.washjava.train;

/**
 * Cosine learning-rate decay stepped every iteration, no warm-up (docs/method.md §5):
 * {@code η_t = η_min + ½·(η_0 − η_min)·(1 + cos(π·t / T))} for t = 0..T−1, so η_0 at the first step
 * and close to η_min at the last.
 */
public record CosineSchedule(double baseLr, double minLr, long totalSteps) {
    public CosineSchedule {
        if (totalSteps <= 0) {
            throw new IllegalArgumentException("totalSteps must be > 0, found " + totalSteps);
        }
    }

    /** Learning rate of step t (0-based). */
    public double lr(long step) {
        return minLr + 0.5 * (baseLr - minLr) * (1 + Math.cos(Math.PI * step / totalSteps));
    }
}

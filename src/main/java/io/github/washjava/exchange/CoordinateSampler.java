package io.github.washjava.exchange;

import java.util.SplittableRandom;

/**
 * Walks the coordinates of a Bernoulli(p) mask in increasing order without drawing one uniform per
 * coordinate (docs/method.md §3, "Efficient sampling"): the gap to the next selected coordinate is geometric,
 * {@code k ← k + 1 + ⌊ln U / ln(1 − p)⌋}, which gives exactly the distribution of independent
 * Bernoulli(p) draws. A step costs O(p·d) instead of O(d).
 */
public final class CoordinateSampler {
    /** Returned when no coordinate is left. */
    public static final long END = Long.MAX_VALUE;

    private CoordinateSampler() {
    }

    /** The selected coordinate after {@code k} (start with k = −1); {@link #END} when p ≤ 0. */
    public static long next(SplittableRandom rng, long k, double p) {
        if (p >= 1) {
            return k + 1;
        }
        if (p <= 0) {
            return END;
        }
        double u = 1.0 - rng.nextDouble(); // in (0, 1], so ln u is finite
        double gap = Math.floor(Math.log(u) / Math.log1p(-p));
        return gap >= END - k - 1 ? END : k + 1 + (long) gap;
    }
}

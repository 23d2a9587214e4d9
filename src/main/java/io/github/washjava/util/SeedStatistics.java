package io.github.washjava.util;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Across-seed summaries: mean ± sample standard deviation of a metric over seeds, and the paired
 * difference of two arms seed by seed (seed s of arm A against seed s of arm B: the same data order
 * and initial weights), with a two-sided 95% Student-t interval over the seeds both arms have.
 */
public final class SeedStatistics {
    /** Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom. */
    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042};

    private SeedStatistics() {
    }

    /** Mean and sample standard deviation (NaN for one value) over {@code n} seeds. */
    public record Summary(int n, double mean, double sd) {
    }

    /**
     * A − B over the seeds both have: the per-seed differences, their mean and the 95% interval
     * [low, high] (NaN with fewer than 2 common seeds).
     */
    public record Paired(List<Long> seeds, List<Double> differences, double mean, double low, double high) {
        /** Whether the interval excludes 0: A and B differ at the 5% level. */
        public boolean significant() {
            return !Double.isNaN(low) && (low > 0 || high < 0);
        }
    }

    public static Summary summary(List<Double> values) {
        int n = values.size();
        if (n == 0) {
            return new Summary(0, Double.NaN, Double.NaN);
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).sum() / n;
        return new Summary(n, mean, sd(values, mean));
    }

    /** A − B, pairing the values by seed. */
    public static Paired paired(Map<Long, Double> a, Map<Long, Double> b) {
        List<Long> seeds = new ArrayList<>();
        List<Double> d = new ArrayList<>();
        for (Map.Entry<Long, Double> e : new TreeMap<>(a).entrySet()) {
            Double other = b.get(e.getKey());
            if (other != null) {
                seeds.add(e.getKey());
                d.add(e.getValue() - other);
            }
        }
        int n = d.size();
        if (n == 0) {
            return new Paired(seeds, d, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = d.stream().mapToDouble(Double::doubleValue).sum() / n;
        if (n < 2) {
            return new Paired(seeds, d, mean, Double.NaN, Double.NaN);
        }
        double half = tQuantile975(n - 1) * sd(d, mean) / Math.sqrt(n);
        return new Paired(seeds, d, mean, mean - half, mean + half);
    }

    /** The two-sided 95% t quantile for {@code df} degrees of freedom (the normal 1.960 beyond 30). */
    public static double tQuantile975(int df) {
        if (df < 1) {
            throw new IllegalArgumentException("degrees of freedom: expected at least 1, found " + df);
        }
        return df <= T975.length ? T975[df - 1] : 1.960;
    }

    private static double sd(List<Double> values, double mean) {
        int n = values.size();
        if (n < 2) {
            return Double.NaN;
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return Math.sqrt(ss / (n - 1));
    }
}

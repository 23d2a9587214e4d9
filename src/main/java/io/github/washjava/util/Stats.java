package io.github.washjava.util;

import java.util.List;

/** Small summary statistics used by benchmarks and reports. */
public final class Stats {
    private Stats() {
    }

    /** The median (mean of the middle two for an even count); NaN for no values. */
    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int m = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(m) : (sorted.get(m - 1) + sorted.get(m)) / 2;
    }
}

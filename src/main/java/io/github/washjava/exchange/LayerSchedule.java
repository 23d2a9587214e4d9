package io.github.washjava.exchange;

import io.github.washjava.util.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The layer-aware scale s(l) of the shuffle probability, p_l = p·s(l), for tensor l of L (docs/method.md §3).
 * With a single tensor every schedule gives s = 1. The halves split tensors by index: the first half
 * is l &lt; L/2 (so with L odd the middle tensor belongs to the second half).
 */
public enum LayerSchedule {
    /** s(l) = 1. */
    CONSTANT,
    /** s(l) = 1 − l/(L−1): the first tensor gets p, the last 0 (the default). */
    DECREASING,
    /** s(l) = l/(L−1). */
    INCREASING,
    /** s(l) = 1 for l &lt; L/2, else 0. */
    FIRST_HALF,
    /** s(l) = 1 for l ≥ L/2, else 0. */
    SECOND_HALF;

    /** The scale of tensor {@code l} among {@code count} tensors. */
    public double scale(int l, int count) {
        if (count <= 1) {
            return 1;
        }
        double frac = (double) l / (count - 1);
        return switch (this) {
            case CONSTANT -> 1;
            case DECREASING -> 1 - frac;
            case INCREASING -> frac;
            case FIRST_HALF -> 2 * l < count ? 1 : 0;
            case SECOND_HALF -> 2 * l >= count ? 1 : 0;
        };
    }

    /** The config / CLI spelling, e.g. {@code first-half}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses the config / CLI spelling. */
    public static LayerSchedule parse(String key) {
        for (LayerSchedule s : values()) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        throw new InvalidInputException("schedule: expected one of " + String.join(", ",
                Arrays.stream(values()).map(LayerSchedule::key).toList()) + ", found \"" + key + "\"");
    }
}

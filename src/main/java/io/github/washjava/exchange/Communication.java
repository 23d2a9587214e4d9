package io.github.washjava.exchange;

/** How many values the collectives of the averaging methods move (docs/method.md §8). */
public final class Communication {
    private Communication() {
    }

    /**
     * Values all N members send in a ring all-reduce of {@code values} values: each member sends
     * 2·v·(N−1)/N (reduce-scatter, then all-gather), so 2·v·(N−1) in total.
     */
    public static long ringAllReduce(long values, int members) {
        return 2 * values * (members - 1);
    }

    /** Every value an averaging method averages: parameters and BatchNorm statistics. */
    public static long averagedValues(io.github.washjava.model.ParameterLayout layout) {
        long v = layout.parameterCount();
        for (var b : layout.buffers()) {
            v += b.numel();
        }
        return v;
    }
}

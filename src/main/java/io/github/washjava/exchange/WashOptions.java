package io.github.washjava.exchange;

import java.util.Objects;

/**
 * The shuffle's settings (docs/method.md §3), immutable; start from {@link #defaults()} and change what
 * you need by name:
 *
 * <pre>{@code WashOptions.defaults().withP(0.01).withSchedule(LayerSchedule.CONSTANT).withOptimizerState(true)}</pre>
 */
public final class WashOptions {
    private final double p;
    private final LayerSchedule schedule;
    private final boolean optimizerState;
    private final boolean buffers;
    private final int every;
    private final boolean excludeSelfMaps;

    private WashOptions(double p, LayerSchedule schedule, boolean optimizerState, boolean buffers, int every,
            boolean excludeSelfMaps) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p: expected a value in [0, 1], found " + p);
        }
        if (every < 1) {
            throw new IllegalArgumentException("shuffle-every: expected an integer >= 1, found " + every);
        }
        this.p = p;
        this.schedule = Objects.requireNonNull(schedule);
        this.optimizerState = optimizerState;
        this.buffers = buffers;
        this.every = every;
        this.excludeSelfMaps = excludeSelfMaps;
    }

    /** p = 0.001, decreasing schedule, every step, parameters only. */
    public static WashOptions defaults() {
        return new WashOptions(0.001, LayerSchedule.DECREASING, false, false, 1, false);
    }

    /** The base shuffle probability p. */
    public WashOptions withP(double value) {
        return new WashOptions(value, schedule, optimizerState, buffers, every, excludeSelfMaps);
    }

    /** The layer schedule s(l), p_l = p·s(l). */
    public WashOptions withSchedule(LayerSchedule value) {
        return new WashOptions(p, value, optimizerState, buffers, every, excludeSelfMaps);
    }

    /** WASH+Opt: the momentum coordinate moves with its weight. */
    public WashOptions withOptimizerState(boolean value) {
        return new WashOptions(p, schedule, value, buffers, every, excludeSelfMaps);
    }

    /** Also shuffle BatchNorm running statistics. */
    public WashOptions withBuffers(boolean value) {
        return new WashOptions(p, schedule, optimizerState, value, every, excludeSelfMaps);
    }

    /** Shuffle every K steps instead of every step. */
    public WashOptions withEvery(int value) {
        return new WashOptions(p, schedule, optimizerState, buffers, value, excludeSelfMaps);
    }

    /** Divide p_l by (1 − 1/N), compensating the values a uniform σ leaves in place. */
    public WashOptions withExcludeSelfMaps(boolean value) {
        return new WashOptions(p, schedule, optimizerState, buffers, every, value);
    }

    public double p() {
        return p;
    }

    public LayerSchedule schedule() {
        return schedule;
    }

    public boolean optimizerState() {
        return optimizerState;
    }

    public boolean buffers() {
        return buffers;
    }

    public int every() {
        return every;
    }

    public boolean excludeSelfMaps() {
        return excludeSelfMaps;
    }

    /** Whether a shuffle follows step t (0-based). */
    public boolean shufflesAfter(long step) {
        return (step + 1) % every == 0;
    }

    /** p_l = p·s(l) for tensor l of {@code tensors}; ÷(1 − 1/N) with exclude-self-maps; at most 1. */
    public double probability(int l, int tensors, int members) {
        double pl = p * schedule.scale(l, tensors);
        if (excludeSelfMaps && members > 1) {
            pl /= 1 - 1.0 / members;
        }
        return Math.min(1, pl);
    }

    @Override
    public String toString() {
        return "p=" + p + ", schedule=" + schedule.key() + (optimizerState ? ", optimizer state" : "")
                + (buffers ? ", buffers" : "") + (every > 1 ? ", every " + every + " steps" : "")
                + (excludeSelfMaps ? ", exclude self maps" : "");
    }
}

package io.github.washjava.model;

import io.github.washjava.util.InvalidInputException;
import java.util.Locale;

/**
 * How a convolutional model lays its activations out in memory between layers (config key
 * {@code memory-format}). The weights and everything the exchanges, soups and archives touch stay in
 * PyTorch's usual contiguous layout either way; only the tensors flowing through the forward and
 * backward passes change, so the numbers a model computes are the same up to summation order.
 *
 * <p>On the CPU, oneDNN computes convolutions in channels-last order, and libtorch's max-pool and
 * BatchNorm kernels are several times faster on channels-last tensors (max-pool on a 64×16×28×28 batch:
 * 8.5 ms contiguous, 0.8 ms channels-last, one thread); docs/benchmarks.md measures every shipped model
 * both ways.
 */
public enum ActivationLayout {
    /** Channels innermost (NHWC in memory, still indexed [N, C, H, W]). */
    CHANNELS_LAST("channels-last"),
    /** PyTorch's default NCHW order. */
    CONTIGUOUS("contiguous");

    /** The config values, {@code auto} first. */
    public static final String VALUES = "auto, channels-last or contiguous";

    private final String key;

    ActivationLayout(String key) {
        this.key = key;
    }

    /** The config value naming this layout. */
    public String key() {
        return key;
    }

    /**
     * The layout a config value names on {@code device}: {@code auto} is channels-last on the CPU (measured
     * faster for every shipped model) and contiguous on a GPU, PyTorch's default there (not measured: no
     * GPU was available; set it explicitly to compare).
     *
     * @throws InvalidInputException for a value other than {@link #VALUES}
     */
    public static ActivationLayout resolve(String option, String value, ComputeDevice device) {
        String v = value == null ? "auto" : value.toLowerCase(Locale.ROOT);
        return switch (v) {
            case "auto" -> device.isCpu() ? CHANNELS_LAST : CONTIGUOUS;
            case "channels-last" -> CHANNELS_LAST;
            case "contiguous" -> CONTIGUOUS;
            default -> throw new InvalidInputException(option + ": expected " + VALUES + ", found " + value);
        };
    }

    @Override
    public String toString() {
        return key;
    }
}

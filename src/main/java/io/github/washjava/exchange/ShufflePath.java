package io.github.washjava.exchange;

import io.github.washjava.model.ComputeDevice;

/**
 * How a sparse exchange (WASH's shuffle, SPARTA's average) reads and writes the selected coordinates.
 * Both give the same bits; they differ in speed and in where they can run.
 */
public enum ShufflePath {
    /**
     * A Java loop over zero-copy views of the tensors' host memory: touches only the selected values,
     * the fastest on the CPU, impossible on a GPU.
     */
    BUFFER_WALK,
    /**
     * libtorch ops on whole index tensors built once per step ({@code index_select}, {@code index_copy_}):
     * runs on any device, a few kernel launches per tensor and member, no host round trip per value.
     */
    TENSOR_OPS;

    /** {@code requested}, or when it is null the path for {@code device} ({@link #forDevice}). */
    public static ShufflePath choose(ShufflePath requested, ComputeDevice device) {
        return requested != null ? requested : forDevice(device);
    }

    /** The path for tensors on {@code device}: the buffer walk on the CPU, tensor ops elsewhere. */
    public static ShufflePath forDevice(ComputeDevice device) {
        return device.isCpu() ? BUFFER_WALK : TENSOR_OPS;
    }
}

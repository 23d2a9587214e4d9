package io.github.washjava.cli;

import io.github.washjava.model.ComputeDevice;
import picocli.CommandLine.Option;

/**
 * {@code --device} for the commands that load or build models outside a run config ({@code eval},
 * {@code predict}, {@code bench}); {@code train} and {@code compare} take it as the config key
 * {@code device} ({@link TrainOptions}).
 */
public final class DeviceOption {
    /** The option's description, shared with {@link TrainOptions}. */
    static final String DESCRIPTION = "Where the models' tensors live: cpu, cuda or cuda:K; cuda needs the GPU build and "
            + "a CUDA host (docs/gpu.md)";

    @Option(names = "--device", defaultValue = "cpu", description = DESCRIPTION + " (default ${DEFAULT-VALUE}).")
    String device;

    /**
     * The device, checked before anything is loaded or written.
     *
     * @throws io.github.washjava.util.InvalidInputException for a malformed name or a device this
     *     process cannot use (exit 2)
     */
    ComputeDevice resolve() {
        return ComputeDevice.usable("--device", device);
    }
}

package io.github.washjava.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Everything a training run depends on. Keys (in YAML/JSON config files) are exactly the CLI long
 * option names ({@code batch-size}, {@code shuffle-every}); {@link ConfigOptions} describes each one.
 * The resolved config is written into the run directory, and rerunning from it reproduces the run.
 */
@JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
public record TrainConfig(
        String dataset,
        String data,
        String model,
        int population,
        int epochs,
        int batchSize,
        double lr,
        double minLr,
        double momentum,
        double weightDecay,
        String method,
        double p,
        String schedule,
        boolean shuffleOptimizerState,
        boolean shuffleBuffers,
        int shuffleEvery,
        boolean excludeSelfMaps,
        int papaEvery,
        double papaAlpha,
        int mergeEvery,
        int dartEvery,
        String init,
        String regularization,
        long seed,
        int trainLimit,
        int testLimit,
        double validationFraction,
        int bnBatches,
        int threads,
        int evalBatchSize,
        int imageSize,
        boolean saveMembers,
        int consensusEvery,
        int evalEvery,
        int checkpointEvery,
        int keepCheckpoints,
        String out) {

    /**
     * SPEC's defaults, with the population size and epoch count chosen so that the default run (WASH
     * on the real Fashion-MNIST with the small CNN) finishes within 15 minutes on 2 cores.
     */
    public static TrainConfig defaults() {
        return new TrainConfig("fashion-mnist", null, "small-cnn", 5, 3, 64, 0.1, 1e-4, 0.9, 1e-4, "wash", 0.001,
                "decreasing", false, false, 1, false, 10, 0.99, 5, 200, "same", "none", 1, 0, 0, 0.02, 50, 0, 500, 32, true, 50, 0, 500, 3, null);
    }
}

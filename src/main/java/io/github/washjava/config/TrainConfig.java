package io.github.washjava.config;

import io.github.washjava.model.Models;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Everything a training run depends on. Keys (in YAML/JSON config files) are exactly the CLI long
 * option names ({@code batch-size}, {@code shuffle-every}); docs/configuration.md describes each one.
 * The resolved config is written into the run directory, and rerunning from it reproduces the run.
 * Where the processes of a distributed run are (rank, world size, master address) is not part of it:
 * every rank runs the same config.
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
        int intraOpThreads,
        int evalBatchSize,
        int imageSize,
        int loaderThreads,
        boolean saveMembers,
        int consensusEvery,
        int evalEvery,
        int checkpointEvery,
        int keepCheckpoints,
        int syncEvery,
        String device,
        String memoryFormat,
        String out) {

    /**
     * The documented defaults (docs/configuration.md), with the population size and epoch count chosen
     * so that the default run (WASH on the real Fashion-MNIST with the small CNN) finishes within
     * minutes on 2 cores.
     */
    public static TrainConfig defaults() {
        return new TrainConfig(
                "fashion-mnist", // dataset
                null, // data: the dataset's default directory
                "small-cnn", // model
                5, // population
                3, // epochs
                64, // batch-size
                0.1, // lr
                1e-4, // min-lr
                0.9, // momentum
                1e-4, // weight-decay
                "wash", // method
                0.001, // p
                "decreasing", // schedule
                false, // shuffle-optimizer-state
                false, // shuffle-buffers
                1, // shuffle-every
                false, // exclude-self-maps
                10, // papa-every
                0.99, // papa-alpha
                5, // merge-every
                200, // dart-every
                "same", // init
                "none", // regularization
                1, // seed
                0, // train-limit: all
                0, // test-limit: all
                0.02, // validation-fraction
                50, // bn-batches
                0, // threads: auto
                0, // intra-op-threads: auto
                500, // eval-batch-size
                0, // image-size: auto (the model's own input side)
                0, // loader-threads: auto
                true, // save-members
                50, // consensus-every
                0, // eval-every
                500, // checkpoint-every
                3, // keep-checkpoints
                50, // sync-every
                "cpu", // device
                "auto", // memory-format: channels-last on the CPU, contiguous on a GPU
                null); // out: runs/<method>-<dataset>-<model>-<time>
    }

    /**
     * The side of {@code --dataset folder}'s images: {@code image-size}, or when it is 0 (auto) the input
     * side the model is built for ({@link Models#defaultImageSize}).
     */
    public int resolvedImageSize() {
        return imageSize > 0 ? imageSize : Models.defaultImageSize(model);
    }
}

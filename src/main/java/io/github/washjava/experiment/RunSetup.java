package io.github.washjava.experiment;

import io.github.washjava.collective.Collective;
import io.github.washjava.config.TrainConfig;
import io.github.washjava.data.BatchBuilder;
import io.github.washjava.data.DataBundle;
import io.github.washjava.data.ImageSet;
import io.github.washjava.data.Regularization;
import io.github.washjava.exchange.Exchange;
import io.github.washjava.model.ActivationLayout;
import io.github.washjava.model.ComputeDevice;
import io.github.washjava.model.ModelSpec;
import io.github.washjava.model.Models;
import io.github.washjava.model.ParameterLayout;
import io.github.washjava.model.RecalibrationData;
import io.github.washjava.population.InitMode;
import io.github.washjava.population.Placement;
import io.github.washjava.population.Population;
import io.github.washjava.train.CosineSchedule;
import io.github.washjava.train.Sgd;
import io.github.washjava.train.TrainingData;
import io.github.washjava.util.InvalidInputException;
import java.util.List;
import java.util.Locale;

/**
 * Everything one run is built from, before anything is written: the population (this process's
 * members), each member's view of the data, the learning-rate schedule, the optimizer, the exchange
 * and the BatchNorm recalibration batches. Building it checks what only the model and the data can
 * tell (a batch larger than the data, a shuffled buffer without a depth, more ranks than members).
 */
public record RunSetup(TrainConfig config, DataBundle data, ModelSpec spec, ActivationLayout activationLayout,
        Population population, TrainingData trainingData, CosineSchedule schedule, Sgd sgd, Exchange exchange, RecalibrationData recalibration) {

    /** Builds the run of {@code config} on {@code data}, this process being one rank of {@code collective}. */
    public static RunSetup build(TrainConfig config, DataBundle data, Collective collective) {
        ModelSpec spec = new ModelSpec(config.model(), data.train().channels(), data.train().height(),
                data.train().width(), data.train().classes());
        if (config.population() < collective.worldSize()) {
            throw new InvalidInputException("population: expected at least one member per rank (" + collective.worldSize()
                    + " ranks), found " + config.population() + " members");
        }
        if (config.batchSize() > data.train().size()) {
            throw new InvalidInputException("batch-size: expected at most the " + data.train().size()
                    + " training images, found " + config.batchSize());
        }
        ComputeDevice device = ComputeDevice.usable("device", config.device())
                .forRank(collective.rank(), collective.worldSize());
        ActivationLayout activations = ActivationLayout.resolve("memory-format", config.memoryFormat(), device);
        Population population = Population.create(() -> Models.create(spec).activationLayout(activations),
                InitMode.valueOf(config.init().toUpperCase(Locale.ROOT)), config.seed(),
                new Placement(config.population(), collective.worldSize()), collective, device);
        if (config.shuffleBuffers()) {
            for (ParameterLayout.Entry b : population.layout().buffers()) {
                try {
                    b.requireDepth();
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException("shuffle-buffers: " + e.getMessage());
                }
            }
        }
        List<Regularization> regs = "grid".equals(config.regularization())
                ? Regularization.heterogeneous(config.population(), config.seed())
                : Regularization.homogeneous(config.population());
        TrainingData trainingData = new TrainingData(data.train(),
                new BatchBuilder(data.train(), data.normalization(), data.augmentation()), config.batchSize(), regs,
                config.seed());
        long totalSteps = (long) config.epochs() * trainingData.stepsPerEpoch();
        trainingData.prefetching(loaderThreads(config, data.train()), totalSteps);
        CosineSchedule schedule = new CosineSchedule(config.lr(), config.minLr(), totalSteps);
        RecalibrationData recalibration = config.bnBatches() > 0
                ? RecalibrationData.sample(data.train(), data.normalization(), config.batchSize(), config.bnBatches(),
                        config.seed())
                : RecalibrationData.none();
        Sgd sgd = new Sgd(Sgd.Options.paperDefaults().withMomentum(config.momentum())
                .withWeightDecay(config.weightDecay()));
        Exchange exchange;
        try {
            exchange = Exchanges.create(config, recalibration);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
        return new RunSetup(config, data, spec, activations, population, trainingData, schedule, sgd, exchange, recalibration);
    }

    /**
     * Threads preparing batches ahead: {@code loader-threads}, or when it is 0 (auto) one per core for
     * images decoded from files and none for in-memory data, whose batches are cheaper to build when
     * taken than to hand across threads.
     */
    static int loaderThreads(TrainConfig config, ImageSet train) {
        if (config.loaderThreads() > 0) {
            return config.loaderThreads();
        }
        return train.decodesFiles() ? Runtime.getRuntime().availableProcessors() : 0;
    }

    /** Optimizer steps of the whole run. */
    public long totalSteps() {
        return (long) config.epochs() * trainingData.stepsPerEpoch();
    }
}

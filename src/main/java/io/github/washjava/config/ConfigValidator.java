package io.github.washjava.config;

import io.github.washjava.data.Datasets;
import io.github.washjava.exchange.LayerSchedule;
import io.github.washjava.exchange.Method;
import io.github.washjava.model.ActivationLayout;
import io.github.washjava.model.ComputeDevice;
import io.github.washjava.model.Models;
import io.github.washjava.util.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Checks a resolved config and reports every problem at once, one line per key. */
public final class ConfigValidator {
    private ConfigValidator() {
    }

    /** Throws {@link InvalidConfigException} listing every problem; returns the config when valid. */
    public static TrainConfig validate(TrainConfig c) {
        List<String> problems = new ArrayList<>();
        oneOf(problems, "dataset", c.dataset(), Datasets.NAMES);
        oneOf(problems, "model", c.model(), Models.NAMES);
        oneOf(problems, "method", c.method(), Method.keys());
        oneOf(problems, "schedule", c.schedule(), Arrays.stream(LayerSchedule.values()).map(LayerSchedule::key).toList());
        oneOf(problems, "init", c.init(), List.of("same", "different"));
        oneOf(problems, "regularization", c.regularization(), List.of("none", "grid"));
        boolean exchanges = !Method.keys().contains(c.method()) || Method.parse(c.method()).exchanges();
        atLeast(problems, "population", c.population(), exchanges ? 2 : 1);
        atLeast(problems, "epochs", c.epochs(), 1);
        atLeast(problems, "batch-size", c.batchSize(), 1);
        atLeast(problems, "shuffle-every", c.shuffleEvery(), 1);
        atLeast(problems, "papa-every", c.papaEvery(), 1);
        atLeast(problems, "merge-every", c.mergeEvery(), 1);
        atLeast(problems, "dart-every", c.dartEvery(), 1);
        atLeast(problems, "train-limit", c.trainLimit(), 0);
        atLeast(problems, "test-limit", c.testLimit(), 0);
        atLeast(problems, "bn-batches", c.bnBatches(), 0);
        atLeast(problems, "threads", c.threads(), 0);
        atLeast(problems, "intra-op-threads", c.intraOpThreads(), 0);
        atLeast(problems, "sync-every", c.syncEvery(), 1);
        atLeast(problems, "eval-batch-size", c.evalBatchSize(), 1);
        if (c.imageSize() != 0 && c.imageSize() < 8) {
            problems.add("image-size: expected 0 (auto) or at least 8 pixels, found " + c.imageSize());
        }
        atLeast(problems, "loader-threads", c.loaderThreads(), 0);
        atLeast(problems, "consensus-every", c.consensusEvery(), 0);
        atLeast(problems, "eval-every", c.evalEvery(), 0);
        atLeast(problems, "checkpoint-every", c.checkpointEvery(), 0);
        atLeast(problems, "keep-checkpoints", c.keepCheckpoints(), 1);
        if (!(c.p() >= 0 && c.p() <= 1)) {
            problems.add("p: expected a value in [0, 1], found " + c.p());
        }
        if (!(c.papaAlpha() >= 0 && c.papaAlpha() <= 1)) {
            problems.add("papa-alpha: expected a value in [0, 1], found " + c.papaAlpha());
        }
        if (!(c.lr() > 0) || Double.isInfinite(c.lr())) {
            problems.add("lr: expected a positive number, found " + c.lr());
        }
        if (!(c.minLr() >= 0 && c.minLr() <= c.lr())) {
            problems.add("min-lr: expected a value in [0, lr = " + c.lr() + "], found " + c.minLr());
        }
        if (!(c.momentum() >= 0 && c.momentum() < 1)) {
            problems.add("momentum: expected a value in [0, 1), found " + c.momentum());
        }
        if (!(c.weightDecay() >= 0)) {
            problems.add("weight-decay: expected a value >= 0, found " + c.weightDecay());
        }
        if (!(c.validationFraction() > 0 && c.validationFraction() < 1)) {
            problems.add("validation-fraction: expected a value in (0, 1), found " + c.validationFraction());
        }
        try {
            // Form and availability both: a CUDA device on a host without CUDA is refused here, before any
            // run directory exists.
            ActivationLayout.resolve("memory-format", c.memoryFormat(), ComputeDevice.usable("device", c.device()));
        } catch (InvalidInputException e) {
            problems.add(e.getMessage());
        }
        if ("grid".equals(c.regularization()) && c.population() > 81) {
            problems.add("population: expected at most 81 members with regularization grid (one cell each), found "
                    + c.population());
        }
        if ("sparta".equals(c.method())) {
            // SPARTA averages the selected coordinates: the permutation-only settings mean nothing to it.
            refuse(problems, "shuffle-optimizer-state", c.shuffleOptimizerState());
            refuse(problems, "shuffle-buffers", c.shuffleBuffers());
            refuse(problems, "exclude-self-maps", c.excludeSelfMaps());
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return c;
    }

    private static void refuse(List<String> problems, String key, boolean on) {
        if (on) {
            problems.add(key + ": expected false with method sparta (a WASH-only setting: SPARTA averages the "
                    + "selected coordinates, it has no permutation to apply), found true");
        }
    }

    private static void oneOf(List<String> problems, String key, String value, List<String> allowed) {
        if (value == null || !allowed.contains(value)) {
            problems.add(key + ": expected one of " + String.join(", ", allowed) + ", found "
                    + (value == null ? "nothing" : "\"" + value + "\""));
        }
    }

    private static void atLeast(List<String> problems, String key, long value, long min) {
        if (value < min) {
            problems.add(key + ": expected an integer >= " + min + ", found " + value);
        }
    }
}

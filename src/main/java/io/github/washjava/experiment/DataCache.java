package io.github.washjava.experiment;

import io.github.washjava.config.TrainConfig;
import io.github.washjava.data.DataBundle;
import io.github.washjava.data.Datasets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The data of several runs in one process (a comparison, a sweep), loaded once per distinct data key:
 * every config key that changes what is loaded ({@link #KEYS}) is part of the cache key, so a sweep
 * over a data key trains each cell on its own data.
 */
public final class DataCache {
    /** The config keys that decide the loaded data. */
    public static final List<String> KEYS = List.of("dataset", "data", "train-limit", "test-limit",
            "validation-fraction", "image-size");

    private final Map<List<Object>, DataBundle> loaded = new HashMap<>();

    /** The data of {@code config}, loaded now or reused from a config with the same data keys. */
    public DataBundle get(TrainConfig config) {
        return loaded.computeIfAbsent(key(config), k -> load(config));
    }

    /** How many distinct datasets were loaded. */
    public int size() {
        return loaded.size();
    }

    /** The values of {@link #KEYS} for {@code config}. */
    public static List<Object> key(TrainConfig c) {
        return java.util.Arrays.asList(c.dataset(), c.data(), c.trainLimit(), c.testLimit(), c.validationFraction(),
                c.resolvedImageSize());
    }

    /** Loads the data of {@code config} (no caching). */
    public static DataBundle load(TrainConfig c) {
        return Datasets.load(c.dataset(), Experiment.dataDirectory(c), c.trainLimit(), c.testLimit(),
                c.validationFraction(), c.resolvedImageSize());
    }
}

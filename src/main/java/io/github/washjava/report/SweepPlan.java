package io.github.washjava.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.washjava.InvalidInputException;
import io.github.washjava.config.ConfigLoader;
import io.github.washjava.config.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sweep file: {@code base} (train keys shared by every cell) and {@code grid} (train keys with a
 * list of values each); the cells are the cartesian product, in the order the keys are written.
 *
 * <pre>
 * base: {dataset: fashion-mnist, epochs: 3}
 * grid: {p: [0.0001, 0.001, 0.01, 0.1], schedule: [constant, decreasing, increasing]}
 * </pre>
 */
public record SweepPlan(Map<String, Object> base, Map<String, List<Object>> grid) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One cell: its directory name, the grid values that define it and its resolved config. */
    public record Cell(String name, Map<String, Object> values, TrainConfig config) {
    }

    /** Reads and checks a sweep file (every cell's config is validated up front). */
    public static SweepPlan read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": expected a sweep file (YAML or JSON), found no such file");
        }
        Map<?, ?> root;
        try {
            Object tree = YAML.readValue(file.toFile(), Object.class);
            if (!(tree instanceof Map<?, ?> map)) {
                throw new InvalidInputException(file + ": expected a mapping with keys base and grid, found something else");
            }
            root = map;
        } catch (IOException e) {
            throw new InvalidInputException(file + ": expected valid YAML or JSON, found a syntax error ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        for (Object key : root.keySet()) {
            if (!"base".equals(key) && !"grid".equals(key)) {
                throw new InvalidInputException(file + ": unknown key \"" + key + "\"; expected base and grid");
            }
        }
        Map<String, Object> base = new LinkedHashMap<>();
        if (root.get("base") instanceof Map<?, ?> b) {
            b.forEach((k, v) -> base.put(String.valueOf(k), v));
        } else if (root.get("base") != null) {
            throw new InvalidInputException(file + ": base: expected a mapping of train keys, found a "
                    + root.get("base").getClass().getSimpleName());
        }
        Map<String, List<Object>> grid = new LinkedHashMap<>();
        if (!(root.get("grid") instanceof Map<?, ?> g) || g.isEmpty()) {
            throw new InvalidInputException(file + ": grid: expected a mapping of train keys to lists of values, found none");
        }
        for (Map.Entry<?, ?> e : g.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (!(e.getValue() instanceof List<?> values) || values.isEmpty()) {
                throw new InvalidInputException(file + ": grid." + key + ": expected a non-empty list, found " + e.getValue());
            }
            grid.put(key, new ArrayList<>(values));
        }
        if (grid.containsKey("out") || base.containsKey("out")) {
            throw new InvalidInputException(file + ": out: expected no out key in a sweep (cells live under the sweep's "
                    + "directory), found one");
        }
        SweepPlan plan = new SweepPlan(base, grid);
        plan.cells(); // validates every cell's config
        return plan;
    }

    /** The cells, each config resolved and validated. */
    public List<Cell> cells() {
        List<Map<String, Object>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<Object>> axis : grid.entrySet()) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> partial : combos) {
                for (Object value : axis.getValue()) {
                    Map<String, Object> m = new LinkedHashMap<>(partial);
                    m.put(axis.getKey(), value);
                    next.add(m);
                }
            }
            combos = next;
        }
        List<Cell> cells = new ArrayList<>();
        for (Map<String, Object> values : combos) {
            Map<String, Object> overrides = new LinkedHashMap<>(base);
            overrides.putAll(values);
            TrainConfig config = ConfigLoader.resolve(null, overrides);
            cells.add(new Cell(name(values), values, config));
        }
        return cells;
    }

    /** A directory name from the grid values, e.g. {@code p=0.001_schedule=decreasing}. */
    static String name(Map<String, Object> values) {
        List<String> parts = new ArrayList<>();
        values.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join("_", parts).replaceAll("[^A-Za-z0-9=._-]", "-");
    }
}

package io.github.washjava.config;

import io.github.washjava.util.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
 *
 * A grid axis whose values are mappings of train keys is a list of <em>arms</em> compared as a whole
 * (its name is free: {@code arm}, {@code variant}); with {@code seed} as another axis every arm runs
 * over every seed:
 *
 * <pre>
 * grid:
 *   arm: [{method: wash, p: 0.001}, {method: wash, p: 0.01}, {method: papa}]
 *   seed: [1, 2, 3]
 * </pre>
 *
 * @param origins where each base key and grid value was written ({@code FILE:LINE}), for messages
 */
public record SweepPlan(Map<String, Object> base, Map<String, List<Object>> grid, Map<String, String> origins) {
    /** One cell: its directory name, the grid values that define it and its resolved config. */
    public record Cell(String name, Map<String, Object> values, TrainConfig config) {
    }

    /** Reads and checks a sweep file (every cell's config is validated up front). */
    public static SweepPlan read(Path file) {
        ConfigFile cf = ConfigFile.read(file);
        for (Map.Entry<String, ConfigFile.Node> e : cf.entries().entrySet()) {
            if (!"base".equals(e.getKey()) && !"grid".equals(e.getKey())) {
                throw new InvalidInputException(cf.at(e.getValue()) + ": unknown key \"" + e.getKey()
                        + "\"; expected base and grid");
            }
        }
        Map<String, Object> base = new LinkedHashMap<>();
        Map<String, String> origins = new HashMap<>();
        ConfigFile.Node baseNode = cf.entries().get("base");
        if (baseNode != null && baseNode.value() != null) {
            if (baseNode.map() == null) {
                throw new InvalidInputException(cf.at(baseNode) + ": base: expected a mapping of train keys, found "
                        + baseNode.describe());
            }
            baseNode.map().forEach((k, v) -> {
                base.put(k, v.plain());
                origins.put("base." + k, cf.at(v));
            });
        }
        ConfigFile.Node gridNode = cf.entries().get("grid");
        if (gridNode == null || gridNode.map() == null || gridNode.map().isEmpty()) {
            throw new InvalidInputException((gridNode == null ? file + ":1" : cf.at(gridNode))
                    + ": grid: expected a mapping of train keys to lists of values, found "
                    + (gridNode == null ? "none" : gridNode.describe()));
        }
        Map<String, List<Object>> grid = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigFile.Node> e : gridNode.map().entrySet()) {
            String key = e.getKey();
            List<ConfigFile.Node> values = e.getValue().list();
            if (values == null || values.isEmpty()) {
                throw new InvalidInputException(cf.at(e.getValue()) + ": grid." + key + ": expected a non-empty list, found "
                        + (values == null ? e.getValue().describe() : "an empty list"));
            }
            List<Object> plain = new ArrayList<>();
            for (int j = 0; j < values.size(); j++) {
                plain.add(values.get(j).plain());
                origins.put("grid." + key + "." + j, cf.at(values.get(j)));
            }
            grid.put(key, plain);
        }
        for (Map.Entry<String, List<Object>> axis : grid.entrySet()) {
            for (int j = 0; j < axis.getValue().size(); j++) {
                if (axis.getValue().get(j) instanceof Map<?, ?> arm) {
                    for (Object k : arm.keySet()) {
                        if (grid.containsKey(String.valueOf(k))) {
                            throw new InvalidInputException(origins.get("grid." + axis.getKey() + "." + j) + ": grid."
                                    + axis.getKey() + ": expected an arm without the grid's own axes, found " + k
                                    + " (also an axis of the grid)");
                        }
                    }
                }
            }
        }
        if (grid.containsKey("out") || base.containsKey("out")) {
            throw new InvalidInputException(file + ": out: expected no out key in a sweep (cells live under the sweep's "
                    + "directory), found one");
        }
        SweepPlan plan = new SweepPlan(base, grid, origins);
        plan.cells(); // validates every cell's config
        return plan;
    }

    /**
     * This plan with {@code key} set to {@code value} in its base (a command-line flag such as
     * {@code --device}), every cell validated again.
     *
     * @throws InvalidInputException when the grid itself varies {@code key}, or a cell becomes invalid
     */
    public SweepPlan withBase(String key, Object value, String origin) {
        if (grid.containsKey(key)) {
            throw new InvalidInputException(origin + ": expected no " + key + " axis in the sweep's grid, found one ("
                    + origins.getOrDefault("grid." + key + ".0", "grid." + key) + ")");
        }
        Map<String, Object> newBase = new LinkedHashMap<>(base);
        newBase.put(key, value);
        Map<String, String> newOrigins = new HashMap<>(origins);
        newOrigins.put("base." + key, origin);
        SweepPlan plan = new SweepPlan(newBase, grid, newOrigins);
        plan.cells();
        return plan;
    }

    /** The plan as a YAML sweep file (what a sweep directory keeps for --resume). */
    public String toYaml() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("base", base);
        m.put("grid", grid);
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()
                    .disable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
                    .writeValueAsString(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cells, each config resolved and validated. */
    public List<Cell> cells() {
        List<Map<String, Integer>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<Object>> axis : grid.entrySet()) {
            List<Map<String, Integer>> next = new ArrayList<>();
            for (Map<String, Integer> partial : combos) {
                for (int j = 0; j < axis.getValue().size(); j++) {
                    Map<String, Integer> m = new LinkedHashMap<>(partial);
                    m.put(axis.getKey(), j);
                    next.add(m);
                }
            }
            combos = next;
        }
        List<Cell> cells = new ArrayList<>();
        for (Map<String, Integer> combo : combos) {
            Map<String, Object> values = new LinkedHashMap<>();
            Map<String, Object> overrides = new LinkedHashMap<>(base);
            Map<String, String> where = new HashMap<>();
            base.keySet().forEach(k -> where.put(k, origins.getOrDefault("base." + k, "base." + k)));
            combo.forEach((key, j) -> {
                Object value = grid.get(key).get(j);
                values.put(key, value);
                String origin = origins.getOrDefault("grid." + key + "." + j, "grid." + key);
                if (value instanceof Map<?, ?> arm) {
                    arm.forEach((k, v) -> {
                        overrides.put(String.valueOf(k), v);
                        where.put(String.valueOf(k), origin);
                    });
                } else {
                    overrides.put(key, value);
                    where.put(key, origin);
                }
            });
            cells.add(new Cell(name(values), values, ConfigLoader.resolve(null, overrides, where)));
        }
        return cells;
    }

    /**
     * A directory name from the grid values, e.g. {@code p=0.001_schedule=decreasing}; an arm gives its
     * own keys ({@code method=wash_p=0.01_seed=2}).
     */
    static String name(Map<String, Object> values) {
        List<String> parts = new ArrayList<>();
        values.forEach((k, v) -> {
            if (v instanceof Map<?, ?> arm) {
                arm.forEach((ak, av) -> parts.add(ak + "=" + av));
            } else {
                parts.add(k + "=" + v);
            }
        });
        return String.join("_", parts).replaceAll("[^A-Za-z0-9=._-]", "-");
    }

    /** How a grid value reads in a table: an arm as {@code method=wash p=0.01}, anything else as itself. */
    public static String label(Object value) {
        if (value instanceof Map<?, ?> arm) {
            List<String> parts = new ArrayList<>();
            arm.forEach((k, v) -> parts.add(k + "=" + v));
            return String.join(" ", parts);
        }
        return String.valueOf(value);
    }
}

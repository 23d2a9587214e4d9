package io.github.washjava.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Resolves a config: the documented defaults, then the config file (YAML or JSON, each read by its
 * own rules), then command-line flags. Every problem is reported at once, one line each, naming where
 * the value came from ({@code FILE:LINE} or the flag), what was expected and what was found.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private static final Map<String, Class<?>> TYPES = new LinkedHashMap<>();

    static {
        for (RecordComponent c : TrainConfig.class.getRecordComponents()) {
            TYPES.put(kebab(c.getName()), c.getType());
        }
    }

    private ConfigLoader() {
    }

    /** Defaults ← file (may be null) ← overrides, validated. */
    public static TrainConfig resolve(Path file, Map<String, Object> overrides) {
        Map<String, String> origins = new HashMap<>();
        overrides.keySet().forEach(k -> origins.put(k, "--" + k));
        return resolve(file, overrides, origins);
    }

    /**
     * Defaults ← file ← overrides, validated; {@code overrideOrigins} says where each override came
     * from (a flag, a sweep file's line), for messages.
     */
    public static TrainConfig resolve(Path file, Map<String, Object> overrides, Map<String, String> overrideOrigins) {
        Map<String, Object> merged = toMap(TrainConfig.defaults());
        Map<String, String> origin = new HashMap<>();
        List<String> problems = new ArrayList<>();
        if (file != null) {
            ConfigFile cf = ConfigFile.read(file);
            cf.entries().forEach((key, node) -> {
                String at = cf.at(node);
                if (!TYPES.containsKey(key)) {
                    problems.add(at + ": unknown key \"" + key + "\"; expected one of " + String.join(", ", TYPES.keySet()));
                } else {
                    put(merged, origin, problems, key, node.value(), at);
                }
            });
        }
        overrides.forEach((key, value) -> {
            String at = overrideOrigins.getOrDefault(key, key);
            if (!TYPES.containsKey(key)) {
                problems.add(at + ": unknown key \"" + key + "\"; expected one of " + String.join(", ", TYPES.keySet()));
            } else {
                put(merged, origin, problems, key, value, at);
            }
        });
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        TrainConfig config = fromMap(merged);
        try {
            return ConfigValidator.validate(config);
        } catch (InvalidConfigException e) {
            List<String> located = new ArrayList<>();
            for (String problem : e.problems()) {
                String key = problem.substring(0, Math.max(0, problem.indexOf(':')));
                String at = origin.get(key);
                located.add(at != null && !at.equals("--" + key) ? at + ": " + problem : problem);
            }
            throw new InvalidConfigException(located);
        }
    }

    /** Checks {@code value}'s type for {@code key} and stores it, or records the problem. */
    private static void put(Map<String, Object> merged, Map<String, String> origin, List<String> problems, String key,
            Object value, String at) {
        Class<?> type = TYPES.get(key);
        Object typed = typed(type, value);
        if (typed == INVALID) {
            String found = value == null ? "nothing" : value instanceof String s ? "\"" + s + "\""
                    : value instanceof Map<?, ?> ? "a mapping" : value instanceof List<?> ? "a list" : String.valueOf(value);
            problems.add(at + ": " + key + ": expected " + expected(type) + ", found " + found);
            return;
        }
        merged.put(key, typed);
        origin.put(key, at);
    }

    private static final Object INVALID = new Object();

    private static Object typed(Class<?> type, Object value) {
        if (type == String.class) {
            return value == null || value instanceof String ? value : INVALID;
        }
        if (type == boolean.class) {
            return value instanceof Boolean ? value : INVALID;
        }
        if (type == double.class) {
            return value instanceof Number n ? (Object) n.doubleValue() : INVALID;
        }
        if (type == int.class || type == long.class) {
            if (!(value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger)) {
                return INVALID;
            }
            java.math.BigInteger v = new java.math.BigInteger(value.toString());
            long min = type == int.class ? Integer.MIN_VALUE : Long.MIN_VALUE;
            long max = type == int.class ? Integer.MAX_VALUE : Long.MAX_VALUE;
            if (v.compareTo(java.math.BigInteger.valueOf(min)) < 0 || v.compareTo(java.math.BigInteger.valueOf(max)) > 0) {
                return INVALID;
            }
            return type == int.class ? (Object) v.intValue() : (Object) v.longValue();
        }
        return INVALID;
    }

    private static String expected(Class<?> type) {
        if (type == int.class || type == long.class) {
            return "an integer";
        }
        if (type == double.class) {
            return "a number";
        }
        if (type == boolean.class) {
            return "true or false";
        }
        return "a string";
    }

    /** Every config key, in the order of {@link TrainConfig}. */
    public static List<String> keys() {
        return List.copyOf(TYPES.keySet());
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The config as an ordered key → value map (keys as in files and on the command line). */
    public static Map<String, Object> toMap(TrainConfig config) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = YAML.convertValue(config, LinkedHashMap.class);
        return map;
    }

    /** A config from a map of already type-checked values (as {@link #toMap} produces). */
    public static TrainConfig fromMap(Map<String, Object> map) {
        return YAML.convertValue(map, TrainConfig.class);
    }

    /** The config as YAML, for the run directory. */
    public static String toYaml(TrainConfig config) {
        try {
            return YAML.writeValueAsString(toMap(config));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

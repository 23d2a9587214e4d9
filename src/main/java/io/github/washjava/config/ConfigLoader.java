package io.github.washjava.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.github.washjava.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves a config: SPEC defaults, then the config file (YAML or JSON), then command-line flags.
 * Unknown keys and values of the wrong type are reported with the file and key.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private ConfigLoader() {
    }

    /** Defaults ← file (may be null) ← overrides, validated. */
    public static TrainConfig resolve(Path file, Map<String, Object> overrides) {
        Map<String, Object> merged = toMap(TrainConfig.defaults());
        List<String> problems = new ArrayList<>();
        if (file != null) {
            Map<String, Object> fromFile = readFile(file);
            for (Map.Entry<String, Object> e : fromFile.entrySet()) {
                if (!merged.containsKey(e.getKey())) {
                    problems.add(file + ": unknown key \"" + e.getKey() + "\"; expected one of " + String.join(", ",
                            merged.keySet()));
                } else {
                    merged.put(e.getKey(), e.getValue());
                }
            }
        }
        merged.putAll(overrides);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        TrainConfig config;
        try {
            config = YAML.convertValue(merged, TrainConfig.class);
        } catch (IllegalArgumentException e) {
            String where = file != null ? file + ": " : "";
            throw new InvalidConfigException(List.of(where + describe(e)));
        }
        return ConfigValidator.validate(config);
    }

    /** Reads a config file as a key → value map. */
    static Map<String, Object> readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": expected a YAML or JSON config file, found no such file");
        }
        try {
            Object tree = YAML.readValue(file.toFile(), Object.class); // YAML is a superset of JSON
            if (tree == null) {
                return Map.of();
            }
            if (!(tree instanceof Map<?, ?> map)) {
                throw new InvalidInputException(file + ": expected a mapping of keys to values, found a "
                        + tree.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(file + ": expected valid YAML or JSON, found a syntax error at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static String describe(IllegalArgumentException e) {
        if (e.getCause() instanceof JsonMappingException jm && !jm.getPath().isEmpty()) {
            String key = jm.getPath().get(jm.getPath().size() - 1).getFieldName();
            String type = expectedType(key);
            return key + ": expected " + type + ", found " + foundValue(jm);
        }
        return "config: " + e.getMessage().lines().findFirst().orElse("invalid");
    }

    private static String expectedType(String key) {
        for (var component : TrainConfig.class.getRecordComponents()) {
            if (kebab(component.getName()).equals(key)) {
                Class<?> t = component.getType();
                if (t == int.class || t == long.class) {
                    return "an integer";
                }
                if (t == double.class) {
                    return "a number";
                }
                if (t == boolean.class) {
                    return "true or false";
                }
                return "a string";
            }
        }
        return "a value";
    }

    private static String foundValue(JsonMappingException jm) {
        String msg = jm.getOriginalMessage();
        int q = msg.indexOf('"');
        int q2 = q >= 0 ? msg.indexOf('"', q + 1) : -1;
        if (q >= 0 && q2 > q) {
            return msg.substring(q, q2 + 1);
        }
        return msg.contains("null") ? "nothing" : "a value of another type";
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** The config as an ordered key → value map (keys as in files and on the command line). */
    public static Map<String, Object> toMap(TrainConfig config) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = YAML.convertValue(config, LinkedHashMap.class);
        return map;
    }

    /** A config from a map produced by {@link #toMap} (already validated values). */
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

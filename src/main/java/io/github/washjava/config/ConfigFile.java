package io.github.washjava.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.washjava.util.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A config or sweep file read by the rules of its own format — {@code .json} as strict JSON (no
 * comments, no trailing commas), {@code .yaml}/{@code .yml} as YAML — with duplicate keys refused and
 * the line of every value kept, so that every problem is reported as {@code FILE:LINE: what was
 * expected, found what}.
 */
public final class ConfigFile {
    /** A value and where it was written. */
    public record Node(Object value, int line) {
        /** The mapping under this node, or null when it is not one. */
        @SuppressWarnings("unchecked")
        public Map<String, Node> map() {
            return value instanceof Map<?, ?> m ? (Map<String, Node>) m : null;
        }

        /** The list under this node, or null when it is not one. */
        @SuppressWarnings("unchecked")
        public List<Node> list() {
            return value instanceof List<?> l ? (List<Node>) l : null;
        }

        /** The plain Java value: maps, lists, strings, numbers, booleans or null. */
        public Object plain() {
            if (map() != null) {
                Map<String, Object> out = new LinkedHashMap<>();
                map().forEach((k, v) -> out.put(k, v.plain()));
                return out;
            }
            if (list() != null) {
                return list().stream().map(Node::plain).toList();
            }
            return value;
        }

        /** A phrase for error messages: {@code "three"}, {@code 3.5}, {@code a list}, {@code nothing}. */
        public String describe() {
            if (value == null) {
                return "nothing";
            }
            if (map() != null) {
                return "a mapping";
            }
            if (list() != null) {
                return "a list";
            }
            return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
        }
    }

    private final Path path;
    private final Node root;

    private ConfigFile(Path path, Node root) {
        this.path = path;
        this.root = root;
    }

    /** Reads {@code file}; an empty file is an empty mapping. */
    public static ConfigFile read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": expected a YAML or JSON config file, found no such file");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        JsonFactory factory;
        String format;
        if (name.endsWith(".json")) {
            factory = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
            format = "JSON";
        } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            factory = YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
            format = "YAML";
        } else {
            throw new InvalidInputException(file + ": expected a config file named *.yaml, *.yml or *.json, found "
                    + "another extension");
        }
        try (JsonParser parser = factory.createParser(file.toFile())) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new ConfigFile(file, new Node(new LinkedHashMap<String, Node>(), 1));
            }
            Node root = node(parser);
            if (parser.nextToken() != null) {
                throw new InvalidInputException(file + ":" + parser.currentTokenLocation().getLineNr() + ": expected "
                        + "the end of the " + format + " document, found more content");
            }
            if (root.map() == null) {
                throw new InvalidInputException(file + ":" + root.line() + ": expected a mapping of keys to values, found "
                        + root.describe());
            }
            return new ConfigFile(file, root);
        } catch (JsonParseException e) {
            throw new InvalidInputException(file + ":" + e.getLocation().getLineNr() + ": expected valid " + format
                    + ", found " + reason(e));
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            throw new InvalidInputException(file + ":" + line + ": expected valid " + format + ", found " + reason(e));
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static String reason(JsonProcessingException e) {
        String msg = e.getOriginalMessage();
        if (msg.startsWith("Duplicate field")) {
            return "the key " + msg.substring(msg.indexOf('\'')).replace("'", "\"") + " twice";
        }
        return "a syntax error (" + msg.lines().findFirst().orElse("").replaceAll("\\s+", " ").trim() + ")";
    }

    private static Node node(JsonParser p) throws IOException {
        int line = p.currentTokenLocation().getLineNr();
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Node> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    map.put(key, node(p));
                }
                return new Node(map, line);
            }
            case START_ARRAY -> {
                List<Node> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(node(p));
                }
                return new Node(list, line);
            }
            case VALUE_NUMBER_INT -> {
                return new Node(p.getNumberValue() instanceof Integer i ? (Object) i.longValue() : p.getNumberValue(), line);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new Node(p.getDoubleValue(), line);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Node(t == JsonToken.VALUE_TRUE, line);
            }
            case VALUE_NULL -> {
                return new Node(null, line);
            }
            default -> {
                return new Node(p.getText(), line);
            }
        }
    }

    public Path path() {
        return path;
    }

    /** The top-level mapping. */
    public Map<String, Node> entries() {
        return root.map();
    }

    /** {@code FILE:LINE} of a node, for messages. */
    public String at(Node node) {
        return path + ":" + node.line();
    }
}

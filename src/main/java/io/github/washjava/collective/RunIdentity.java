package io.github.washjava.collective;

import io.github.washjava.util.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What every rank of one run must agree on, compared at rendezvous: the run id, the command, the code
 * version, the world size and the resolved config.
 */
public record RunIdentity(String runId, String command, String version, int worldSize, Map<String, Object> config) {
    /** As JSON, for the rendezvous store. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run_id", runId);
        m.put("command", command);
        m.put("version", version);
        m.put("world_size", worldSize);
        m.put("config", config);
        return Json.line(m);
    }

    /** Parses {@link #toJson()}; null when the text is not one. */
    @SuppressWarnings("unchecked")
    public static RunIdentity parse(String json) {
        try {
            Map<String, Object> m = Json.MAPPER.readValue(json, Map.class);
            return new RunIdentity((String) m.get("run_id"), (String) m.get("command"), (String) m.get("version"),
                    ((Number) m.get("world_size")).intValue(), (Map<String, Object>) m.get("config"));
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * The differences between this rank's identity ({@code mine}) and rank 0's ({@code theirs}), one
     * phrase each, e.g. {@code config key p: 0.01 here, 0.001 on rank 0}.
     */
    public static List<String> differences(RunIdentity mine, RunIdentity theirs) {
        List<String> out = new ArrayList<>();
        compare(out, "command", mine.command(), theirs.command());
        compare(out, "code version", mine.version(), theirs.version());
        compare(out, "world size", mine.worldSize(), theirs.worldSize());
        for (String key : mine.config().keySet()) {
            compare(out, "config key " + key, mine.config().get(key), theirs.config().get(key));
        }
        for (String key : theirs.config().keySet()) {
            if (!mine.config().containsKey(key)) {
                compare(out, "config key " + key, null, theirs.config().get(key));
            }
        }
        return out;
    }

    private static void compare(List<String> out, String what, Object mine, Object theirs) {
        if (!Objects.equals(String.valueOf(mine), String.valueOf(theirs))) {
            out.add(what + ": " + mine + " here, " + theirs + " on rank 0");
        }
    }
}

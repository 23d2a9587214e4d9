package io.github.washjava.report;

import io.github.washjava.RunResult;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code summary.json} (a contract other tools read) and {@code summary.md} (the result table).
 * Accuracies are fractions in [0, 1].
 */
public final class RunSummary {
    private RunSummary() {
    }

    /** The JSON object of {@code summary.json}. */
    public static Map<String, Object> toJson(RunResult r, Map<String, Object> config) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", r.method());
        m.put("population", r.population());
        m.put("dataset", r.dataset());
        m.put("model", r.model());
        m.put("epochs", r.epochs());
        m.put("steps", r.steps());
        m.put("seed", r.seed());
        m.put("p", config.get("p"));
        m.put("schedule", config.get("schedule"));
        m.put("parameters", r.parameters());
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("accuracy", r.memberAccuracy());
        members.put("mean", r.memberMean());
        members.put("min", r.memberMin());
        members.put("max", r.memberMax());
        m.put("members", members);
        m.put("ensemble", Map.of("accuracy", r.ensembleAccuracy()));
        m.put("uniform_soup", Map.of("accuracy", r.uniformSoupAccuracy()));
        Map<String, Object> greedy = new LinkedHashMap<>();
        greedy.put("accuracy", r.greedySoupAccuracy());
        greedy.put("ingredients", r.greedyIngredients().size());
        greedy.put("members", r.greedyIngredients());
        greedy.put("validation_accuracy", r.greedyValidationAccuracy());
        m.put("greedy_soup", greedy);
        Map<String, Object> comm = new LinkedHashMap<>();
        comm.put("values_sent_per_member_per_step", r.valuesPerMemberPerStep());
        comm.put("values_sent_total", r.valuesSentTotal());
        comm.put("bytes_sent_total", r.valuesSentTotal() * 4);
        comm.put("expected_values_per_member_per_step", r.expectedValuesPerMemberPerStep());
        comm.put("papa_values_per_member_per_step", r.papaValuesPerMemberPerStep());
        comm.put("ratio_to_papa", r.valuesPerMemberPerStep() / r.papaValuesPerMemberPerStep());
        m.put("communication", comm);
        m.put("consensus_distance", r.consensusDistance());
        m.put("wall_seconds", r.wallSeconds());
        m.put("train_seconds", r.trainSeconds());
        m.put("checkpoint_seconds", r.checkpointSeconds());
        m.put("images_per_second", r.imagesPerSecond());
        m.put("exchange_share_of_step_time", r.exchangeShare());
        m.put("peak_rss_mb", r.peakRssMb());
        m.put("threads", r.threads());
        m.put("intra_op_threads", r.intraOpThreads());
        return m;
    }

    /** The result table in Markdown. */
    public static String toMarkdown(RunResult r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "# %s: %d × %s on %s, %d epochs (%d steps), seed %d%n%n", r.method(),
                r.population(), r.model(), r.dataset(), r.epochs(), r.steps(), r.seed()));
        s.append("| model | test accuracy |\n|---|---|\n");
        s.append(String.format(Locale.ROOT, "| members: mean [min, max] | %s [%s, %s] |%n", pct(r.memberMean()),
                pct(r.memberMin()), pct(r.memberMax())));
        s.append(String.format(Locale.ROOT, "| ensemble (mean logits) | %s |%n", pct(r.ensembleAccuracy())));
        s.append(String.format(Locale.ROOT, "| uniform soup | %s |%n", pct(r.uniformSoupAccuracy())));
        s.append(String.format(Locale.ROOT, "| greedy soup (%d ingredients) | %s |%n", r.greedyIngredients().size(),
                pct(r.greedySoupAccuracy())));
        s.append(String.format(Locale.ROOT, "%nCommunication: %.1f values per member per step (SPEC §8 formula: %.1f), "
                + "%d in total.%n", r.valuesPerMemberPerStep(), r.expectedValuesPerMemberPerStep(), r.valuesSentTotal()));
        s.append(String.format(Locale.ROOT, "Distance to consensus at the end: %.4f.%n", r.consensusDistance()));
        s.append(String.format(Locale.ROOT, "Wall time %.0f s (training %.0f s), %.0f images/s, exchange %.2f%% of step "
                + "time, peak RSS %.0f MB, %d member threads × %d intra-op threads.%n", r.wallSeconds(), r.trainSeconds(),
                r.imagesPerSecond(), 100 * r.exchangeShare(), r.peakRssMb(), r.threads(), r.intraOpThreads()));
        return s.toString();
    }

    /** Reads back a {@code summary.json} written by {@link #write}. */
    public static RunResult read(java.nio.file.Path file) {
        com.fasterxml.jackson.databind.JsonNode s;
        try {
            s = Json.MAPPER.readTree(file.toFile());
        } catch (java.io.IOException e) {
            throw new io.github.washjava.InvalidInputException(file + ": expected a summary.json, found unreadable JSON");
        }
        java.util.List<Double> members = new java.util.ArrayList<>();
        s.get("members").get("accuracy").forEach(v -> members.add(v.asDouble()));
        java.util.List<Integer> ingredients = new java.util.ArrayList<>();
        s.get("greedy_soup").get("members").forEach(v -> ingredients.add(v.asInt()));
        var c = s.get("communication");
        return new RunResult(s.get("method").asText(), s.get("population").asInt(), s.get("dataset").asText(),
                s.get("model").asText(), s.get("epochs").asInt(), s.get("steps").asLong(), s.get("seed").asLong(),
                s.get("parameters").asLong(), members, s.get("ensemble").get("accuracy").asDouble(),
                s.get("uniform_soup").get("accuracy").asDouble(), s.get("greedy_soup").get("accuracy").asDouble(),
                ingredients, s.get("greedy_soup").get("validation_accuracy").asDouble(), c.get("values_sent_total").asLong(),
                c.get("values_sent_per_member_per_step").asDouble(), c.get("expected_values_per_member_per_step").asDouble(),
                c.get("papa_values_per_member_per_step").asDouble(), s.get("consensus_distance").asDouble(),
                s.get("wall_seconds").asDouble(), s.get("train_seconds").asDouble(),
                s.path("checkpoint_seconds").asDouble(0), s.get("images_per_second").asDouble(),
                s.get("exchange_share_of_step_time").asDouble(), s.get("peak_rss_mb").asDouble(), s.get("threads").asInt(),
                s.get("intra_op_threads").asInt());
    }

    /** Writes both files atomically. */
    public static void write(RunDirectory dir, RunResult r, Map<String, Object> config) {
        dir.writeText("summary.json", Json.pretty(toJson(r, config)));
        dir.writeText("summary.md", toMarkdown(r));
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }
}

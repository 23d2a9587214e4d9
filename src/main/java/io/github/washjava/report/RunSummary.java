package io.github.washjava.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.washjava.util.InvalidInputException;
import io.github.washjava.util.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
        RunResult.Identity id = r.run();
        RunResult.Accuracy a = r.accuracy();
        RunResult.Communication c = r.communication();
        RunResult.Cost cost = r.cost();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", id.method());
        m.put("population", id.population());
        m.put("dataset", id.dataset());
        m.put("model", id.model());
        m.put("epochs", id.epochs());
        m.put("steps", id.steps());
        m.put("seed", id.seed());
        m.put("p", config.get("p"));
        m.put("schedule", config.get("schedule"));
        m.put("parameters", id.parameters());
        m.put("ranks", id.ranks());
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("accuracy", a.members());
        members.put("mean", a.memberMean());
        members.put("min", a.memberMin());
        members.put("max", a.memberMax());
        m.put("members", members);
        m.put("ensemble", Map.of("accuracy", a.ensemble()));
        m.put("uniform_soup", Map.of("accuracy", a.uniformSoup()));
        Map<String, Object> greedy = new LinkedHashMap<>();
        greedy.put("accuracy", a.greedySoup());
        greedy.put("ingredients", a.greedyIngredients().size());
        greedy.put("members", a.greedyIngredients());
        greedy.put("validation_accuracy", a.greedyValidation());
        m.put("greedy_soup", greedy);
        Map<String, Object> comm = new LinkedHashMap<>();
        comm.put("values_sent_per_member_per_step", c.valuesPerMemberPerStep());
        comm.put("values_sent_total", c.valuesSentTotal());
        comm.put("bytes_sent_total", c.valuesSentTotal() * 4);
        comm.put("expected_values_per_member_per_step", c.expectedValuesPerMemberPerStep());
        comm.put("papa_values_per_member_per_step", c.papaValuesPerMemberPerStep());
        comm.put("ratio_to_papa", c.ratioToPapa());
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("bytes_total", c.wireBytesTotal());
        wire.put("bytes_per_step", c.wireBytesTotal() / (double) id.steps());
        wire.put("bytes_per_rank", c.wireBytesPerRank());
        wire.put("collective_seconds_per_rank", c.collectiveSecondsPerRank());
        wire.put("collective_seconds_per_step", c.collectiveSecondsPerRank().stream().mapToDouble(Double::doubleValue)
                .average().orElse(0) / id.steps());
        comm.put("wire", wire);
        m.put("communication", comm);
        m.put("consensus_distance", a.consensusDistance());
        m.put("wall_seconds", cost.wallSeconds());
        m.put("train_seconds", cost.trainSeconds());
        m.put("checkpoint_seconds", cost.checkpointSeconds());
        m.put("images_per_second", cost.imagesPerSecond());
        m.put("exchange_share_of_step_time", cost.exchangeShare());
        m.put("peak_rss_mb", cost.peakRssMb());
        m.put("threads", cost.threads());
        m.put("intra_op_threads", cost.intraOpThreads());
        return m;
    }

    /** The result table in Markdown. */
    public static String toMarkdown(RunResult r) {
        RunResult.Identity id = r.run();
        RunResult.Accuracy a = r.accuracy();
        RunResult.Communication c = r.communication();
        RunResult.Cost cost = r.cost();
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "# %s: %d × %s on %s, %d epochs (%d steps), seed %d%s%n%n", id.method(),
                id.population(), id.model(), id.dataset(), id.epochs(), id.steps(), id.seed(),
                id.ranks() > 1 ? ", " + id.ranks() + " ranks" : ""));
        s.append("| model | test accuracy |\n|---|---|\n");
        s.append(String.format(Locale.ROOT, "| members: mean [min, max] | %s [%s, %s] |%n", pct(a.memberMean()),
                pct(a.memberMin()), pct(a.memberMax())));
        s.append(String.format(Locale.ROOT, "| ensemble (mean logits) | %s |%n", pct(a.ensemble())));
        s.append(String.format(Locale.ROOT, "| uniform soup | %s |%n", pct(a.uniformSoup())));
        int ingredients = a.greedyIngredients().size();
        s.append(String.format(Locale.ROOT, "| greedy soup (%d %s) | %s |%n", ingredients,
                ingredients == 1 ? "ingredient" : "ingredients", pct(a.greedySoup())));
        s.append(String.format(Locale.ROOT, "%nCommunication: %.1f values per member per step (expected: %.1f), "
                + "%d in total", c.valuesPerMemberPerStep(), c.expectedValuesPerMemberPerStep(), c.valuesSentTotal()));
        if (id.ranks() > 1) {
            s.append(String.format(Locale.ROOT, "; on the wire %s per step over %d ranks (%.1f ms per step in collectives)",
                    bytes(c.wireBytesTotal() / (double) id.steps()), id.ranks(),
                    1000 * c.collectiveSecondsPerRank().stream().mapToDouble(Double::doubleValue).average().orElse(0)
                            / id.steps()));
        }
        s.append(".\n");
        s.append(String.format(Locale.ROOT, "Distance to consensus at the end: %.4f.%n", a.consensusDistance()));
        s.append(String.format(Locale.ROOT, "Wall time %.0f s (training %.0f s), %.0f images/s, exchange %.2f%% of step "
                + "time, peak RSS %.0f MB, %d member threads × %d intra-op threads.%n", cost.wallSeconds(),
                cost.trainSeconds(), cost.imagesPerSecond(), 100 * cost.exchangeShare(), cost.peakRssMb(), cost.threads(),
                cost.intraOpThreads()));
        return s.toString();
    }

    /** "1.2 KB", "3.4 MB": bytes in binary units. */
    static String bytes(double b) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        int u = 0;
        while (b >= 1024 && u < units.length - 1) {
            b /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", b, units[u]);
    }

    /** Reads back a {@code summary.json} written by {@link #write}. */
    public static RunResult read(Path file) {
        JsonNode s;
        try {
            s = Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidInputException(file + ": expected a summary.json, found unreadable JSON");
        }
        try {
            List<Double> members = new ArrayList<>();
            s.get("members").get("accuracy").forEach(v -> members.add(v.asDouble()));
            List<Integer> ingredients = new ArrayList<>();
            s.get("greedy_soup").get("members").forEach(v -> ingredients.add(v.asInt()));
            JsonNode c = s.get("communication");
            JsonNode wire = c.path("wire");
            List<Long> wireBytes = new ArrayList<>();
            wire.path("bytes_per_rank").forEach(v -> wireBytes.add(v.asLong()));
            List<Double> wireSeconds = new ArrayList<>();
            wire.path("collective_seconds_per_rank").forEach(v -> wireSeconds.add(v.asDouble()));
            return new RunResult(
                    new RunResult.Identity(s.get("method").asText(), s.get("population").asInt(), s.get("dataset").asText(),
                            s.get("model").asText(), s.get("epochs").asInt(), s.get("steps").asLong(), s.get("seed").asLong(),
                            s.get("parameters").asLong(), s.path("ranks").asInt(1)),
                    new RunResult.Accuracy(members, s.get("ensemble").get("accuracy").asDouble(),
                            s.get("uniform_soup").get("accuracy").asDouble(), s.get("greedy_soup").get("accuracy").asDouble(),
                            ingredients, s.get("greedy_soup").get("validation_accuracy").asDouble(),
                            s.get("consensus_distance").asDouble()),
                    new RunResult.Communication(c.get("values_sent_total").asLong(),
                            c.get("values_sent_per_member_per_step").asDouble(),
                            c.get("expected_values_per_member_per_step").asDouble(),
                            c.get("papa_values_per_member_per_step").asDouble(), wireBytes, wireSeconds),
                    new RunResult.Cost(s.get("wall_seconds").asDouble(), s.get("train_seconds").asDouble(),
                            s.path("checkpoint_seconds").asDouble(0), s.get("images_per_second").asDouble(),
                            s.get("exchange_share_of_step_time").asDouble(), s.get("peak_rss_mb").asDouble(),
                            s.get("threads").asInt(), s.get("intra_op_threads").asInt()));
        } catch (RuntimeException e) {
            throw new InvalidInputException(file + ": expected a summary.json written by wash train, found one with "
                    + "missing or malformed fields");
        }
    }

    /** Writes both files atomically. */
    public static void write(RunDirectory dir, RunResult r, Map<String, Object> config) {
        dir.writeText("summary.json", Json.pretty(toJson(r, config)));
        dir.writeText("summary.md", toMarkdown(r));
    }

    static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }
}

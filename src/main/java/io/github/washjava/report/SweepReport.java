package io.github.washjava.report;

import io.github.washjava.util.Json;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.washjava.config.SweepPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The table and ablation charts of a sweep: {@code sweep.md/.json/.csv} (one row per finished cell),
 * {@code accuracy-vs-p.*} when p varies (Figure 5, one group per value of the other varying keys),
 * {@code consensus-by-depth.*} when the schedule varies (Figure 4; also {@code consensus-by-depth-p=<p>.*}
 * for each p when p varies too) and {@code consensus.*} when the
 * method varies (Figure 2). For Figures 2 and 4 the other keys are held at a reference cell: their
 * first value, and for p the value closest to the default 0.001.
 */
public final class SweepReport {
    private SweepReport() {
    }

    /** Writes the table files and the charts. */
    public static void write(RunDirectory dir, SweepPlan plan, List<SweepPlan.Cell> finished) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SweepPlan.Cell cell : finished) {
            rows.add(row(dir, cell));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("grid", plan.grid());
        json.put("rows", rows);
        dir.writeText("sweep.json", Json.pretty(json));
        dir.writeText("sweep.md", markdown(dir, plan, finished));
        dir.writeText("sweep.csv", csv(plan, rows));
        charts(dir, plan, finished);
        SeedReport.write(dir, plan, finished, rows);
    }

    static Map<String, Object> row(RunDirectory dir, SweepPlan.Cell cell) {
        JsonNode s = summary(dir, cell);
        Map<String, Object> m = new LinkedHashMap<>();
        cell.values().forEach((k, v) -> m.put(k, SweepPlan.label(v)));
        m.put("cell", cell.name());
        m.put("members_mean", s.get("members").get("mean").asDouble());
        m.put("members_min", s.get("members").get("min").asDouble());
        m.put("members_max", s.get("members").get("max").asDouble());
        m.put("ensemble", s.get("ensemble").get("accuracy").asDouble());
        m.put("uniform_soup", s.get("uniform_soup").get("accuracy").asDouble());
        m.put("greedy_soup", s.get("greedy_soup").get("accuracy").asDouble());
        m.put("values_sent_per_member_per_step", s.get("communication").get("values_sent_per_member_per_step").asDouble());
        m.put("consensus_distance", s.get("consensus_distance").asDouble());
        m.put("wall_seconds", s.get("wall_seconds").asDouble());
        return m;
    }

    private static JsonNode summary(RunDirectory dir, SweepPlan.Cell cell) {
        try {
            return Json.MAPPER.readTree(dir.resolve("cells").resolve(cell.name()).resolve("summary.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The table in Markdown. */
    public static String markdown(RunDirectory dir, SweepPlan plan, List<SweepPlan.Cell> finished) {
        StringBuilder s = new StringBuilder("# Sweep over " + String.join(", ", plan.grid().keySet()) + "\n\n|");
        plan.grid().keySet().forEach(k -> s.append(' ').append(k).append(" |"));
        s.append(" members mean [min, max] | ensemble | uniform soup | greedy soup | values / member / step | wall time |\n|");
        s.append("---|".repeat(plan.grid().size() + 6)).append('\n');
        for (SweepPlan.Cell cell : finished) {
            Map<String, Object> r = row(dir, cell);
            s.append('|');
            plan.grid().keySet().forEach(k -> s.append(' ').append(r.get(k)).append(" |"));
            s.append(String.format(Locale.ROOT, " %s [%s, %s] | %s | %s | %s | %.1f | %.0f s |%n", pct(r, "members_mean"),
                    pct(r, "members_min"), pct(r, "members_max"), pct(r, "ensemble"), pct(r, "uniform_soup"),
                    pct(r, "greedy_soup"), (double) r.get("values_sent_per_member_per_step"), (double) r.get("wall_seconds")));
        }
        return s.toString();
    }

    private static String csv(SweepPlan plan, List<Map<String, Object>> rows) {
        List<String> columns = new ArrayList<>(plan.grid().keySet());
        columns.addAll(List.of("members_mean", "members_min", "members_max", "ensemble", "uniform_soup", "greedy_soup",
                "values_sent_per_member_per_step", "consensus_distance", "wall_seconds"));
        StringBuilder s = new StringBuilder(String.join(",", columns)).append('\n');
        for (Map<String, Object> r : rows) {
            s.append(String.join(",", columns.stream().map(c -> String.valueOf(r.get(c))).toList())).append('\n');
        }
        return s.toString();
    }

    private static void charts(RunDirectory dir, SweepPlan plan, List<SweepPlan.Cell> finished) {
        if (finished.isEmpty()) {
            return;
        }
        List<String> varying = plan.grid().entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey)
                .toList();
        if (varying.contains("p")) {
            Map<String, List<double[]>> groups = new LinkedHashMap<>();
            for (SweepPlan.Cell cell : finished) {
                List<String> label = new ArrayList<>();
                varying.stream().filter(k -> !k.equals("p"))
                        .forEach(k -> label.add(k + "=" + SweepPlan.label(cell.values().get(k))));
                Map<String, Object> r = row(dir, cell);
                groups.computeIfAbsent(label.isEmpty() ? "wash" : String.join(", ", label), k -> new ArrayList<>())
                        .add(new double[] {cell.config().p(), (double) r.get("uniform_soup"), (double) r.get("greedy_soup"),
                                (double) r.get("ensemble")});
            }
            Charts.save(dir.root(), "accuracy-vs-p", Charts.accuracyVsP(groups));
        }
        if (varying.contains("schedule")) {
            Charts.depthQuarters(dir.root(), "consensus-by-depth", along(dir, plan, finished, "schedule", Map.of()));
            if (varying.contains("p")) { // and once for every p, since the schedules differ most at large p
                for (Object p : plan.grid().get("p")) {
                    Charts.depthQuarters(dir.root(), "consensus-by-depth-p=" + p,
                            along(dir, plan, finished, "schedule", Map.of("p", p)));
                }
            }
        }
        if (varying.contains("method")) {
            Charts.save(dir.root(), "consensus", Charts.consensusChart(along(dir, plan, finished, "method", Map.of()),
                    "Distance to consensus by method"));
        }
    }

    /**
     * Metrics of the cells that vary only along {@code axis}, the other keys held at the reference cell
     * (or at the values given in {@code fixed}).
     */
    static Map<String, MetricsFile> along(RunDirectory dir, SweepPlan plan, List<SweepPlan.Cell> finished, String axis,
            Map<String, Object> fixed) {
        Map<String, Object> reference = new LinkedHashMap<>();
        plan.grid().forEach((k, values) -> reference.put(k, k.equals("p") ? closestTo(values, 0.001) : values.get(0)));
        reference.putAll(fixed);
        Map<String, MetricsFile> out = new LinkedHashMap<>();
        for (SweepPlan.Cell cell : finished) {
            boolean matches = plan.grid().keySet().stream().filter(k -> !k.equals(axis))
                    .allMatch(k -> Objects.equals(String.valueOf(cell.values().get(k)), String.valueOf(reference.get(k))));
            if (matches) {
                out.put(axis + "=" + SweepPlan.label(cell.values().get(axis)),
                        MetricsFile.read(dir.resolve("cells").resolve(cell.name()).resolve("metrics.jsonl")));
            }
        }
        return out;
    }

    private static Object closestTo(List<Object> values, double target) {
        Object best = values.get(0);
        double bestGap = Double.MAX_VALUE;
        for (Object v : values) {
            double gap = Math.abs(Math.log(((Number) v).doubleValue()) - Math.log(target));
            if (gap < bestGap) {
                bestGap = gap;
                best = v;
            }
        }
        return best;
    }

    private static String pct(Map<String, Object> r, String key) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * (double) r.get(key));
    }
}

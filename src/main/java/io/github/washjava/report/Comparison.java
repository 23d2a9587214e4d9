package io.github.washjava.report;

import io.github.washjava.util.Json;
import io.github.washjava.report.RunResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The paper's comparison table: one row per method trained on the same data, members, seeds and
 * budget; written as {@code comparison.md}, {@code comparison.json} ({@code {"rows": [...]}}) and
 * {@code comparison.csv}. Accuracies are fractions in [0, 1].
 */
public final class Comparison {
    private Comparison() {
    }

    /** One JSON row. */
    public static Map<String, Object> row(RunResult r) {
        RunResult.Accuracy a = r.accuracy();
        RunResult.Communication c = r.communication();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", r.run().method());
        m.put("members", Map.of("mean", a.memberMean(), "min", a.memberMin(), "max", a.memberMax()));
        m.put("ensemble", a.ensemble());
        m.put("uniform_soup", a.uniformSoup());
        m.put("greedy_soup", a.greedySoup());
        m.put("greedy_soup_ingredients", a.greedyIngredients().size());
        m.put("values_sent_per_member_per_step", c.valuesPerMemberPerStep());
        m.put("expected_values_per_member_per_step", c.expectedValuesPerMemberPerStep());
        m.put("ratio_to_papa", c.ratioToPapa());
        m.put("wire_bytes_per_step", c.wireBytesTotal() / (double) r.run().steps());
        m.put("consensus_distance", a.consensusDistance());
        m.put("wall_seconds", r.cost().wallSeconds());
        return m;
    }

    /** Writes the three files into {@code dir}. */
    public static void write(RunDirectory dir, List<RunResult> results, String title) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RunResult r : results) {
            rows.add(row(r));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("title", title);
        json.put("rows", rows);
        dir.writeText("comparison.json", Json.pretty(json));
        dir.writeText("comparison.md", markdown(results, title));
        dir.writeText("comparison.csv", csv(results));
    }

    /** The table in Markdown. */
    public static String markdown(List<RunResult> results, String title) {
        boolean wire = results.stream().anyMatch(r -> r.run().ranks() > 1);
        StringBuilder s = new StringBuilder("# " + title + "\n\n");
        s.append("| method | members mean [min, max] | ensemble | uniform soup | greedy soup (ingredients) "
                + "| values sent / member / step | ratio to PAPA |" + (wire ? " wire bytes / step |" : "")
                + " wall time |\n");
        s.append("|---|---|---|---|---|---|---|" + (wire ? "---|" : "") + "---|\n");
        for (RunResult r : results) {
            RunResult.Accuracy a = r.accuracy();
            RunResult.Communication c = r.communication();
            s.append(String.format(Locale.ROOT, "| %s | %s [%s, %s] | %s | %s | %s (%d) | %.1f | %.4f |", r.run().method(),
                    pct(a.memberMean()), pct(a.memberMin()), pct(a.memberMax()), pct(a.ensemble()), pct(a.uniformSoup()),
                    pct(a.greedySoup()), a.greedyIngredients().size(), c.valuesPerMemberPerStep(), c.ratioToPapa()));
            if (wire) {
                s.append(' ').append(RunSummary.bytes(c.wireBytesTotal() / (double) r.run().steps())).append(" |");
            }
            s.append(String.format(Locale.ROOT, " %.0f s |%n", r.cost().wallSeconds()));
        }
        return s.toString();
    }

    static String csv(List<RunResult> results) {
        StringBuilder s = new StringBuilder("method,members_mean,members_min,members_max,ensemble,uniform_soup,"
                + "greedy_soup,greedy_soup_ingredients,values_sent_per_member_per_step,ratio_to_papa,wire_bytes_per_step,"
                + "wall_seconds\n");
        for (RunResult r : results) {
            RunResult.Accuracy a = r.accuracy();
            RunResult.Communication c = r.communication();
            s.append(String.format(Locale.ROOT, "%s,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%d,%.4f,%.6f,%.1f,%.1f%n",
                    r.run().method(), a.memberMean(), a.memberMin(), a.memberMax(), a.ensemble(), a.uniformSoup(),
                    a.greedySoup(), a.greedyIngredients().size(), c.valuesPerMemberPerStep(), c.ratioToPapa(),
                    c.wireBytesTotal() / (double) r.run().steps(), r.cost().wallSeconds()));
        }
        return s.toString();
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }
}

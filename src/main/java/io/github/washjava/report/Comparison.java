package io.github.washjava.report;

import io.github.washjava.RunResult;
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
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", r.method());
        m.put("members", Map.of("mean", r.memberMean(), "min", r.memberMin(), "max", r.memberMax()));
        m.put("ensemble", r.ensembleAccuracy());
        m.put("uniform_soup", r.uniformSoupAccuracy());
        m.put("greedy_soup", r.greedySoupAccuracy());
        m.put("greedy_soup_ingredients", r.greedyIngredients().size());
        m.put("values_sent_per_member_per_step", r.valuesPerMemberPerStep());
        m.put("expected_values_per_member_per_step", r.expectedValuesPerMemberPerStep());
        m.put("ratio_to_papa", r.valuesPerMemberPerStep() / r.papaValuesPerMemberPerStep());
        m.put("consensus_distance", r.consensusDistance());
        m.put("wall_seconds", r.wallSeconds());
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
        StringBuilder s = new StringBuilder("# " + title + "\n\n");
        s.append("| method | members mean [min, max] | ensemble | uniform soup | greedy soup (ingredients) "
                + "| values sent / member / step | ratio to PAPA | wall time |\n");
        s.append("|---|---|---|---|---|---|---|---|\n");
        for (RunResult r : results) {
            s.append(String.format(Locale.ROOT, "| %s | %s [%s, %s] | %s | %s | %s (%d) | %.1f | %.4f | %.0f s |%n",
                    r.method(), pct(r.memberMean()), pct(r.memberMin()), pct(r.memberMax()), pct(r.ensembleAccuracy()),
                    pct(r.uniformSoupAccuracy()), pct(r.greedySoupAccuracy()), r.greedyIngredients().size(),
                    r.valuesPerMemberPerStep(), r.valuesPerMemberPerStep() / r.papaValuesPerMemberPerStep(),
                    r.wallSeconds()));
        }
        return s.toString();
    }

    static String csv(List<RunResult> results) {
        StringBuilder s = new StringBuilder("method,members_mean,members_min,members_max,ensemble,uniform_soup,"
                + "greedy_soup,greedy_soup_ingredients,values_sent_per_member_per_step,ratio_to_papa,wall_seconds\n");
        for (RunResult r : results) {
            s.append(String.format(Locale.ROOT, "%s,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%d,%.4f,%.6f,%.1f%n", r.method(),
                    r.memberMean(), r.memberMin(), r.memberMax(), r.ensembleAccuracy(), r.uniformSoupAccuracy(),
                    r.greedySoupAccuracy(), r.greedyIngredients().size(), r.valuesPerMemberPerStep(),
                    r.valuesPerMemberPerStep() / r.papaValuesPerMemberPerStep(), r.wallSeconds()));
        }
        return s.toString();
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }
}

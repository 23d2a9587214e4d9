package io.github.washjava.report;

import io.github.washjava.config.SweepPlan;
import io.github.washjava.util.Csv;
import io.github.washjava.util.Json;
import io.github.washjava.util.SeedStatistics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * A sweep with {@code seed} as an axis, summarised over the seeds: for every arm (the cells that
 * differ only by seed) the mean ± standard deviation of each metric ({@code seeds.md/.csv/.json});
 * for every pair of arms the paired differences seed by seed with a 95% interval
 * ({@code paired.md/.csv/.json}); and the uniform soup's and ensemble's accuracy per arm with error
 * bars ({@code accuracy-by-arm.png/.svg}).
 */
public final class SeedReport {
    /** The metrics summarised per arm, in table order. */
    static final List<String> METRICS = List.of("members_mean", "members_max", "ensemble", "uniform_soup", "greedy_soup",
            "values_sent_per_member_per_step");
    /**
     * The paired comparisons: arm A's first metric against arm B's second (A's soup against B's soup,
     * and against B's mean and best member: what a user gets over an independent population).
     */
    static final List<String[]> COMPARISONS = List.of(new String[] {"uniform_soup", "uniform_soup"},
            new String[] {"greedy_soup", "greedy_soup"}, new String[] {"ensemble", "ensemble"},
            new String[] {"uniform_soup", "members_mean"}, new String[] {"uniform_soup", "members_max"});

    private SeedReport() {
    }

    /** One arm: its name and, per metric, the value of each seed. */
    record Arm(String name, Map<String, Map<Long, Double>> bySeed) {
    }

    /** Writes the seed tables and chart when the grid varies {@code seed}; does nothing otherwise. */
    static void write(RunDirectory dir, SweepPlan plan, List<SweepPlan.Cell> finished, List<Map<String, Object>> rows) {
        List<Object> seeds = plan.grid().get("seed");
        if (seeds == null || seeds.size() < 2 || finished.isEmpty()) {
            return;
        }
        List<Arm> arms = arms(plan, finished, rows);
        List<Map<String, Object>> summaries = new ArrayList<>();
        for (Arm arm : arms) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("arm", arm.name());
            s.put("seeds", arm.bySeed().get(METRICS.get(0)).keySet());
            for (String metric : METRICS) {
                SeedStatistics.Summary sum = SeedStatistics.summary(new ArrayList<>(arm.bySeed().get(metric).values()));
                s.put(metric + "_mean", sum.mean());
                s.put(metric + "_sd", sum.sd());
            }
            SeedStatistics.Paired gap = SeedStatistics.paired(arm.bySeed().get("uniform_soup"), arm.bySeed().get("ensemble"));
            s.put("uniform_soup_minus_ensemble", interval(gap));
            summaries.add(s);
        }
        List<Map<String, Object>> pairs = new ArrayList<>();
        for (int a = 0; a < arms.size(); a++) {
            for (int b = 0; b < arms.size(); b++) {
                if (a == b) {
                    continue;
                }
                Map<String, Object> pair = new LinkedHashMap<>();
                pair.put("a", arms.get(a).name());
                pair.put("b", arms.get(b).name());
                for (String[] c : COMPARISONS) {
                    pair.put(c[0] + "_minus_" + c[1], interval(SeedStatistics.paired(arms.get(a).bySeed().get(c[0]),
                            arms.get(b).bySeed().get(c[1]))));
                }
                pairs.add(pair);
            }
        }
        dir.writeText("seeds.json", Json.pretty(summaries));
        dir.writeText("seeds.md", seedsMarkdown(summaries));
        dir.writeText("seeds.csv", csv(summaries));
        dir.writeText("paired.json", Json.pretty(pairs));
        dir.writeText("paired.md", pairedMarkdown(pairs));
        dir.writeText("paired.csv", pairedCsv(pairs));
        Charts.save(dir.root(), "accuracy-by-arm", chart(summaries));
    }

    /** The cells grouped by everything but the seed, in grid order. */
    static List<Arm> arms(SweepPlan plan, List<SweepPlan.Cell> finished, List<Map<String, Object>> rows) {
        Map<String, Arm> arms = new LinkedHashMap<>();
        for (int i = 0; i < finished.size(); i++) {
            SweepPlan.Cell cell = finished.get(i);
            List<String> parts = new ArrayList<>();
            cell.values().forEach((k, v) -> {
                if (!k.equals("seed")) {
                    parts.add(v instanceof Map<?, ?> ? SweepPlan.label(v) : k + "=" + v);
                }
            });
            String name = parts.isEmpty() ? "all" : String.join(", ", parts);
            Arm arm = arms.computeIfAbsent(name, n -> new Arm(n, new LinkedHashMap<>()));
            long seed = cell.config().seed();
            for (String metric : METRICS) {
                arm.bySeed().computeIfAbsent(metric, m -> new LinkedHashMap<>())
                        .put(seed, ((Number) rows.get(i).get(metric)).doubleValue());
            }
        }
        return new ArrayList<>(arms.values());
    }

    private static Map<String, Object> interval(SeedStatistics.Paired p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seeds", p.seeds());
        m.put("differences", p.differences());
        m.put("mean", p.mean());
        m.put("ci95_low", p.low());
        m.put("ci95_high", p.high());
        return m;
    }

    private static String seedsMarkdown(List<Map<String, Object>> summaries) {
        StringBuilder s = new StringBuilder("# Over seeds: mean ± standard deviation\n\n");
        s.append("| arm | seeds | members mean | best member | ensemble | uniform soup | greedy soup | uniform soup − "
                + "ensemble [95% CI] | values / member / step |\n|---|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : summaries) {
            s.append("| ").append(r.get("arm")).append(" | ").append(((java.util.Collection<?>) r.get("seeds")).size());
            for (String metric : METRICS.subList(0, 5)) {
                s.append(" | ").append(pm(r, metric));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> gap = (Map<String, Object>) r.get("uniform_soup_minus_ensemble");
            s.append(" | ").append(points(gap)).append(String.format(Locale.ROOT, " | %.1f |%n",
                    (double) r.get("values_sent_per_member_per_step_mean")));
        }
        return s.append("\nAccuracies in percent; intervals are paired over seeds (Student's t).\n").toString();
    }

    private static String pairedMarkdown(List<Map<String, Object>> pairs) {
        StringBuilder s = new StringBuilder("# Paired differences A − B over the same seeds, in points [95% CI]\n\n");
        s.append("| A | B | uniform soups | greedy soups | ensembles | A's uniform soup − B's members mean "
                + "| A's uniform soup − B's best member |\n|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> p : pairs) {
            s.append("| ").append(p.get("a")).append(" | ").append(p.get("b"));
            for (String[] c : COMPARISONS) {
                @SuppressWarnings("unchecked")
                Map<String, Object> d = (Map<String, Object>) p.get(c[0] + "_minus_" + c[1]);
                s.append(" | ").append(points(d));
            }
            s.append(" |\n");
        }
        return s.append("\nAn interval that excludes 0 (marked *) is a difference at the 5% level.\n").toString();
    }

    private static String csv(List<Map<String, Object>> summaries) {
        StringBuilder s = new StringBuilder("arm,seeds");
        METRICS.forEach(m -> s.append(',').append(m).append("_mean,").append(m).append("_sd"));
        s.append(",uniform_soup_minus_ensemble_mean,ci95_low,ci95_high\n");
        for (Map<String, Object> r : summaries) {
            s.append(Csv.field(r.get("arm"))).append(',').append(((java.util.Collection<?>) r.get("seeds")).size());
            METRICS.forEach(m -> s.append(',').append(r.get(m + "_mean")).append(',').append(r.get(m + "_sd")));
            @SuppressWarnings("unchecked")
            Map<String, Object> gap = (Map<String, Object>) r.get("uniform_soup_minus_ensemble");
            s.append(',').append(gap.get("mean")).append(',').append(gap.get("ci95_low")).append(',')
                    .append(gap.get("ci95_high")).append('\n');
        }
        return s.toString();
    }

    private static String pairedCsv(List<Map<String, Object>> pairs) {
        StringBuilder s = new StringBuilder("a,b,comparison,seeds,mean,ci95_low,ci95_high\n");
        for (Map<String, Object> p : pairs) {
            for (String[] c : COMPARISONS) {
                String key = c[0] + "_minus_" + c[1];
                @SuppressWarnings("unchecked")
                Map<String, Object> d = (Map<String, Object>) p.get(key);
                s.append(Csv.field(p.get("a"))).append(',').append(Csv.field(p.get("b"))).append(',').append(key).append(',')
                        .append(((List<?>) d.get("seeds")).size()).append(',').append(d.get("mean")).append(',')
                        .append(d.get("ci95_low")).append(',').append(d.get("ci95_high")).append('\n');
            }
        }
        return s.toString();
    }

    private static CategoryChart chart(List<Map<String, Object>> summaries) {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(500).title("Accuracy over seeds (mean ± sd)")
                .xAxisTitle("arm").yAxisTitle("test accuracy (%)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setXAxisLabelRotation(30);
        double low = 100;
        List<String> names = summaries.stream().map(r -> (String) r.get("arm")).toList();
        for (String metric : List.of("ensemble", "uniform_soup", "greedy_soup")) {
            List<Double> y = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (Map<String, Object> r : summaries) {
                double mean = 100 * (double) r.get(metric + "_mean");
                double sd = (double) r.get(metric + "_sd");
                y.add(mean);
                err.add(Double.isNaN(sd) ? 0 : 100 * sd);
                low = Math.min(low, mean - (Double.isNaN(sd) ? 0 : 100 * sd));
            }
            chart.addSeries(metric.replace('_', ' '), names, y, err);
        }
        chart.getStyler().setYAxisMin(Math.max(0, Math.floor(low - 1)));
        return chart;
    }

    private static String pm(Map<String, Object> r, String metric) {
        double mean = (double) r.get(metric + "_mean");
        double sd = (double) r.get(metric + "_sd");
        return Double.isNaN(sd) ? String.format(Locale.ROOT, "%.2f", 100 * mean)
                : String.format(Locale.ROOT, "%.2f ± %.2f", 100 * mean, 100 * sd);
    }

    private static String points(Map<String, Object> d) {
        double mean = (double) d.get("mean");
        double lo = (double) d.get("ci95_low");
        double hi = (double) d.get("ci95_high");
        if (Double.isNaN(mean)) {
            return "–";
        }
        if (Double.isNaN(lo)) {
            return String.format(Locale.ROOT, "%+.2f", 100 * mean);
        }
        boolean significant = lo > 0 || hi < 0;
        return String.format(Locale.ROOT, "%+.2f [%+.2f, %+.2f]%s", 100 * mean, 100 * lo, 100 * hi, significant ? " *" : "");
    }
}

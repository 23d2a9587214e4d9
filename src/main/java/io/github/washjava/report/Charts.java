package io.github.washjava.report;

import io.github.washjava.util.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The paper's pictures for a user's own runs (XChart, PNG and SVG): training curves, distance to
 * consensus over training (Figure 2), distance by depth quarter per layer schedule (Figure 4) and
 * accuracy against the shuffle probability (Figure 5).
 */
public final class Charts {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;

    private Charts() {
    }

    /** The charts of one run: loss.*, train-accuracy.*, consensus.*, consensus-quarters.*. */
    public static void forRun(RunDirectory dir, MetricsFile m) {
        int members = m.members();
        if (members == 0) {
            return;
        }
        save(dir.root(), "loss", lossChart(m));

        XYChart accuracy = chart("Training accuracy per member", "epoch", "accuracy");
        for (int i = 0; i < members; i++) {
            final int member = i;
            List<MetricsFile.EpochAccuracy> series = m.epochs.stream().filter(e -> e.member() == member).toList();
            line(accuracy, "member " + i, series.stream().mapToDouble(e -> e.epoch() + 1).toArray(),
                    series.stream().mapToDouble(MetricsFile.EpochAccuracy::accuracy).toArray()).setMarker(SeriesMarkers.CIRCLE);
        }
        save(dir.root(), "train-accuracy", accuracy);

        if (!m.consensus.isEmpty()) {
            save(dir.root(), "consensus", consensusChart(Map.of("distance", m), "Distance to consensus"));
            XYChart quarters = chart("Distance to consensus by depth quarter", "step", "distance");
            for (int q = 0; q < 4; q++) {
                final int quarter = q;
                stepLine(quarters, "quarter " + (q + 1), m.consensus.stream().mapToDouble(MetricsFile.Consensus::step).toArray(),
                        m.consensus.stream().mapToDouble(c -> c.quarters()[quarter]).toArray());
            }
            save(dir.root(), "consensus-quarters", quarters);
        }
    }

    /** Each member's training loss over the steps, as a moving average over a fiftieth of the run. */
    public static XYChart lossChart(MetricsFile m) {
        XYChart loss = chart("Training loss per member (moving average)", "step", "loss");
        for (int i = 0; i < m.members(); i++) {
            final int member = i;
            List<MetricsFile.StepLoss> series = m.steps.stream().filter(s -> s.member() == member).toList();
            double[] x = series.stream().mapToDouble(MetricsFile.StepLoss::step).toArray();
            double[] y = movingAverage(series.stream().mapToDouble(MetricsFile.StepLoss::loss).toArray(),
                    Math.max(1, x.length / 50));
            stepLine(loss, "member " + i, x, y);
        }
        return loss;
    }

    /** Distance to consensus over training, one line per run (the paper's Figure 2). */
    public static XYChart consensusChart(Map<String, MetricsFile> runs, String title) {
        XYChart chart = chart(title, "step", "mean distance to consensus");
        runs.forEach((label, m) -> stepLine(chart, label, m.consensus.stream().mapToDouble(MetricsFile.Consensus::step).toArray(),
                m.consensus.stream().mapToDouble(MetricsFile.Consensus::distance).toArray()));
        return chart;
    }

    /** Distance by depth quarter, one panel per quarter and one line per run (the paper's Figure 4). */
    public static void depthQuarters(Path dir, String name, Map<String, MetricsFile> runs) {
        List<XYChart> panels = new ArrayList<>();
        for (int q = 0; q < 4; q++) {
            final int quarter = q;
            XYChart panel = chart("Quarter " + (q + 1) + " of the parameters (by depth)", "step", "distance");
            panel.getStyler().setChartTitleFont(panel.getStyler().getChartTitleFont().deriveFont(13f));
            runs.forEach((label, m) -> stepLine(panel, label, m.consensus.stream().mapToDouble(MetricsFile.Consensus::step)
                    .toArray(), m.consensus.stream().mapToDouble(c -> c.quarters()[quarter]).toArray()));
            panels.add(panel);
            save(dir, name + "-q" + (q + 1), panel);
        }
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            BitmapEncoder.saveBitmap(panels, 2, 2, png, BitmapEncoder.BitmapFormat.PNG);
            AtomicFiles.write(dir.resolve(name + ".png"), png.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Accuracy against p on a log axis (the paper's Figure 5): for each group (e.g. layer schedule),
     * the uniform soup, greedy soup and ensemble. {@code points} maps group → list of {p, uniform,
     * greedy, ensemble}.
     */
    public static XYChart accuracyVsP(Map<String, List<double[]>> points) {
        XYChart chart = chart("Test accuracy against the shuffle probability p", "p", "test accuracy");
        chart.getStyler().setXAxisLogarithmic(true);
        String[] what = {"uniform soup", "greedy soup", "ensemble"};
        points.forEach((group, rows) -> {
            List<double[]> sorted = rows.stream().sorted((a, b) -> Double.compare(a[0], b[0])).toList();
            double[] x = sorted.stream().mapToDouble(r -> r[0]).toArray();
            for (int k = 0; k < what.length; k++) {
                final int col = k + 1;
                XYSeries s = line(chart, group + ": " + what[k], x, sorted.stream().mapToDouble(r -> r[col]).toArray());
                s.setMarker(SeriesMarkers.CIRCLE);
                if (k > 0) {
                    s.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                            k == 1 ? new float[] {6f, 4f} : new float[] {2f, 3f}, 0f));
                }
            }
        });
        return chart;
    }

    /** A line chart in the project's style. */
    public static XYChart chart(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        org.knowm.xchart.style.XYStyler s = chart.getStyler();
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setXAxisDecimalPattern("#,##0.###");
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setMarkerSize(5);
        return chart;
    }

    /**
     * A line over training steps: equally spaced x values, often thousands of them. XChart labels an axis
     * of equally spaced values at every k-th value (ticks such as 153, 306, 459 ...), which run into each
     * other on long runs; the last point repeated half a gap later — invisible on a line without markers
     * — makes the values unequally spaced, and XChart then picks round ticks (0, 500, 1,000 ...).
     */
    public static XYSeries stepLine(XYChart chart, String name, double[] x, double[] y) {
        if (x.length > 2) {
            x = java.util.Arrays.copyOf(x, x.length + 1);
            y = java.util.Arrays.copyOf(y, y.length + 1);
            x[x.length - 1] = x[x.length - 2] + (x[x.length - 2] - x[x.length - 3]) / 2;
            y[y.length - 1] = y[y.length - 2];
        }
        return line(chart, name, x, y);
    }

    /** Adds a line (no markers) to a chart; empty series are skipped. */
    public static XYSeries line(XYChart chart, String name, double[] x, double[] y) {
        if (x.length == 0) {
            x = new double[] {0};
            y = new double[] {Double.NaN};
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        return s;
    }

    /** Writes {@code name}.png and {@code name}.svg into {@code dir}, atomically. */
    public static void save(Path dir, String name, org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) {
        try {
            AtomicFiles.write(dir.resolve(name + ".png"),
                    BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
            ByteArrayOutputStream svg = new ByteArrayOutputStream();
            VectorGraphicsEncoder.saveVectorGraphic(chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            AtomicFiles.write(dir.resolve(name + ".svg"), svg.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot write chart (" + e.getMessage() + ")", e);
        }
    }

    static double[] movingAverage(double[] v, int window) {
        double[] out = new double[v.length];
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            sum += v[i];
            if (i >= window) {
                sum -= v[i - window];
            }
            out[i] = sum / Math.min(i + 1, window);
        }
        return out;
    }
}

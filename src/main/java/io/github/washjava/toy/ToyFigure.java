package io.github.washjava.toy;

import io.github.washjava.toy.ToyExperiment.Point;
import io.github.washjava.toy.ToyExperiment.Trajectory;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The paper's Figure 3 for this project: contour lines of the loss, local minima as upward triangles,
 * the global minimum as a downward triangle, starting points as plus signs and one trajectory colour
 * per method. A WASH or SPARTA exchange shows as a straight horizontal or vertical jump.
 */
public final class ToyFigure {
    /** The view always covers this square, widened when a trajectory leaves it. */
    public static final double HALF_WIDTH = 2.5;
    static final int GRID = 161;
    static final int LEVELS = 18;
    private static final Color CONTOUR = new Color(0xB4, 0xB4, 0xB4);
    private static final Color MARK = new Color(0x20, 0x20, 0x20);

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ToyFigure() {
    }

    /** The chart for {@code trajectories} (one per method, in legend order) on {@code loss}. */
    public static XYChart chart(ToyLoss loss, List<Trajectory> trajectories, List<Point> starts, String title) {
        double[] view = view(trajectories, starts);
        XYChart chart = new XYChartBuilder().width(820).height(880).title(title).xAxisTitle("x").yAxisTitle("y").build();
        XYStyler st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotBorderColor(Color.GRAY);
        st.setPlotGridLinesVisible(false);
        st.setLegendPosition(Styler.LegendPosition.OutsideS);
        st.setLegendLayout(Styler.LegendLayout.Horizontal);
        st.setLegendBorderColor(Color.WHITE);
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        st.setMarkerSize(14);
        st.setXAxisMin(view[0]).setXAxisMax(view[1]).setYAxisMin(view[2]).setYAxisMax(view[3]);
        st.setXAxisDecimalPattern("0.0");
        st.setYAxisDecimalPattern("0.0");
        st.setAntiAlias(true);
        st.setPlotContentSize(1.0);

        Contours.Grid grid = Contours.Grid.sample(loss::value, view[0], view[1], view[2], view[3], GRID);
        double[] levels = grid.quantileLevels(LEVELS);
        for (int l = 0; l < levels.length; l++) {
            List<double[][]> lines = Contours.lines(grid, levels[l]);
            if (lines.isEmpty()) {
                continue;
            }
            XYSeries s = line(chart, "contour " + l, joined(lines, 0), joined(lines, 1), CONTOUR, 1f);
            s.setShowInLegend(false);
        }
        // All methods share the gradient noise, so their paths coincide until the first exchange: a method drawn
        // earlier gets a wider line, which shows as a coloured rim around the later ones where they overlap.
        for (int m = 0; m < trajectories.size(); m++) {
            Trajectory t = trajectories.get(m);
            float width = 1.8f + 1.6f * (trajectories.size() - 1 - m);
            for (int point = 0; point < t.x().length; point++) {
                String name = point == 0 ? t.method().label() : t.method().label() + " (point " + point + ")";
                XYSeries s = line(chart, name, toDouble(t.x()[point]), toDouble(t.y()[point]), t.method().colour(), width);
                s.setShowInLegend(point == 0);
            }
        }
        double[] sx = starts.stream().mapToDouble(Point::x).toArray();
        double[] sy = starts.stream().mapToDouble(Point::y).toArray();
        marker(chart, "start", sx, sy, SeriesMarkers.PLUS, MARK);
        List<ToyLoss.Minimum> locals = loss.minima().stream().filter(m -> !m.global()).toList();
        marker(chart, "local minimum", locals.stream().mapToDouble(ToyLoss.Minimum::x).toArray(),
                locals.stream().mapToDouble(ToyLoss.Minimum::y).toArray(), SeriesMarkers.TRIANGLE_UP, MARK);
        ToyLoss.Minimum g = loss.global();
        marker(chart, "global minimum", new double[] {g.x()}, new double[] {g.y()}, SeriesMarkers.TRIANGLE_DOWN, MARK);
        return chart;
    }

    /** The chart as PNG bytes. */
    public static byte[] png(XYChart chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("toy figure: cannot encode PNG (" + e.getMessage() + ")", e);
        }
    }

    /** The chart as SVG bytes. */
    public static byte[] svg(XYChart chart) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            return compactLines(out.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("toy figure: cannot encode SVG (" + e.getMessage() + ")", e);
        }
    }

    private static final Pattern LINE = Pattern.compile(
            "<line style=\"([^\"]*)\" x1=\"([^\"]*)\" x2=\"([^\"]*)\" y1=\"([^\"]*)\" y2=\"([^\"]*)\"/>");

    /**
     * The SVG encoder writes every segment of a path as its own {@code <line>} with a full style; this joins
     * runs of consecutive, connected lines of one style into one {@code <polyline>} (coordinates rounded to
     * 0.01 px), which draws the same picture at a tenth of the size.
     */
    static String compactLines(String svg) {
        StringBuilder out = new StringBuilder(svg.length() / 4);
        Matcher m = LINE.matcher(svg);
        int last = 0;
        String style = null;
        String endX = null;
        String endY = null;
        StringBuilder points = null;
        while (m.find()) {
            String between = svg.substring(last, m.start());
            boolean connected = points != null && between.isBlank() && m.group(1).equals(style)
                    && m.group(2).equals(endX) && m.group(4).equals(endY);
            if (connected) {
                points.append(' ').append(px(m.group(3))).append(',').append(px(m.group(5)));
            } else {
                flushPolyline(out, style, points);
                out.append(between);
                style = m.group(1);
                points = new StringBuilder().append(px(m.group(2))).append(',').append(px(m.group(4))).append(' ')
                        .append(px(m.group(3))).append(',').append(px(m.group(5)));
            }
            endX = m.group(3);
            endY = m.group(5);
            last = m.end();
        }
        flushPolyline(out, style, points);
        out.append(svg, last, svg.length());
        return out.toString();
    }

    private static void flushPolyline(StringBuilder out, String style, StringBuilder points) {
        if (points != null) {
            out.append("<polyline style=\"").append(style).append("\" points=\"").append(points).append("\"/>");
        }
    }

    /** A coordinate rounded to 0.01 without trailing zeros: "466.5386" → "466.54", "2.0" → "2". */
    static String px(String v) {
        long hundredths = Math.round(Double.parseDouble(v) * 100);
        StringBuilder sb = new StringBuilder();
        if (hundredths < 0) {
            sb.append('-');
            hundredths = -hundredths;
        }
        sb.append(hundredths / 100);
        long frac = hundredths % 100;
        if (frac != 0) {
            sb.append('.').append(frac / 10);
            if (frac % 10 != 0) {
                sb.append(frac % 10);
            }
        }
        return sb.toString();
    }

    /** The trajectories as CSV: {@code method,point,step,x,y}, points numbered from 0, step 0 the start. */
    public static String csv(List<Trajectory> trajectories) {
        StringBuilder sb = new StringBuilder("method,point,step,x,y\n");
        for (Trajectory t : trajectories) {
            for (int point = 0; point < t.x().length; point++) {
                for (int step = 0; step <= t.steps(); step++) {
                    sb.append(t.method().key()).append(',').append(point).append(',').append(step).append(',')
                            .append(t.x()[point][step]).append(',').append(t.y()[point][step]).append('\n');
                }
            }
        }
        return sb.toString();
    }

    /** [xmin, xmax, ymin, ymax]: the ±2.5 square, widened (with a margin) to every start and trajectory point. */
    static double[] view(List<Trajectory> trajectories, List<Point> starts) {
        double[] v = {-HALF_WIDTH, HALF_WIDTH, -HALF_WIDTH, HALF_WIDTH};
        List<double[]> pts = new ArrayList<>();
        for (Point s : starts) {
            pts.add(new double[] {s.x(), s.y()});
        }
        for (Trajectory t : trajectories) {
            for (int p = 0; p < t.x().length; p++) {
                for (int k = 0; k < t.x()[p].length; k++) {
                    pts.add(new double[] {t.x()[p][k], t.y()[p][k]});
                }
            }
        }
        double margin = 0.25;
        for (double[] p : pts) {
            v[0] = Math.min(v[0], p[0] - margin);
            v[1] = Math.max(v[1], p[0] + margin);
            v[2] = Math.min(v[2], p[1] - margin);
            v[3] = Math.max(v[3], p[1] + margin);
        }
        // Keep the plot square so that distances and jumps read the same along x and y.
        double half = Math.max(v[1] - v[0], v[3] - v[2]) / 2;
        double cx = (v[0] + v[1]) / 2;
        double cy = (v[2] + v[3]) / 2;
        return new double[] {cx - half, cx + half, cy - half, cy + half};
    }

    private static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color colour, float width) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(colour);
        s.setLineStyle(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        return s;
    }

    private static void marker(XYChart chart, String name, double[] x, double[] y,
            Marker marker, Color colour) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(marker);
        s.setMarkerColor(colour);
    }

    /** Coordinate {@code c} of every line, lines separated by a NaN y (a gap in the drawn path). */
    private static double[] joined(List<double[][]> lines, int c) {
        int n = 0;
        for (double[][] l : lines) {
            n += l[0].length + 1;
        }
        double[] out = new double[n];
        int k = 0;
        for (double[][] l : lines) {
            System.arraycopy(l[c], 0, out, k, l[c].length);
            k += l[c].length;
            out[k] = c == 0 ? l[0][l[0].length - 1] : Double.NaN;
            k++;
        }
        return out;
    }

    private static double[] toDouble(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}

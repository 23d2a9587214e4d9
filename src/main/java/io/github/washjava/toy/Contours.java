package io.github.washjava.toy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleBinaryOperator;

/**
 * Contour lines of a function sampled on a regular grid (marching squares, saddle cells resolved by
 * the cell's mean value), joined into polylines so that a chart draws each line as one path.
 */
public final class Contours {
    /** A function sampled at {@code values[j][i] = f(xs[i], ys[j])}. */
    public record Grid(double[] xs, double[] ys, double[][] values) {
        /** Samples {@code f} on {@code n × n} points of [x0, x1] × [y0, y1]. */
        public static Grid sample(DoubleBinaryOperator f, double x0, double x1, double y0, double y1, int n) {
            double[] xs = new double[n];
            double[] ys = new double[n];
            for (int i = 0; i < n; i++) {
                xs[i] = x0 + (x1 - x0) * i / (n - 1);
                ys[i] = y0 + (y1 - y0) * i / (n - 1);
            }
            double[][] v = new double[n][n];
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    v[j][i] = f.applyAsDouble(xs[i], ys[j]);
                }
            }
            return new Grid(xs, ys, v);
        }

        /** {@code count} levels at evenly spaced quantiles of the sampled values, so lines spread over the area. */
        public double[] quantileLevels(int count) {
            double[] all = new double[xs.length * ys.length];
            int k = 0;
            for (double[] row : values) {
                for (double v : row) {
                    all[k++] = v;
                }
            }
            Arrays.sort(all);
            double[] levels = new double[count];
            for (int l = 0; l < count; l++) {
                levels[l] = all[(int) Math.min(all.length - 1, Math.round((l + 0.5) / count * (all.length - 1)))];
            }
            return levels;
        }
    }

    private Contours() {
    }

    /** The contour lines of {@code grid} at {@code level}, each as {x[], y[]}; closed lines repeat their first point. */
    public static List<double[][]> lines(Grid grid, double level) {
        double[] xs = grid.xs();
        double[] ys = grid.ys();
        double[][] v = grid.values();
        int nx = xs.length;
        int ny = ys.length;
        Map<Long, double[]> crossing = new HashMap<>();
        Map<Long, List<long[]>> byEdge = new HashMap<>();
        List<long[]> segments = new ArrayList<>();
        for (int j = 0; j + 1 < ny; j++) {
            for (int i = 0; i + 1 < nx; i++) {
                double a = v[j][i];
                double b = v[j][i + 1];
                double c = v[j + 1][i + 1];
                double d = v[j + 1][i];
                boolean pa = a > level;
                boolean pb = b > level;
                boolean pc = c > level;
                boolean pd = d > level;
                long bottom = horizontal(i, j, nx);
                long right = vertical(i + 1, j, nx);
                long top = horizontal(i, j + 1, nx);
                long left = vertical(i, j, nx);
                List<Long> cut = new ArrayList<>(4);
                if (pa != pb) {
                    cut.add(bottom);
                    crossing.putIfAbsent(bottom, lerp(xs[i], ys[j], xs[i + 1], ys[j], a, b, level));
                }
                if (pb != pc) {
                    cut.add(right);
                    crossing.putIfAbsent(right, lerp(xs[i + 1], ys[j], xs[i + 1], ys[j + 1], b, c, level));
                }
                if (pc != pd) {
                    cut.add(top);
                    crossing.putIfAbsent(top, lerp(xs[i + 1], ys[j + 1], xs[i], ys[j + 1], c, d, level));
                }
                if (pd != pa) {
                    cut.add(left);
                    crossing.putIfAbsent(left, lerp(xs[i], ys[j + 1], xs[i], ys[j], d, a, level));
                }
                if (cut.size() == 2) {
                    segments.add(new long[] {cut.get(0), cut.get(1)});
                } else if (cut.size() == 4) {
                    // Saddle: a and c on one side, b and d on the other. Cut off the two corners whose side
                    // differs from the cell mean's.
                    boolean centre = (a + b + c + d) / 4 > level;
                    if (centre == pa) {
                        segments.add(new long[] {bottom, right}); // corner b
                        segments.add(new long[] {top, left}); // corner d
                    } else {
                        segments.add(new long[] {left, bottom}); // corner a
                        segments.add(new long[] {right, top}); // corner c
                    }
                }
            }
        }
        for (long[] s : segments) {
            byEdge.computeIfAbsent(s[0], e -> new ArrayList<>(2)).add(s);
            byEdge.computeIfAbsent(s[1], e -> new ArrayList<>(2)).add(s);
        }
        Set<long[]> used = Collections.newSetFromMap(new IdentityHashMap<>());
        List<double[][]> out = new ArrayList<>();
        for (long[] s : segments) {
            if (used.contains(s)) {
                continue;
            }
            used.add(s);
            Deque<Long> chain = new ArrayDeque<>();
            chain.add(s[0]);
            chain.add(s[1]);
            extend(chain, byEdge, used, true);
            extend(chain, byEdge, used, false);
            double[][] line = new double[2][chain.size()];
            int k = 0;
            for (long edge : chain) {
                double[] p = crossing.get(edge);
                line[0][k] = p[0];
                line[1][k] = p[1];
                k++;
            }
            out.add(line);
        }
        return out;
    }

    private static void extend(Deque<Long> chain, Map<Long, List<long[]>> byEdge, Set<long[]> used,
            boolean forward) {
        while (true) {
            long end = forward ? chain.peekLast() : chain.peekFirst();
            long[] next = null;
            for (long[] s : byEdge.get(end)) {
                if (!used.contains(s)) {
                    next = s;
                    break;
                }
            }
            if (next == null) {
                return;
            }
            used.add(next);
            long other = next[0] == end ? next[1] : next[0];
            if (forward) {
                chain.addLast(other);
            } else {
                chain.addFirst(other);
            }
        }
    }

    private static long horizontal(int i, int j, int nx) {
        return 2L * ((long) j * nx + i);
    }

    private static long vertical(int i, int j, int nx) {
        return 2L * ((long) j * nx + i) + 1;
    }

    private static double[] lerp(double x0, double y0, double x1, double y1, double v0, double v1, double level) {
        double t = (level - v0) / (v1 - v0);
        return new double[] {x0 + t * (x1 - x0), y0 + t * (y1 - y0)};
    }
}

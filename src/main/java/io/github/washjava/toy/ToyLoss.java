package io.github.washjava.toy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The loss of the 2D illustration (docs/method.md §9, the paper's Figure 3): a sum of Gaussian wells plus a weak
 * quadratic bowl,
 *
 * <pre>
 *   f(θ) = −Σ_j d_j · exp(−‖θ − c_j‖² / (2·s_j²)) + (b/2)·‖θ‖²
 * </pre>
 *
 * The {@linkplain #standard() standard} function has two narrow local wells L1 = (−1, 1) and
 * L2 = (1, −1) of depth 1 and width 0.4 and one deeper, wider global well G = (−1, −1) of depth 1.5
 * and width 1, with b = 0.2. G combines L1's x with L2's y, so one WASH swap of either coordinate
 * between a point in L1 and a point in L2 puts one point at G and the other near (1, 1), which drains
 * into G along the diagonal because G's well is the wide one; the bowl keeps the far field from being
 * flat. The minima are those of f itself (the wells and the bowl shift them slightly from the
 * centres): {@link #minima()} finds them by gradient descent from each well centre.
 */
public final class ToyLoss {
    /** One Gaussian well: centre (x, y), depth d, width s. */
    public record Well(String name, double x, double y, double depth, double width) {
        public Well {
            if (!(depth > 0) || !(width > 0)) {
                throw new IllegalArgumentException("well " + name + ": depth and width must be positive");
            }
        }
    }

    /** A minimum of f, named after the well it belongs to. */
    public record Minimum(String name, double x, double y, double value, boolean global) {
        /** "local minimum L1 (−0.97, 0.89), f = −1.07". */
        public String describe() {
            return String.format(Locale.ROOT, "%s minimum %s (%.2f, %.2f), f = %.3f", global ? "global" : "local", name, x,
                    y, value);
        }
    }

    /** A point "ends in" a minimum when it is within this distance of it. */
    public static final double CAPTURE_RADIUS = 0.5;

    private final List<Well> wells;
    private final double bowl;
    private final List<Minimum> minima;

    public ToyLoss(List<Well> wells, double bowl) {
        if (wells.isEmpty() || !(bowl >= 0)) {
            throw new IllegalArgumentException("a toy loss needs at least one well and a bowl >= 0");
        }
        this.wells = List.copyOf(wells);
        this.bowl = bowl;
        this.minima = findMinima();
    }

    /** The documented function (docs/toy.md): L1, L2 depth 1 width 0.4; G depth 1.5 width 1; b = 0.2. */
    public static ToyLoss standard() {
        return new ToyLoss(List.of(
                new Well("L1", -1, 1, 1.0, 0.4),
                new Well("L2", 1, -1, 1.0, 0.4),
                new Well("G", -1, -1, 1.5, 1.0)), 0.2);
    }

    public List<Well> wells() {
        return wells;
    }

    public double bowl() {
        return bowl;
    }

    /** f(x, y). */
    public double value(double x, double y) {
        double v = 0.5 * bowl * (x * x + y * y);
        for (Well w : wells) {
            double dx = x - w.x();
            double dy = y - w.y();
            v -= w.depth() * Math.exp(-(dx * dx + dy * dy) / (2 * w.width() * w.width()));
        }
        return v;
    }

    /** ∇f(x, y) into {@code out[0..1]}. */
    public void gradient(double x, double y, double[] out) {
        double gx = bowl * x;
        double gy = bowl * y;
        for (Well w : wells) {
            double dx = x - w.x();
            double dy = y - w.y();
            double s2 = w.width() * w.width();
            double k = w.depth() * Math.exp(-(dx * dx + dy * dy) / (2 * s2)) / s2;
            gx += k * dx;
            gy += k * dy;
        }
        out[0] = gx;
        out[1] = gy;
    }

    /** The minima of f, one per well, in well order; exactly one is flagged global (the lowest). */
    public List<Minimum> minima() {
        return minima;
    }

    /** The lowest minimum. */
    public Minimum global() {
        return minima.stream().filter(Minimum::global).findFirst().orElseThrow();
    }

    /** The minimum within {@link #CAPTURE_RADIUS} of (x, y), if any. */
    public Optional<Minimum> minimumNear(double x, double y) {
        for (Minimum m : minima) {
            if (Math.hypot(x - m.x(), y - m.y()) < CAPTURE_RADIUS) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** The function as one line of text, for outputs and docs. */
    public String formula() {
        StringBuilder sb = new StringBuilder("f(x, y) =");
        for (Well w : wells) {
            sb.append(String.format(Locale.ROOT, " − %s·exp(−‖θ − (%s, %s)‖² / (2·%s²))", num(w.depth()), num(w.x()),
                    num(w.y()), num(w.width())));
        }
        sb.append(String.format(Locale.ROOT, " + %s·‖θ‖²", num(bowl / 2)));
        return sb.toString();
    }

    private static String num(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** Gradient descent from each well centre until the gradient vanishes. */
    private List<Minimum> findMinima() {
        List<double[]> found = new ArrayList<>();
        double[] g = new double[2];
        for (Well w : wells) {
            double x = w.x();
            double y = w.y();
            double step = 0.5 / maxCurvature();
            for (int i = 0; i < 200_000; i++) {
                gradient(x, y, g);
                if (Math.hypot(g[0], g[1]) < 1e-12) {
                    break;
                }
                x -= step * g[0];
                y -= step * g[1];
            }
            found.add(new double[] {x, y, value(x, y)});
        }
        int lowest = 0;
        for (int i = 1; i < found.size(); i++) {
            if (found.get(i)[2] < found.get(lowest)[2]) {
                lowest = i;
            }
        }
        List<Minimum> out = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            double[] m = found.get(i);
            out.add(new Minimum(wells.get(i).name(), m[0], m[1], m[2], i == lowest));
        }
        return Collections.unmodifiableList(out);
    }

    /** An upper bound on the Hessian's largest eigenvalue, for a stable descent step. */
    private double maxCurvature() {
        double c = bowl;
        for (Well w : wells) {
            c += w.depth() / (w.width() * w.width());
        }
        return c;
    }
}

package io.github.washjava.toy;

import io.github.washjava.util.Seeds;
import io.github.washjava.exchange.Exchange;
import io.github.washjava.exchange.ExchangeContext;
import io.github.washjava.population.InitMode;
import io.github.washjava.population.Population;
import io.github.washjava.train.Sgd;
import io.github.washjava.train.TrainingDivergedException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The 2D illustration (docs/method.md §9): two points, each a {@link PointModel} member of a population of two,
 * train with plain SGD on a {@link ToyLoss} under one {@link ToyMethod}'s exchange.
 *
 * <p>Each step: every point's gradient is g_i = ∇f(θ_i) + σ·ξ_i with ξ_i ~ N(0, I) (the "gradient
 * noise", standing in for minibatch noise); every point takes a plain SGD step θ_i ← θ_i − η·g_i
 * (constant η, no momentum, no weight decay: what {@link Sgd} computes with momentum 0 and weight decay
 * 0, written straight into the float32 parameter because Sgd's libtorch calls would cost far more than
 * the two-parameter model); then the exchange runs, exactly as the image trainer calls it. The
 * noise of point i is the stream {@code Seeds.derive(seed, "toy-noise", i)} and the shuffle's stream
 * derives from {@code Seeds.derive(seed, "toy-shuffle")}, so for one seed every method sees the same
 * noise and differs only by its exchange.
 */
public final class ToyExperiment {
    /** A point of the plane. */
    public record Point(double x, double y) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s,%s", x, y);
        }
    }

    /**
     * The toy's settings; {@link #defaults()} are the documented ones (docs/toy.md).
     *
     * @param starts the two starting points
     * @param lr constant SGD learning rate
     * @param steps optimizer steps
     * @param noise σ of the Gaussian noise added to each gradient coordinate
     * @param p WASH/SPARTA probability of selecting each coordinate at each step
     * @param papaAlpha PAPA's α (β = 1 − α per pull, the learning rate being constant)
     * @param papaEvery PAPA's period T in steps
     * @param seed run seed
     */
    public record Options(List<Point> starts, double lr, int steps, double noise, double p, double papaAlpha,
            int papaEvery, long seed) {
        public Options {
            starts = List.copyOf(starts);
        }

        public static final List<Point> DEFAULT_STARTS = List.of(new Point(-2.0, 1.6), new Point(1.0, -0.3));

        /** Starts (−2, 1.6) and (1, −0.3), lr 0.1, 1000 steps, noise 0.2, p 0.0075, PAPA α 0.5 every step, seed 0. */
        public static Options defaults() {
            return new Options(DEFAULT_STARTS, 0.1, 1000, 0.2, 0.0075, 0.5, 1, 0);
        }

        public Options withSeed(long newSeed) {
            return new Options(starts, lr, steps, noise, p, papaAlpha, papaEvery, newSeed);
        }

        /** Every problem, one line each ({@code <option>: expected ..., found ...}); empty when valid. */
        public List<String> problems() {
            List<String> out = new ArrayList<>();
            if (starts.size() != 2) {
                out.add("start: expected exactly two starting points, found " + starts.size());
            }
            for (Point s : starts) {
                if (!Double.isFinite(s.x()) || !Double.isFinite(s.y())) {
                    out.add("start: expected finite coordinates, found " + s);
                }
            }
            if (!(lr > 0) || Double.isInfinite(lr)) {
                out.add("lr: expected a positive number, found " + lr);
            }
            if (steps < 1) {
                out.add("steps: expected an integer >= 1, found " + steps);
            }
            if (!(noise >= 0) || Double.isInfinite(noise)) {
                out.add("noise: expected a number >= 0, found " + noise);
            }
            if (!(p >= 0 && p <= 1)) {
                out.add("p: expected a value in [0, 1], found " + p);
            }
            if (!(papaAlpha >= 0 && papaAlpha <= 1)) {
                out.add("papa-alpha: expected a value in [0, 1], found " + papaAlpha);
            }
            if (papaEvery < 1) {
                out.add("papa-every: expected an integer >= 1, found " + papaEvery);
            }
            return out;
        }
    }

    /** The path of both points: position after step t (t = 0 is the start), float32 as trained. */
    public record Trajectory(ToyMethod method, float[][] x, float[][] y, long valuesSent) {
        /** Optimizer steps taken (the path has steps + 1 positions). */
        public int steps() {
            return x[0].length - 1;
        }

        public Point at(int point, int step) {
            return new Point(x[point][step], y[point][step]);
        }

        public Point end(int point) {
            return at(point, steps());
        }
    }

    /** Where the two points ended: the minimum each is in, if any (within {@link ToyLoss#CAPTURE_RADIUS}). */
    public record Outcome(Optional<ToyLoss.Minimum> first, Optional<ToyLoss.Minimum> second) {
        /** Both points in the global minimum. */
        public boolean bothGlobal() {
            return first.filter(ToyLoss.Minimum::global).isPresent() && second.filter(ToyLoss.Minimum::global).isPresent();
        }

        /** Both points in one minimum (whichever). */
        public boolean sameMinimum() {
            return first.isPresent() && second.isPresent() && first.get().name().equals(second.get().name());
        }

        /** The points in two different local (non-global) minima. */
        public boolean twoLocalMinima() {
            return first.isPresent() && second.isPresent() && !first.get().global() && !second.get().global()
                    && !first.get().name().equals(second.get().name());
        }

        /** "L1 + L2", "G + G", "G + none". */
        public String label() {
            return first.map(ToyLoss.Minimum::name).orElse("none") + " + "
                    + second.map(ToyLoss.Minimum::name).orElse("none");
        }
    }

    /** Sees each exchange that moved values: positions right before and right after it ([point][x or y]). */
    @FunctionalInterface
    public interface ExchangeObserver {
        void exchanged(long step, float[][] before, float[][] after, long valuesSent);
    }

    private final ToyLoss loss;
    private final Options options;

    public ToyExperiment(ToyLoss loss, Options options) {
        List<String> problems = options.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        this.loss = loss;
        this.options = options;
    }

    public ToyLoss loss() {
        return loss;
    }

    public Options options() {
        return options;
    }

    public Trajectory run(ToyMethod method) {
        return run(method, null);
    }

    /** Trains both points under {@code method}; {@code observer} (may be null) sees every exchange that moved values. */
    public Trajectory run(ToyMethod method, ExchangeObserver observer) {
        int n = options.starts().size();
        int steps = options.steps();
        Population population = Population.create(PointModel::new, n, InitMode.DIFFERENT, options.seed());
        Exchange exchange = method.exchange(options);
        FloatBuffer[] position = new FloatBuffer[n];
        SplittableRandom[] noise = new SplittableRandom[n];
        for (int i = 0; i < n; i++) {
            position[i] = population.members().get(i).parameters().get(0).createBuffer();
            position[i].put(0, (float) options.starts().get(i).x()).put(1, (float) options.starts().get(i).y());
            noise[i] = new SplittableRandom(Seeds.derive(options.seed(), "toy-noise", i));
        }
        float[][] xs = new float[n][steps + 1];
        float[][] ys = new float[n][steps + 1];
        record(position, xs, ys, 0);
        double[] g = new double[2];
        float lr = (float) options.lr();
        float[][] before = new float[n][2];
        long sent = 0;
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < n; i++) {
                float x = position[i].get(0);
                float y = position[i].get(1);
                loss.gradient(x, y, g);
                float gx = (float) (g[0] + options.noise() * noise[i].nextGaussian());
                float gy = (float) (g[1] + options.noise() * noise[i].nextGaussian());
                position[i].put(0, x - lr * gx).put(1, y - lr * gy); // plain SGD: θ ← θ − η·g, in float32
            }
            if (observer != null) {
                snapshot(position, before);
            }
            long moved = exchange.afterStep(new ExchangeContext(population, t, 0, 1, steps, options.lr(), options.lr(),
                    t == steps - 1));
            sent += moved;
            if (observer != null && moved > 0) {
                float[][] after = new float[n][2];
                snapshot(position, after);
                observer.exchanged(t, copy(before), after, moved);
            }
            record(position, xs, ys, t + 1);
            for (int i = 0; i < n; i++) {
                if (!Float.isFinite(xs[i][t + 1]) || !Float.isFinite(ys[i][t + 1])) {
                    throw new TrainingDivergedException(String.format(Locale.ROOT,
                            "toy: point %d of %s diverged (non-finite position) at step %d; lower --lr (found %s)",
                            i, method.key(), t, options.lr()));
                }
            }
        }
        return new Trajectory(method, xs, ys, sent);
    }

    /** Runs every method in {@code methods} with this experiment's options. */
    public List<Trajectory> runAll(List<ToyMethod> methods) {
        List<Trajectory> out = new ArrayList<>();
        for (ToyMethod m : methods) {
            out.add(run(m));
        }
        return out;
    }

    /** Where the trajectory's two points ended. */
    public Outcome outcome(Trajectory t) {
        Point a = t.end(0);
        Point b = t.end(1);
        return new Outcome(loss.minimumNear(a.x(), a.y()), loss.minimumNear(b.x(), b.y()));
    }

    private static void record(FloatBuffer[] position, float[][] xs, float[][] ys, int t) {
        for (int i = 0; i < position.length; i++) {
            xs[i][t] = position[i].get(0);
            ys[i][t] = position[i].get(1);
        }
    }

    private static void snapshot(FloatBuffer[] position, float[][] into) {
        for (int i = 0; i < position.length; i++) {
            into[i][0] = position[i].get(0);
            into[i][1] = position[i].get(1);
        }
    }

    private static float[][] copy(float[][] a) {
        float[][] out = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }
}

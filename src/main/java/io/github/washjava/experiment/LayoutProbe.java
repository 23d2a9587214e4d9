package io.github.washjava.experiment;

import io.github.washjava.collective.SingleProcess;
import io.github.washjava.data.BatchBuilder;
import io.github.washjava.data.DataBundle;
import io.github.washjava.data.Regularization;
import io.github.washjava.exchange.IndependentExchange;
import io.github.washjava.model.ActivationLayout;
import io.github.washjava.model.ComputeDevice;
import io.github.washjava.model.ModelSpec;
import io.github.washjava.model.Models;
import io.github.washjava.population.InitMode;
import io.github.washjava.population.Layout;
import io.github.washjava.population.MemberExecutor;
import io.github.washjava.population.Placement;
import io.github.washjava.population.Population;
import io.github.washjava.train.CosineSchedule;
import io.github.washjava.train.Sgd;
import io.github.washjava.train.Trainer;
import io.github.washjava.train.TrainingData;
import io.github.washjava.train.TrainingListener;
import io.github.washjava.util.Stats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.bytedeco.javacpp.PointerScope;

/**
 * Chooses how a process spends its cores on its members by measuring. Which layout is fastest —
 * members one after another with every core inside their ops, or several members at once with fewer
 * threads each — depends on the model and on the machine's state at the moment (on a shared 2-core
 * machine two intra-op threads once ran a small CNN 5× slower than one, and as fast on another day),
 * so no fixed rule is right: a few training steps of each candidate, on as many throw-away members of
 * the run's own model and data as the run has, in interleaved rounds, decide. The run's own members,
 * data order and random streams are untouched.
 */
public final class LayoutProbe {
    /** Steps before timing starts (first-call allocation, oneDNN primitive creation). */
    static final int WARMUP_STEPS = 2;
    /** Timed steps per candidate and round. */
    static final int TIMED_STEPS = 3;
    static final int ROUNDS = 2;
    /**
     * Untimed passes of every candidate before the timed rounds: a process's first steps (JIT, oneDNN
     * primitives, the heap growing) are slow, and counted against whichever candidate ran first; one
     * member at a time read 55–65% of its real speed for the small CNN without them (docs/benchmarks.md).
     */
    static final int WARMUP_PASSES = 1;
    /**
     * A population step at least this long is measured with one untimed and one timed step a round and a
     * pass of two: a step this long averages out the noise that many short ones are needed for, and the
     * probe of five ResNet-18s took 141 s with the full count (docs/benchmarks.md).
     */
    static final double LONG_STEP_SECONDS = 1.0;
    /**
     * Short steps are timed for at least this long a candidate and round (up to {@link #MAX_TIMED_STEPS}
     * steps): five steps of the MLP's 5–10 ms population step read half its speed and chose the slower
     * layout (docs/benchmarks.md).
     */
    static final double MIN_ROUND_SECONDS = 0.25;
    static final int MAX_TIMED_STEPS = 50;

    /** The chosen layout and what each candidate measured (images per second of the whole population). */
    public record Choice(Layout layout, Map<Layout, Double> imagesPerSecond, double seconds, String note) {
        /** One line for the console: the choice and the candidates' numbers. */
        public String describe() {
            if (imagesPerSecond.isEmpty()) {
                return layout + (note.isEmpty() ? "" : " (" + note + ")");
            }
            StringBuilder s = new StringBuilder(layout + " (measured ");
            String sep = "";
            for (Map.Entry<Layout, Double> e : imagesPerSecond.entrySet()) {
                s.append(sep).append(e.getKey().shortForm()).append(": ")
                        .append(String.format(java.util.Locale.ROOT, "%,.0f", e.getValue())).append(" img/s");
                sep = ", ";
            }
            return s.append(String.format(java.util.Locale.ROOT, " in %.1f s)", seconds)).toString();
        }
    }

    private LayoutProbe() {
    }

    /**
     * The layouts worth measuring for {@code members} local members on {@code cores} cores: T members
     * at once (1, the powers of two below, and min(cores, members)), each with cores / T intra-op
     * threads. A requested thread count or intra-op count ({@code > 0}) fixes that side.
     */
    public static List<Layout> candidates(int cores, int members, int requestedThreads, int requestedIntraOp) {
        int maxThreads = Math.max(1, Math.min(cores, members));
        TreeSet<Integer> threadCounts = new TreeSet<>();
        if (requestedThreads > 0) {
            threadCounts.add(Math.min(requestedThreads, Math.max(1, members)));
        } else {
            for (int t = 1; t <= maxThreads; t *= 2) {
                threadCounts.add(t);
            }
            threadCounts.add(maxThreads);
        }
        List<Layout> out = new ArrayList<>();
        for (int t : threadCounts) {
            int intra = requestedIntraOp > 0 ? requestedIntraOp : Math.max(1, cores / t);
            if (requestedThreads > 0 || requestedIntraOp == 0 || (long) t * intra <= Math.max(cores, intra)) {
                out.add(new Layout(t, intra));
            }
        }
        return out;
    }

    /**
     * Whether a run of {@code totalSteps} is long enough for the measurement to pay: at its usual count of
     * steps it steps the run's population at most a tenth as many times as the run does (shorter runs take
     * the first candidate, one member at a time with every core inside its ops). Steps so short that
     * {@link #MIN_ROUND_SECONDS} times them for longer add at most that much a candidate, pass and round: a
     * few seconds.
     */
    public static boolean worthMeasuring(List<Layout> candidates, long totalSteps) {
        long probeSteps = (long) candidates.size() * (WARMUP_PASSES + ROUNDS) * (WARMUP_STEPS + TIMED_STEPS);
        return candidates.size() > 1 && 10 * probeSteps <= totalSteps;
    }

    /** A layout taken without measuring, and why. */
    public static Choice unmeasured(Layout layout, String note) {
        return new Choice(layout, Map.of(), 0, note);
    }

    /**
     * Measures every candidate on throw-away members of {@code spec} trained on {@code data} with the
     * run's batch size and optimizer, and returns the fastest; a single candidate is returned
     * unmeasured.
     */
    public static Choice choose(List<Layout> candidates, ModelSpec spec, DataBundle data, int batchSize, int members,
            Sgd sgd, long seed) {
        return choose(candidates, spec, data, batchSize, members, sgd, seed, ComputeDevice.CPU,
                ActivationLayout.CHANNELS_LAST);
    }

    /**
     * As {@link #choose(List, ModelSpec, DataBundle, int, int, Sgd, long)}, the members on {@code device}
     * with their activations in {@code activations}, as the run's.
     */
    public static Choice choose(List<Layout> candidates, ModelSpec spec, DataBundle data, int batchSize, int members,
            Sgd sgd, long seed, ComputeDevice device, ActivationLayout activations) {
        if (candidates.size() == 1) {
            return unmeasured(candidates.get(0), "");
        }
        long t0 = System.nanoTime();
        Map<Layout, List<Double>> stepSeconds = new LinkedHashMap<>();
        candidates.forEach(c -> stepSeconds.put(c, new ArrayList<>()));
        // Each candidate steps as many throw-away members as the run has, on threads it keeps for the whole
        // measurement, as the run will: timing a single wave of `threads` members and multiplying by the
        // waves read two members at a time at 0.6-0.7 of what five then trained at on a machine where two
        // members stepping together slow each other and the odd fifth one steps alone (docs/benchmarks.md).
        List<MemberExecutor> executors = new ArrayList<>();
        try {
            candidates.forEach(c -> executors.add(c.executor()));
            // The first candidate's first two steps say how long a step is (the second: the first one
            // creates the kernels), and so how many steps the measurement needs.
            List<Double> firstTwo = stepSeconds(members, executors.get(0), spec, data, batchSize, sgd, seed, device,
                    activations, 0, 2);
            double step = firstTwo.get(1);
            boolean longSteps = step >= LONG_STEP_SECONDS;
            int warmup = longSteps ? 1 : WARMUP_STEPS;
            int timed = longSteps ? 1
                    : Math.max(TIMED_STEPS, Math.min(MAX_TIMED_STEPS, (int) Math.ceil(MIN_ROUND_SECONDS / step)));
            for (int pass = 0; pass < WARMUP_PASSES; pass++) {
                for (int c = 0; c < candidates.size(); c++) {
                    int steps = warmup + timed - (pass == 0 && c == 0 ? firstTwo.size() : 0);
                    if (steps > 0) {
                        stepSeconds(members, executors.get(c), spec, data, batchSize, sgd, seed, device, activations,
                                steps, 0);
                    }
                }
            }
            for (int round = 0; round < ROUNDS; round++) {
                for (int k = 0; k < candidates.size(); k++) {
                    int c = candidateAt(round, k, candidates.size());
                    stepSeconds.get(candidates.get(c)).addAll(stepSeconds(members, executors.get(c), spec,
                            data, batchSize, sgd, seed, device, activations, warmup, timed));
                }
            }
        } finally {
            executors.forEach(MemberExecutor::close);
        }
        Map<Layout, Double> throughput = new LinkedHashMap<>();
        Layout best = null;
        for (Layout c : candidates) {
            double perSecond = members * (double) batchSize / Stats.median(stepSeconds.get(c));
            throughput.put(c, perSecond);
            if (best == null || perSecond > throughput.get(best)) {
                best = c;
            }
        }
        return new Choice(best, throughput, (System.nanoTime() - t0) / 1e9, "");
    }

    /**
     * Which of {@code n} candidates runs {@code k}-th in timed round {@code round}: every other round in
     * reverse order (A B, B A), so that what drifts over the measurement — the JIT compiling the trainer in
     * a fresh process, a neighbour's load — weighs on every candidate alike, where a fixed order put it on
     * the first one in every round (docs/benchmarks.md).
     */
    static int candidateAt(int round, int k, int n) {
        return round % 2 == 0 ? k : n - 1 - k;
    }

    /**
     * Seconds of each of {@code timed} steps, after {@code warmup} untimed ones, of {@code layout.threads()}
     * throw-away members of {@code spec} (activations in {@code activations}) stepping at once on
     * {@code data} (also the trainer's side of {@code wash bench-loader}).
     */
    public static List<Double> stepSeconds(Layout layout, ModelSpec spec, DataBundle data, int batchSize, Sgd sgd,
            long seed, ComputeDevice device, ActivationLayout activations, int warmup, int timed) {
        try (MemberExecutor executor = layout.executor()) {
            return stepSeconds(layout.threads(), executor, spec, data, batchSize, sgd, seed, device, activations, warmup,
                    timed);
        }
    }

    private static List<Double> stepSeconds(int n, MemberExecutor executor, ModelSpec spec, DataBundle data,
            int batchSize, Sgd sgd, long seed, ComputeDevice device, ActivationLayout activations, int warmup, int timed) {
        List<Double> seconds = new ArrayList<>();
        try (PointerScope scope = new PointerScope()) {
            Population probe = Population.create(() -> Models.create(spec).activationLayout(activations), InitMode.SAME, seed, Placement.single(n),
                    new SingleProcess(), device);
            TrainingData td = new TrainingData(data.train(), new BatchBuilder(data.train(), data.normalization(),
                    data.augmentation()), batchSize, Regularization.homogeneous(n), seed);
            int steps = warmup + timed;
            if (data.train().decodesFiles()) {
                // As in the run: images decoded ahead in loader threads, so the probe times the model, not the decoder.
                td.prefetching(Runtime.getRuntime().availableProcessors(), steps);
            }
            int epochs = (steps + td.stepsPerEpoch() - 1) / td.stepsPerEpoch();
            TrainingListener timer = new TrainingListener() {
                @Override
                public void onStep(StepRecord r) {
                    if (r.step() >= warmup) {
                        seconds.add(r.stepSeconds());
                    }
                }
            };
            new Trainer(probe, td, new CosineSchedule(0.01, 0.01, steps)).optimizer(sgd)
                    .exchange(new IndependentExchange()).executor(executor).listeners(List.of(timer)).fit(epochs, steps);
        }
        return seconds;
    }
}

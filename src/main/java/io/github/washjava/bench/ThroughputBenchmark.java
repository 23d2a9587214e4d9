package io.github.washjava.bench;

import io.github.washjava.collective.SingleProcess;
import io.github.washjava.model.ActivationLayout;
import io.github.washjava.model.ComputeDevice;
import io.github.washjava.population.Placement;
import io.github.washjava.util.Stats;
import io.github.washjava.data.BatchBuilder;
import io.github.washjava.data.DataBundle;
import io.github.washjava.data.Regularization;
import io.github.washjava.exchange.Exchange;
import io.github.washjava.exchange.ExchangeContext;
import io.github.washjava.experiment.LayoutProbe;
import io.github.washjava.exchange.IndependentExchange;
import io.github.washjava.exchange.WashExchange;
import io.github.washjava.exchange.WashOptions;
import io.github.washjava.model.ModelSpec;
import io.github.washjava.model.Models;
import io.github.washjava.train.CosineSchedule;
import io.github.washjava.train.Sgd;
import io.github.washjava.population.InitMode;
import io.github.washjava.population.Layout;
import io.github.washjava.population.MemberExecutor;
import io.github.washjava.population.Population;
import io.github.washjava.train.Trainer;
import io.github.washjava.train.TrainingData;
import io.github.washjava.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Measures training throughput side by side in one process, in interleaved rounds so machine noise
 * hits every variant alike (each round in a rotated order), and reports medians:
 * one member alone (all cores inside its ops), the population one member after another (all cores
 * inside ops), the population in parallel threads (one intra-op thread each), and the parallel
 * population with the WASH shuffle, whose extra time is the shuffle's share of a step; and the
 * layout a run measures at its start ({@link LayoutProbe}), to check that the default is near the best;
 * and the sequential population with contiguous (NCHW) activations, to check the default channels-last
 * layout ({@link ActivationLayout}) against PyTorch's usual one.
 */
public final class ThroughputBenchmark {
    /** One measured variant: images per second in each round. */
    public record Variant(String name, int members, int threads, int intraOpThreads, ActivationLayout activations,
            List<Double> imagesPerSecond, List<Double> exchangeShare, List<Double> exchangeMillisPerStep) {
        Variant(String name, int members, int threads, int intraOpThreads, ActivationLayout activations) {
            this(name, members, threads, intraOpThreads, activations, new ArrayList<>(), new ArrayList<>(),
                    new ArrayList<>());
        }

        /** The threads × intra-op threads this variant runs its members in. */
        public Layout layout() {
            return new Layout(threads, intraOpThreads);
        }

        public double median() {
            return Stats.median(imagesPerSecond);
        }

        public double medianExchangeShare() {
            return Stats.median(exchangeShare);
        }

        public double medianExchangeMillis() {
            return Stats.median(exchangeMillisPerStep);
        }
    }

    private final DataBundle data;
    private final ModelSpec spec;
    private final int population;
    private final int steps;
    private final double p;
    private final int cores;
    private ComputeDevice device = ComputeDevice.CPU;
    private ActivationLayout activations = ActivationLayout.CHANNELS_LAST;

    public ThroughputBenchmark(DataBundle data, ModelSpec spec, int population, int steps, double p, int cores) {
        this.data = data;
        this.spec = spec;
        this.population = population;
        this.steps = steps;
        this.p = p;
        this.cores = cores;
    }

    /** Where the members live (default the CPU). */
    public ThroughputBenchmark device(ComputeDevice value) {
        this.device = value;
        return this;
    }

    /** The activation layout of every variant but the contiguous one (default channels-last). */
    public ThroughputBenchmark activations(ActivationLayout value) {
        this.activations = value;
        return this;
    }

    /** The layout a run would choose at its start (measured once, before the rounds). */
    public LayoutProbe.Choice autoLayout() {
        return LayoutProbe.choose(LayoutProbe.candidates(cores, population, 0, 0), spec, data, 64, population,
                new Sgd(Sgd.Options.paperDefaults()), 1, device, activations);
    }

    /**
     * Runs {@code rounds} interleaved rounds of every variant; with {@code auto} given, also the
     * population in that layout (the default of {@code wash train}), to compare with the best variant.
     */
    public List<Variant> run(int rounds, LayoutProbe.Choice auto) {
        return run(rounds, auto, Set.of(Kind.values()));
    }

    /** The variants a benchmark can run. */
    public enum Kind {
        ONE, SEQUENTIAL, CONTIGUOUS, MEASURED, PARALLEL, WASH, SHUFFLE
    }

    /** The same, with only the variants of {@code kinds} ({@link Kind#MEASURED} needs {@code auto}). */
    public List<Variant> run(int rounds, LayoutProbe.Choice auto, Set<Kind> kinds) {
        int parallel = Math.min(cores, population);
        int intra = Math.max(1, cores / parallel);
        List<Variant> variants = new ArrayList<>();
        if (kinds.contains(Kind.ONE)) {
            variants.add(new Variant("one member", 1, 1, cores, activations));
        }
        if (kinds.contains(Kind.SEQUENTIAL)) {
            variants.add(new Variant("population, sequential", population, 1, cores, activations));
        }
        if (kinds.contains(Kind.CONTIGUOUS)) {
            variants.add(new Variant("population, sequential, contiguous activations", population, 1, cores,
                    ActivationLayout.CONTIGUOUS));
        }
        if (kinds.contains(Kind.MEASURED) && auto != null) {
            variants.add(new Variant("population, measured layout (the default)", population, auto.layout().threads(),
                    auto.layout().intraOpThreads(), activations));
        }
        if (kinds.contains(Kind.PARALLEL)) {
            variants.add(new Variant("population, parallel", population, parallel, intra, activations));
        }
        if (kinds.contains(Kind.WASH)) {
            variants.add(new Variant("population, parallel + WASH p=" + p, population, parallel, intra, activations));
        }
        if (!variants.isEmpty()) {
            // One untimed run first: in a fresh process the first variant would otherwise also pay for the
            // JIT compiling the trainer and libtorch creating its kernels, and read as the slowest.
            Variant first = variants.get(0);
            measure(first.members(), first.threads(), first.intraOpThreads(), first.activations(), false);
        }
        for (int r = 0; r < rounds; r++) {
            // Each round starts one variant later, so no variant holds the same place (first after the
            // warm-up, or right after a variant of another layout) in every round.
            for (int k = 0; k < variants.size(); k++) {
                Variant v = variants.get((r + k) % variants.size());
                boolean wash = v.name().contains("WASH");
                double[] measured = measure(v.members(), v.threads(), v.intraOpThreads(), v.activations(), wash);
                v.imagesPerSecond().add(measured[0]);
                v.exchangeShare().add(measured[1]);
                v.exchangeMillisPerStep().add(measured[2]);
            }
        }
        return variants;
    }

    /**
     * Milliseconds per WASH shuffle of the population alone, in steady state: {@code warmup} shuffles
     * (the JIT compiles the loops) and then {@code rounds} rounds of {@code shuffles} timed ones; one
     * value per round. Inside a short benchmark run the shuffle stays interpreted and reads as slower.
     */
    public List<Double> shuffleMillis(int rounds, int shuffles, int warmup) {
        Population pop = population(population, activations);
        WashExchange wash = new WashExchange(WashOptions.defaults().withP(p), 1);
        long step = 0;
        for (int i = 0; i < warmup; i++) {
            wash.afterStep(context(pop, step++));
        }
        List<Double> out = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < shuffles; i++) {
                wash.afterStep(context(pop, step++));
            }
            device.synchronize(pop.parameters(0)[0]); // on a GPU the ops above may still be queued
            out.add((System.nanoTime() - t0) / 1e6 / shuffles);
        }
        return out;
    }

    private Population population(int members, ActivationLayout layout) {
        return Population.create(() -> Models.create(spec).activationLayout(layout), InitMode.SAME, 1,
                Placement.single(members), new SingleProcess(), device);
    }

    private static ExchangeContext context(Population pop, long step) {
        return new ExchangeContext(pop, step, 0, 1, Long.MAX_VALUE, 0.1, 0.1, false);
    }

    /** {images/s, exchange share, exchange ms per step} of one short training run (first epoch's warm-up steps excluded). */
    private double[] measure(int members, int threads, int intraOp, ActivationLayout layout, boolean wash) {
        Population pop = population(members, layout);
        TrainingData td = new TrainingData(data.train(), new BatchBuilder(data.train(), data.normalization(),
                data.augmentation()), 64, Regularization.homogeneous(members), 1);
        Exchange exchange = wash && members > 1
                ? new WashExchange(WashOptions.defaults().withP(p), 1)
                : new IndependentExchange();
        int warmup = 5;
        List<double[]> timings = new ArrayList<>();
        TrainingListener timer = new TrainingListener() {
            @Override
            public void onStep(StepRecord r) {
                if (r.step() >= warmup) {
                    timings.add(new double[] {r.stepSeconds(), r.exchangeSeconds(), r.batchSize() * members});
                }
            }
        };
        try (MemberExecutor executor = new MemberExecutor(threads, intraOp)) {
            int perEpoch = td.stepsPerEpoch();
            if (perEpoch < steps + warmup) {
                throw new IllegalArgumentException("bench needs " + (steps + warmup) + " batches per epoch, the data has "
                        + perEpoch);
            }
            new Trainer(pop, td, new CosineSchedule(0.05, 0.05, perEpoch)).exchange(exchange).executor(executor)
                    .listeners(List.of(timer)).fit(1, steps + warmup);
        }
        double seconds = 0;
        double exchangeSeconds = 0;
        double images = 0;
        for (double[] t : timings) {
            seconds += t[0];
            exchangeSeconds += t[1];
            images += t[2];
        }
        return new double[] {images / seconds, exchangeSeconds / seconds, 1000 * exchangeSeconds / timings.size()};
    }
}

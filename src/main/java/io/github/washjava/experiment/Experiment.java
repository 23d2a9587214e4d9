package io.github.washjava.experiment;

import io.github.washjava.collective.Collective;
import io.github.washjava.collective.SingleProcess;
import io.github.washjava.config.ConfigLoader;
import io.github.washjava.config.TrainConfig;
import io.github.washjava.data.DataBundle;
import io.github.washjava.data.Datasets;
import io.github.washjava.eval.ConsensusTracker;
import io.github.washjava.eval.EvaluationTracker;
import io.github.washjava.eval.Evaluator;
import io.github.washjava.eval.FinalEvaluation;
import io.github.washjava.exchange.ExchangeContext;
import io.github.washjava.population.Layout;
import io.github.washjava.population.MemberExecutor;
import io.github.washjava.population.Population;
import io.github.washjava.report.MetricsLog;
import io.github.washjava.report.ProgressReporter;
import io.github.washjava.report.RunDirectory;
import io.github.washjava.report.RunResult;
import io.github.washjava.train.Checkpoints;
import io.github.washjava.train.RecordSink;
import io.github.washjava.train.Trainer;
import io.github.washjava.train.TrainerState;
import io.github.washjava.train.TrainingListener;
import io.github.washjava.util.AtomicFiles;
import io.github.washjava.util.Json;
import io.github.washjava.util.ProcessMemory;
import io.github.washjava.util.Stats;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.DoubleBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;

/**
 * One training run from a resolved config — what {@code wash train} calls, and what a Java user
 * calls the same way:
 *
 * <pre>{@code
 * Experiment experiment = new Experiment(config);
 * DataBundle data = experiment.loadData();
 * RunSetup setup = experiment.prepare(data);          // the population, data views, exchange: nothing written
 * RunResult result = experiment.run(setup, RunDirectory.create(null, "my-run"));
 * }</pre>
 *
 * {@link #run} trains ({@link Trainer} with metrics, trackers and checkpoints), evaluates the members,
 * the ensemble and both soups ({@link FinalEvaluation}) and writes the run directory
 * ({@link RunArtifacts}). With a {@link #collective} of several ranks, every rank calls it with its
 * share of the members; rank 0 writes the run directory and returns the result, the others return
 * null.
 */
public final class Experiment implements Stoppable {
    private final TrainConfig config;
    private PrintStream progress;
    private Collective collective = new SingleProcess();
    private int cores = Runtime.getRuntime().availableProcessors();
    private volatile boolean stopRequested;
    private volatile Trainer trainer;
    /** Layouts measured in this process, per model, data, batch and members: a sweep measures once. */
    private static final Map<String, LayoutProbe.Choice> PROBED = new java.util.concurrent.ConcurrentHashMap<>();
    static final String LAYOUT_FILE = "layout.json";

    public Experiment(TrainConfig config) {
        this.config = config;
    }

    /** Where the progress bar goes (stderr); none by default. Only rank 0 draws one. */
    public Experiment progress(PrintStream out) {
        this.progress = out;
        return this;
    }

    /** The ranks this process trains with (default: this process alone). */
    public Experiment collective(Collective value) {
        this.collective = value;
        return this;
    }

    /** Cores this process may use (default: all; a rank sharing a machine gets its share). */
    public Experiment cores(int value) {
        this.cores = Math.max(1, value);
        return this;
    }

    public TrainConfig config() {
        return config;
    }

    /** Loads the config's data; every data problem is reported before anything is written. */
    public DataBundle loadData() {
        return DataCache.load(config);
    }

    /** Builds the run (population, data views, schedule, exchange); nothing is written. */
    public RunSetup prepare(DataBundle data) {
        return RunSetup.build(config, data, collective);
    }

    /** Prepares and trains a new run into {@code dir}. */
    public RunResult run(DataBundle data, RunDirectory dir) {
        return run(prepare(data), dir);
    }

    /** Trains, evaluates and writes everything into the new run directory {@code dir}. */
    public RunResult run(RunSetup setup, RunDirectory dir) {
        if (collective.rank() == 0 || !Files.exists(dir.resolve("config.yaml"))) {
            dir.writeText("config.yaml", ConfigLoader.toYaml(config));
        }
        return execute(setup, dir, false);
    }

    /**
     * Continues the run in {@code dir} from its newest valid checkpoint (from the start if it has
     * none); with the same thread counts the result is the same, bit for bit, as an uninterrupted run.
     */
    public RunResult resume(RunSetup setup, RunDirectory dir) {
        return execute(setup, dir, true);
    }

    /** Asks a running {@link #run}/{@link #resume} to checkpoint and stop at its next synchronised step. */
    @Override
    public void requestStop() {
        stopRequested = true;
        Trainer t = trainer;
        if (t != null) {
            t.requestStop();
        }
    }

    /** What a checkpoint must match to be resumed by this config. */
    private Map<String, Object> fingerprint(long parameters) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("dataset", config.dataset());
        f.put("model", config.model());
        f.put("population", config.population());
        f.put("method", config.method());
        f.put("parameters", parameters);
        f.put("world_size", collective.worldSize());
        return f;
    }

    private RunResult execute(RunSetup setup, RunDirectory dir, boolean resume) {
        long started = System.nanoTime();
        boolean root = collective.rank() == 0;
        if (collective instanceof io.github.washjava.collective.GlooCollective gloo) {
            gloo.setResumeHint(resumeCommand(dir));
        }
        Population population = setup.population();
        Path metricsFile = dir.resolve("metrics.jsonl");
        MetricsLog[] openLog = new MetricsLog[1]; // a checkpoint records the metrics written so far
        Checkpoints checkpoints = new Checkpoints(dir.root(), population, fingerprint(population.layout().parameterCount()),
                config.checkpointEvery(), config.keepCheckpoints(), () -> {
                    if (openLog[0] == null) {
                        return 0;
                    }
                    openLog[0].flush();
                    return metricsLength(metricsFile);
                }, resumeCommand(dir) + (collective.isDistributed() ? " on every rank" : ""));
        Checkpoints.Loaded loaded = resume ? restore(checkpoints, dir) : null;
        TrainerState restored = loaded != null ? loaded.state().resumed() : TrainerState.initial(config.population());
        int local = population.members().size();
        List<Double> imagesPerSecond = new ArrayList<>();
        List<Double> exchangeShares = new ArrayList<>();
        Layout layout = layout(setup, checkpoints.directory(), resume);
        try (MemberExecutor executor = layout.executor();
                MetricsLog metrics = root ? new MetricsLog(metricsFile, loaded != null ? loaded.metricsBytes() : 0) : null) {
            openLog[0] = metrics;
            RecordSink sink = root ? metrics::write : RecordSink.NONE;
            if (resume) {
                Map<String, Object> mark = new LinkedHashMap<>();
                mark.put("type", "resume");
                mark.put("step", restored.nextStep());
                mark.put("checkpoint", loaded == null ? null : loaded.path().toString());
                sink.write(mark);
            }
            List<TrainingListener> listeners = new ArrayList<>();
            if (root) {
                listeners.add(metrics);
            }
            listeners.add(new TrainingListener() {
                @Override
                public void onEpoch(EpochRecord r) {
                    imagesPerSecond.add(r.imagesPerSecond());
                    exchangeShares.add(r.exchangeShare());
                }
            });
            listeners.add(new ConsensusTracker(population, sink, config.consensusEvery()));
            listeners.add(new EvaluationTracker(population, testEvaluator(setup), setup.recalibration(), executor, sink,
                    config.evalEvery(), config.epochs()));
            ProgressReporter bar = root && progress != null
                    ? new ProgressReporter(progress, setup.totalSteps(), config.epochs()) : null;
            if (bar != null) {
                listeners.add(bar);
            }
            Trainer t = new Trainer(population, setup.trainingData(), setup.schedule()).exchange(setup.exchange())
                    .optimizer(setup.sgd()).executor(executor).listeners(listeners).hook(checkpoints)
                    .syncEvery(config.syncEvery()).resumeFrom(restored);
            trainer = t;
            if (stopRequested) {
                t.requestStop();
            }
            long t0 = System.nanoTime();
            try {
                t.fit(config.epochs());
            } finally {
                if (bar != null) {
                    bar.close();
                }
            }
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            releaseNativeMemory(); // what training's threads kept for their next step, before the evaluation's own
            double[][] wire = wireTraffic(t.state());
            Population all = population.gatherOnRoot();
            RunResult result = null;
            if (root) {
                FinalEvaluation.Outcome outcome = FinalEvaluation.evaluate(all, testEvaluator(setup),
                        new Evaluator(setup.data().validation(), setup.data().normalization(), config.evalBatchSize()),
                        setup.recalibration(), executor);
                RunArtifacts.writeModels(dir, setup, all, outcome);
                result = result(setup, t, outcome, wire, (System.nanoTime() - started) / 1e9, trainSeconds,
                        checkpoints.secondsWriting(), Stats.median(imagesPerSecond), Stats.median(exchangeShares),
                        executor);
                metrics.close();
                RunArtifacts.writeReports(dir, setup, result);
            }
            collective.barrier(); // the other ranks finish once rank 0 has written the run directory
            return result;
        } finally {
            trainer = null;
        }
    }

    /**
     * Threads × intra-op threads for this process's members: what the config asks for, otherwise
     * measured at the start ({@link LayoutProbe}) and kept beside the checkpoints, so a resumed run
     * steps with the layout it started with (results depend on it in the last bits).
     */
    private Layout layout(RunSetup setup, Path checkpointDir, boolean resume) {
        Path kept = checkpointDir.resolve(LAYOUT_FILE);
        if (resume && Files.exists(kept)) {
            try {
                com.fasterxml.jackson.databind.JsonNode n = Json.MAPPER.readTree(kept.toFile());
                return new Layout(n.get("threads").asInt(), n.get("intra_op_threads").asInt());
            } catch (IOException | RuntimeException e) {
                System.err.println("warning: " + kept + ": expected the layout the run started with, found an "
                        + "unreadable file; measuring again");
            }
        }
        int local = setup.population().members().size();
        List<Layout> candidates = LayoutProbe.candidates(cores, local, config.threads(), config.intraOpThreads());
        String key = setup.spec() + "/" + config.dataset() + "/" + config.batchSize() + "/" + local + "/" + cores + "/"
                + candidates + "/" + config.device() + "/" + setup.activationLayout();
        LayoutProbe.Choice choice = PROBED.get(key);
        if (choice == null && !LayoutProbe.worthMeasuring(candidates, setup.totalSteps())) {
            choice = LayoutProbe.unmeasured(candidates.get(0), "a run this short is not worth measuring");
        } else if (choice == null) {
            if (candidates.size() > 1 && collective.rank() == 0) {
                System.err.println("measuring the fastest layout of " + local + " members on " + cores + " cores...");
            }
            choice = LayoutProbe.choose(candidates, setup.spec(), setup.data(), config.batchSize(), local, setup.sgd(),
                    config.seed(), setup.population().device(), setup.activationLayout());
            PROBED.put(key, choice);
        }
        if (collective.rank() == 0) {
            System.err.println("layout: " + choice.describe());
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("threads", choice.layout().threads());
        record.put("intra_op_threads", choice.layout().intraOpThreads());
        record.put("cores", cores);
        Map<String, Object> measured = new LinkedHashMap<>();
        choice.imagesPerSecond().forEach((l, v) -> measured.put(l.shortForm(), v));
        record.put("measured_images_per_second", measured);
        AtomicFiles.writeText(kept, Json.pretty(record)); // creates the checkpoint directory too
        return choice.layout();
    }

    /** How to continue this run (across ranks, on every rank). */
    private String resumeCommand(RunDirectory dir) {
        return "wash train --resume " + dir.root();
    }

    private Evaluator testEvaluator(RunSetup setup) {
        return new Evaluator(setup.data().test(), setup.data().normalization(), config.evalBatchSize());
    }

    /** Every rank's exchange traffic: {bytes per rank, collective seconds per rank}. */
    private double[][] wireTraffic(TrainerState state) {
        int w = collective.worldSize();
        double[][] out = new double[2][w];
        if (!collective.isDistributed()) {
            out[0][0] = state.wireBytes();
            out[1][0] = state.commSeconds();
            return out;
        }
        long[] two = new long[w];
        java.util.Arrays.fill(two, 2);
        try (PointerScope scope = new PointerScope()) {
            DoubleBuffer all = collective.allGather(Tensor.create(new double[] {state.wireBytes(), state.commSeconds()}),
                    two).createBuffer();
            for (int q = 0; q < w; q++) {
                out[0][q] = all.get();
                out[1][q] = all.get();
            }
        }
        return out;
    }

    private RunResult result(RunSetup setup, Trainer t, FinalEvaluation.Outcome outcome, double[][] wire, double wallSeconds,
            double trainSeconds, double checkpointSeconds, double imagesPerSecond, double exchangeShare,
            MemberExecutor executor) {
        long totalSteps = setup.totalSteps();
        int n = config.population();
        ExchangeContext last = new ExchangeContext(setup.population(), totalSteps - 1, config.epochs() - 1,
                config.epochs(), setup.trainingData().stepsPerEpoch(), setup.schedule().lr(totalSteps - 1),
                setup.schedule().baseLr(), true);
        List<Long> bytes = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        for (int q = 0; q < wire[0].length; q++) {
            bytes.add((long) wire[0][q]);
            seconds.add(wire[1][q]);
        }
        return new RunResult(
                new RunResult.Identity(config.method(), n, config.dataset(), config.model(), config.epochs(), totalSteps,
                        config.seed(), setup.population().layout().parameterCount(), collective.worldSize()),
                new RunResult.Accuracy(outcome.memberAccuracy(), outcome.ensembleAccuracy(), outcome.uniformSoupAccuracy(),
                        outcome.greedySoupAccuracy(), outcome.greedy().ingredients(), outcome.greedy().validationScore(),
                        outcome.consensusDistance()),
                new RunResult.Communication(t.valuesSent(), t.valuesSent() / ((double) n * totalSteps),
                        setup.exchange().expectedValuesPerMemberPerStep(last),
                        Exchanges.papaReference(config).expectedValuesPerMemberPerStep(last), bytes, seconds),
                new RunResult.Cost(wallSeconds, trainSeconds, checkpointSeconds, imagesPerSecond, exchangeShare,
                        ProcessMemory.peakRssMb(), executor.threads(), executor.intraOpThreads()));
    }

    /** The newest checkpoint every rank has intact, restored into the population; null when there is none. */
    private Checkpoints.Loaded restore(Checkpoints checkpoints, RunDirectory dir) {
        List<String> warnings = new ArrayList<>();
        Checkpoints.Loaded loaded = checkpoints.restoreLatest(warnings);
        if (collective.rank() == 0) {
            warnings.forEach(w -> System.err.println("warning: " + w));
            System.err.println(loaded != null
                    ? "resuming " + dir.root() + " from " + loaded.path() + " (step " + loaded.state().nextStep() + ")"
                    : "resuming " + dir.root() + ": no valid checkpoint, starting from step 0");
        }
        return loaded;
    }

    /**
     * Returns the native memory of finished runs to the system. libtorch tensors are freed when their
     * Java handles are collected, and with a large heap that can take many runs; commands that run
     * several experiments in one process (compare, sweep) call this between them, and a run calls it
     * between training and the final evaluation. It also hands back the memory the C allocator keeps
     * free for reuse ({@code malloc_trim}), which bin/wash tells glibc to keep between steps.
     */
    public static void releaseNativeMemory() {
        System.gc();
        org.bytedeco.javacpp.Pointer.deallocateReferences();
        org.bytedeco.javacpp.Pointer.trimMemory();
    }

    private static long metricsLength(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the default data of a config lives. */
    static Path dataDirectory(TrainConfig c) {
        return c.data() != null ? Path.of(c.data()) : Datasets.defaultDirectory(c.dataset());
    }
}

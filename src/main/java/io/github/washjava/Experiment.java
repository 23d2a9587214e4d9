package io.github.washjava;

import io.github.washjava.config.ConfigLoader;
import io.github.washjava.config.TrainConfig;
import io.github.washjava.data.BatchBuilder;
import io.github.washjava.data.DataBundle;
import io.github.washjava.data.Datasets;
import io.github.washjava.data.Regularization;
import io.github.washjava.eval.ConsensusDistance;
import io.github.washjava.eval.ConsensusTracker;
import io.github.washjava.eval.EvaluationTracker;
import io.github.washjava.eval.Evaluator;
import io.github.washjava.exchange.Exchange;
import io.github.washjava.exchange.ExchangeContext;
import io.github.washjava.exchange.Methods;
import io.github.washjava.exchange.PapaExchange;
import io.github.washjava.merge.GreedySoup;
import io.github.washjava.merge.RecalibrationData;
import io.github.washjava.merge.Soups;
import io.github.washjava.model.ModelArchive;
import io.github.washjava.model.ModelSpec;
import io.github.washjava.model.Models;
import io.github.washjava.model.WashModel;
import io.github.washjava.report.Charts;
import io.github.washjava.report.MetricsCsv;
import io.github.washjava.report.MetricsFile;
import io.github.washjava.report.MetricsLog;
import io.github.washjava.report.ProcessMemory;
import io.github.washjava.report.ProgressReporter;
import io.github.washjava.report.RunDirectory;
import io.github.washjava.report.RunSummary;
import io.github.washjava.train.Checkpoints;
import io.github.washjava.train.CosineSchedule;
import io.github.washjava.train.InitMode;
import io.github.washjava.train.MemberExecutor;
import io.github.washjava.train.Population;
import io.github.washjava.train.Sgd;
import io.github.washjava.train.Trainer;
import io.github.washjava.train.TrainingData;
import io.github.washjava.train.TrainerState;
import io.github.washjava.train.TrainingListener;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One training run from a resolved config (the CLI's {@code train} is a thin layer over this):
 * data → population → train with the exchange → soups and ensemble → evaluation → run directory.
 */
public final class Experiment {
    private final TrainConfig config;
    private final PrintStream progress;
    private volatile boolean stopRequested;
    private volatile Checkpoints checkpoints;

    /** @param progress where the progress bar goes (stderr), or null for none */
    public Experiment(TrainConfig config, PrintStream progress) {
        this.config = config;
        this.progress = progress;
    }

    /** Loads the config's data; every data problem is reported before anything is written. */
    public DataBundle loadData() {
        Path dir = config.data() != null ? Path.of(config.data()) : Datasets.defaultDirectory(config.dataset());
        return Datasets.load(config.dataset(), dir, config.trainLimit(), config.testLimit(), config.validationFraction(),
                config.imageSize());
    }

    /** Trains, evaluates and writes everything into the new run directory {@code dir}. */
    public RunResult run(DataBundle data, RunDirectory dir) {
        dir.writeText("config.yaml", ConfigLoader.toYaml(config));
        return execute(data, dir, false);
    }

    /**
     * Continues the run in {@code dir} from its newest valid checkpoint (from the start if it has
     * none); with the same thread count the result is the same, bit for bit, as an uninterrupted run.
     */
    public RunResult resume(DataBundle data, RunDirectory dir) {
        return execute(data, dir, true);
    }

    /** Asks a running {@link #run}/{@link #resume} to checkpoint and stop after the current step. */
    public void requestStop() {
        stopRequested = true;
        Checkpoints c = checkpoints;
        if (c != null) {
            c.requestStop();
        }
    }

    /** The newest valid checkpoint, restored into the population; null when there is none. */
    private static Checkpoints.Loaded restore(Checkpoints checkpointer, RunDirectory dir) {
        List<String> warnings = new ArrayList<>();
        Checkpoints.Loaded loaded = checkpointer.restoreLatest(warnings);
        warnings.forEach(w -> System.err.println("warning: " + w));
        if (loaded != null) {
            System.err.println("resuming " + dir.root() + " from " + loaded.path() + " (step " + loaded.state().nextStep()
                    + ")");
        } else {
            System.err.println("resuming " + dir.root() + ": no valid checkpoint, starting from step 0");
        }
        return loaded;
    }

    /** What a checkpoint must match to be resumed by this config. */
    private Map<String, Object> fingerprint(long parameters) {
        Map<String, Object> f = new java.util.LinkedHashMap<>();
        f.put("dataset", config.dataset());
        f.put("model", config.model());
        f.put("population", config.population());
        f.put("method", config.method());
        f.put("parameters", parameters);
        return f;
    }

    private RunResult execute(DataBundle data, RunDirectory dir, boolean resume) {
        long started = System.nanoTime();
        ModelSpec spec = new ModelSpec(config.model(), data.train().channels(), data.train().height(),
                data.train().width(), data.train().classes());
        Sgd.Options sgd = new Sgd.Options(config.momentum(), config.weightDecay(), false);
        InitMode init = InitMode.valueOf(config.init().toUpperCase(java.util.Locale.ROOT));
        Population population = Population.create(() -> Models.create(spec), config.population(), init, config.seed(), sgd);
        List<Regularization> regs = "grid".equals(config.regularization())
                ? Regularization.heterogeneous(config.population(), config.seed())
                : Regularization.homogeneous(config.population());
        TrainingData trainingData = new TrainingData(data.train(),
                new BatchBuilder(data.train(), data.normalization(), data.augmentation()), config.batchSize(), regs,
                config.seed());
        long totalSteps = (long) config.epochs() * trainingData.stepsPerEpoch();
        CosineSchedule schedule = new CosineSchedule(config.lr(), config.minLr(), totalSteps);
        RecalibrationData recalibration = config.bnBatches() > 0
                ? RecalibrationData.sample(data.train(), data.normalization(), config.batchSize(), config.bnBatches(),
                        config.seed())
                : RecalibrationData.none();
        Exchange exchange = Methods.create(config, recalibration);
        int cores = Runtime.getRuntime().availableProcessors();
        double trainSeconds;
        List<Double> imagesPerSecond = new ArrayList<>();
        List<Double> exchangeShares = new ArrayList<>();
        Trainer trainer;
        Path metricsFile = dir.resolve("metrics.jsonl");
        MetricsLog[] openLog = new MetricsLog[1]; // a checkpoint records the metrics written so far
        Checkpoints checkpointer = new Checkpoints(dir.root(), population,
                fingerprint(population.layout().parameterCount()), config.checkpointEvery(), config.keepCheckpoints(),
                () -> {
                    openLog[0].flush();
                    return metricsLength(metricsFile);
                }, "wash train --resume " + dir.root());
        Checkpoints.Loaded loaded = resume ? restore(checkpointer, dir) : null;
        TrainerState restored = loaded != null ? loaded.state().resumed() : TrainerState.initial(config.population());
        long metricsBytes = loaded != null ? loaded.metricsBytes() : 0;
        checkpoints = checkpointer;
        if (stopRequested) {
            checkpointer.requestStop();
        }
        try (MemberExecutor executor = MemberExecutor.forCores(cores, config.population(), config.threads());
                MetricsLog metrics = new MetricsLog(metricsFile, metricsBytes)) {
            openLog[0] = metrics;
            if (resume) {
                Map<String, Object> mark = new java.util.LinkedHashMap<>();
                mark.put("type", "resume");
                mark.put("step", restored.nextStep());
                mark.put("checkpoint", loaded == null ? null : loaded.path().toString());
                metrics.write(mark);
            }
            List<TrainingListener> listeners = new ArrayList<>();
            listeners.add(metrics);
            listeners.add(new TrainingListener() {
                @Override
                public void onEpoch(EpochRecord r) {
                    imagesPerSecond.add(r.imagesPerSecond());
                    exchangeShares.add(r.exchangeShare());
                }
            });
            listeners.add(new ConsensusTracker(population, metrics, config.consensusEvery()));
            listeners.add(new EvaluationTracker(population, new Evaluator(data.test(), data.normalization(),
                    config.evalBatchSize()), recalibration, executor, metrics, config.evalEvery(), config.epochs()));
            ProgressReporter bar = progress != null ? new ProgressReporter(progress, totalSteps, config.epochs()) : null;
            if (bar != null) {
                listeners.add(bar);
            }
            trainer = new Trainer(population, trainingData, exchange, schedule, executor, listeners);
            trainer.resumeFrom(restored);
            trainer.setStepHook(checkpointer);
            long t0 = System.nanoTime();
            try {
                trainer.fit(config.epochs());
            } finally {
                if (bar != null) {
                    bar.close();
                }
            }
            trainSeconds = (System.nanoTime() - t0) / 1e9;
            RunResult result = evaluate(population, data, executor, trainer, exchange, schedule, trainingData, totalSteps,
                    spec, recalibration, dir, started, trainSeconds, median(imagesPerSecond), median(exchangeShares));
            RunSummary.write(dir, result, ConfigLoader.toMap(config));
            metrics.close();
            MetricsFile recorded = MetricsFile.read(dir.resolve("metrics.jsonl"));
            MetricsCsv.export(dir, recorded);
            Charts.forRun(dir, recorded);
            return result;
        }
    }

    private RunResult evaluate(Population population, DataBundle data, MemberExecutor executor, Trainer trainer,
            Exchange exchange, CosineSchedule schedule, TrainingData trainingData, long totalSteps, ModelSpec spec,
            RecalibrationData recalibration, RunDirectory dir, long started, double trainSeconds, double imagesPerSecond, double exchangeShare) {
        int n = population.size();
        Evaluator test = new Evaluator(data.test(), data.normalization(), config.evalBatchSize());
        Evaluator validation = new Evaluator(data.validation(), data.normalization(), config.evalBatchSize());
        List<float[]> testLogits = executor.map(n, i -> test.logits(population.members().get(i).model()));
        List<Double> validationAccuracy = executor.map(n, i -> validation.accuracy(population.members().get(i).model()));
        List<Double> memberAccuracy = new ArrayList<>();
        for (float[] logits : testLogits) {
            memberAccuracy.add(Evaluator.accuracy(logits, data.test().labels(), data.test().classes()));
        }
        double ensemble = Evaluator.accuracy(Evaluator.meanLogits(testLogits), data.test().labels(), data.test().classes());

        WashModel uniform = Soups.uniform(population, recalibration);
        double uniformAccuracy = test.accuracy(uniform);

        Map<List<Integer>, Double> soupScores = new HashMap<>();
        GreedySoup.Result greedy = GreedySoup.select(n, validationAccuracy::get, ingredients -> soupScores.computeIfAbsent(
                List.copyOf(ingredients), k -> validation.accuracy(Soups.average(population, k, recalibration))));
        WashModel greedySoup = Soups.average(population, greedy.ingredients(), recalibration);
        double greedyAccuracy = test.accuracy(greedySoup);

        ModelArchive.save(uniform, spec, data.normalization(), dir.resolve("models/average.pt"));
        ModelArchive.save(greedySoup, spec, data.normalization(), dir.resolve("models/greedy-soup.pt"));
        if (config.saveMembers()) {
            for (int i = 0; i < n; i++) {
                ModelArchive.save(population.members().get(i).model(), spec, data.normalization(),
                        dir.resolve("models/member-" + i + ".pt"));
            }
        }
        ExchangeContext lastContext = new ExchangeContext(population, totalSteps - 1, config.epochs() - 1, config.epochs(),
                trainingData.stepsPerEpoch(), schedule.lr(totalSteps - 1), schedule.baseLr(), true);
        return new RunResult(config.method(), n, config.dataset(), config.model(), config.epochs(), totalSteps,
                config.seed(), population.layout().parameterCount(), memberAccuracy, ensemble, uniformAccuracy,
                greedyAccuracy, greedy.ingredients(), greedy.validationScore(), trainer.valuesSent(),
                trainer.valuesSent() / ((double) n * totalSteps), exchange.expectedValuesPerMemberPerStep(lastContext),
                new PapaExchange(config.papaEvery(), config.papaAlpha()).expectedValuesPerMemberPerStep(lastContext),
                ConsensusDistance.of(population), (System.nanoTime() - started) / 1e9, trainSeconds,
                checkpoints.secondsWriting(), imagesPerSecond,
                exchangeShare, ProcessMemory.peakRssMb(), executor.threads(), executor.intraOpThreads());
    }

    /**
     * Returns the native memory of finished runs to the system. libtorch tensors are freed when their
     * Java handles are collected, and with a large heap that can take many runs; commands that run
     * several experiments in one process (compare, sweep) call this between them.
     */
    public static void releaseNativeMemory() {
        System.gc();
        org.bytedeco.javacpp.Pointer.deallocateReferences();
    }

    private static long metricsLength(Path file) {
        try {
            return java.nio.file.Files.size(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The median (mean of the middle two for an even count); NaN for no values. */
    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int m = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(m) : (sorted.get(m - 1) + sorted.get(m)) / 2;
    }
}

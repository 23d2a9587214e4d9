package io.github.washjava.experiment;

import io.github.washjava.collective.Agreement;
import io.github.washjava.collective.Collective;
import io.github.washjava.collective.SingleProcess;
import io.github.washjava.config.ConfigLoader;
import io.github.washjava.config.TrainConfig;
import io.github.washjava.data.DataBundle;
import io.github.washjava.exchange.Method;
import io.github.washjava.report.Charts;
import io.github.washjava.report.Comparison;
import io.github.washjava.report.MetricsFile;
import io.github.washjava.report.RunDirectory;
import io.github.washjava.report.RunResult;
import io.github.washjava.report.RunSummary;
import io.github.washjava.train.TrainingInterruptedException;
import io.github.washjava.util.InvalidInputException;
import io.github.washjava.util.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The paper's comparison: several methods trained on the same data, member hyper-parameters, seeds
 * and budget (only the method differs), each into {@code ROOT/<method>/}, then one table. The plan is
 * written to {@code ROOT/compare.json} before anything trains; {@link #run} keeps methods that
 * finished and resumes the others from their checkpoints, so an interrupted comparison continues
 * where it stopped.
 */
public final class ComparisonRun implements Stoppable {
    private final RunDirectory root;
    private final Map<String, TrainConfig> plan;
    private Collective collective = new SingleProcess();
    private int cores = Runtime.getRuntime().availableProcessors();
    private volatile Experiment current;
    private volatile boolean stopRequested;

    private ComparisonRun(RunDirectory root, Map<String, TrainConfig> plan) {
        this.root = root;
        this.plan = plan;
    }

    /**
     * Every method's config — the file and overrides with {@code method} set — validated before
     * anything is written.
     */
    public static Map<String, TrainConfig> plan(List<String> methods, Path configFile, Map<String, Object> overrides) {
        List<String> unknown = methods.stream().filter(m -> !Method.keys().contains(m)).toList();
        if (!unknown.isEmpty()) {
            throw new InvalidInputException("methods: expected names among " + String.join(", ", Method.keys())
                    + ", found \"" + String.join(",", unknown) + "\"");
        }
        if (methods.stream().distinct().count() != methods.size()) {
            throw new InvalidInputException("methods: expected distinct method names, found " + String.join(",", methods));
        }
        Map<String, TrainConfig> out = new LinkedHashMap<>();
        for (String method : methods) {
            Map<String, Object> o = new LinkedHashMap<>(overrides);
            o.put("method", method);
            out.put(method, ConfigLoader.resolve(configFile, o));
        }
        return out;
    }

    /** A new comparison in {@code root}: writes the plan (each method's config, with its directory). */
    public static ComparisonRun create(RunDirectory root, Map<String, TrainConfig> plan) {
        Map<String, Object> json = new LinkedHashMap<>();
        plan.forEach((method, c) -> {
            Map<String, Object> m = ConfigLoader.toMap(c);
            m.put("out", root.resolve(method).toString());
            json.put(method, m);
        });
        root.writeText("compare.json", Json.pretty(json));
        return open(root);
    }

    /** The comparison in {@code root}, from its {@code compare.json}. */
    public static ComparisonRun open(RunDirectory root) {
        Path file = root.resolve("compare.json");
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(root.root() + ": expected a comparison directory with compare.json, found none");
        }
        Map<String, TrainConfig> plan = new LinkedHashMap<>();
        try {
            Map<?, ?> json = Json.MAPPER.readValue(file.toFile(), Map.class);
            for (Map.Entry<?, ?> e : json.entrySet()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> c = (Map<String, Object>) e.getValue();
                Map<String, String> origins = new LinkedHashMap<>();
                c.keySet().forEach(k -> origins.put(k, file + ": " + e.getKey()));
                plan.put(String.valueOf(e.getKey()), ConfigLoader.resolve(null, c, origins));
            }
        } catch (IOException | ClassCastException e) {
            throw new InvalidInputException(file + ": expected the comparison plan, found unreadable JSON");
        }
        if (plan.isEmpty()) {
            throw new InvalidInputException(file + ": expected at least one method, found none");
        }
        return new ComparisonRun(root, plan);
    }

    /** Trains with the ranks of {@code value} (default: this process alone). */
    public ComparisonRun collective(Collective value) {
        this.collective = value;
        return this;
    }

    /** Cores this process may use. */
    public ComparisonRun cores(int value) {
        this.cores = value;
        return this;
    }

    public Map<String, TrainConfig> plan() {
        return plan;
    }

    public RunDirectory root() {
        return root;
    }

    /** "5 × small-cnn on fashion-mnist, 3 epochs, seed 1". */
    public String title() {
        TrainConfig first = plan.values().iterator().next();
        return String.format(Locale.ROOT, "%d × %s on %s, %d epochs, seed %d", first.population(), first.model(),
                first.dataset(), first.epochs(), first.seed());
    }

    /**
     * Trains every unfinished method (resuming those that started) and returns every method's result
     * in plan order; on rank 0 it also writes comparison.md/.json/.csv and the consensus chart. Other
     * ranks return an empty list.
     */
    public List<RunResult> run(PrintWriter log, PrintStream progress) {
        DataCache data = new DataCache();
        boolean rank0 = collective.rank() == 0;
        List<RunResult> results = new ArrayList<>();
        try {
            for (TrainConfig c : plan.values()) {
                Path dir = Path.of(c.out());
                if (Agreement.rootValue(collective, Files.isRegularFile(dir.resolve("summary.json")))) {
                    if (rank0) {
                        log.println("compare: " + c.method() + " already finished, kept");
                        results.add(RunSummary.read(dir.resolve("summary.json")));
                    }
                    continue;
                }
                if (stopRequested) {
                    throw new TrainingInterruptedException("interrupted before " + c.method() + "; resume with: wash "
                            + "compare --resume " + root.root());
                }
                if (rank0) {
                    log.println("compare: training " + c.method() + "...");
                    log.flush();
                }
                Experiment e = new Experiment(c).progress(rank0 ? progress : null).collective(collective).cores(cores);
                current = e;
                if (stopRequested) {
                    e.requestStop();
                }
                DataBundle bundle = data.get(c);
                RunSetup setup = e.prepare(bundle);
                boolean started = Agreement.rootValue(collective, Files.isRegularFile(dir.resolve("config.yaml")));
                RunResult r = started ? e.resume(setup, RunDirectories.open(collective, dir))
                        : e.run(setup, RunDirectories.createNamed(collective, dir));
                if (rank0) {
                    results.add(r);
                }
                current = null;
                Experiment.releaseNativeMemory();
            }
        } catch (TrainingInterruptedException e) {
            throw new TrainingInterruptedException(e.getMessage().replaceFirst("resume with: .*",
                    "resume with: wash compare --resume " + root.root()));
        }
        if (rank0) {
            writeReport(results);
        }
        return results;
    }

    private void writeReport(List<RunResult> results) {
        Comparison.write(root, results, title());
        Map<String, MetricsFile> metrics = new LinkedHashMap<>();
        for (TrainConfig c : plan.values()) {
            metrics.put(c.method(), MetricsFile.read(Path.of(c.out()).resolve("metrics.jsonl")));
        }
        Charts.save(root.root(), "consensus", Charts.consensusChart(metrics, "Distance to consensus: " + title()));
    }

    @Override
    public void requestStop() {
        stopRequested = true;
        Experiment e = current;
        if (e != null) {
            e.requestStop();
        }
    }
}

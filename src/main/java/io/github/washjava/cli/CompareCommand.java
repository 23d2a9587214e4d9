package io.github.washjava.cli;

import io.github.washjava.Experiment;
import io.github.washjava.InvalidInputException;
import io.github.washjava.RunResult;
import io.github.washjava.config.ConfigLoader;
import io.github.washjava.config.TrainConfig;
import io.github.washjava.data.DataBundle;
import io.github.washjava.exchange.Methods;
import io.github.washjava.report.Charts;
import io.github.washjava.report.Comparison;
import io.github.washjava.report.Json;
import io.github.washjava.report.MetricsFile;
import io.github.washjava.report.RunDirectory;
import io.github.washjava.report.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code wash compare}: trains several methods on the same data, member hyper-parameters, seeds and
 * budget (only the method differs), each into {@code RUN_DIR/<method>/}, then writes the comparison
 * table into {@code RUN_DIR}. {@code --resume RUN_DIR} keeps finished methods and resumes the others
 * from their checkpoints.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train several methods with identical settings and write comparison.md/.json/.csv.")
public final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--methods", split = ",", defaultValue = "wash,papa,papa-all,independent",
            description = "Methods to compare, comma-separated (default ${DEFAULT-VALUE}).")
    List<String> methods;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML or JSON config; flags override its keys.")
    Path config;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue an interrupted comparison (no other options).")
    Path resume;

    @Mixin
    TrainOptions options;

    private volatile Experiment current;

    @Override
    public Integer call() throws Exception {
        RunDirectory root;
        Map<String, TrainConfig> plan;
        DataBundle data;
        if (resume != null) {
            Map<String, Object> overrides = TrainOptions.matched(spec.commandLine().getParseResult());
            if (config != null || !overrides.isEmpty()) {
                throw new InvalidInputException("--resume: expected no other options (the comparison's compare.json is "
                        + "used), found " + (config != null ? "--config" : "--" + overrides.keySet().iterator().next()));
            }
            root = RunDirectory.open(resume);
            plan = readPlan(root.resolve("compare.json"));
            data = new Experiment(plan.values().iterator().next(), null).loadData();
        } else {
            plan = resolvePlan();
            TrainConfig first = plan.values().iterator().next();
            data = new Experiment(first, null).loadData(); // data errors surface before anything is written
            root = RunDirectory.create(first.out(), "compare-" + first.dataset() + "-" + first.model());
            Map<String, Object> json = new LinkedHashMap<>();
            plan.forEach((method, c) -> json.put(method, ConfigLoader.toMap(withOut(c, root.resolve(method)))));
            root.writeText("compare.json", Json.pretty(json));
            plan = readPlan(root.resolve("compare.json"));
        }
        TrainConfig first = plan.values().iterator().next();
        List<RunResult> results = new ArrayList<>();
        try (StopSignal stop = StopSignal.forCurrent(() -> current)) {
            for (TrainConfig c : plan.values()) {
                Path dir = Path.of(c.out());
                if (Files.isRegularFile(dir.resolve("summary.json"))) {
                    spec.commandLine().getErr().println("compare: " + c.method() + " already finished, kept");
                    results.add(RunSummary.read(dir.resolve("summary.json")));
                    continue;
                }
                spec.commandLine().getErr().println("compare: training " + c.method() + "...");
                spec.commandLine().getErr().flush();
                current = new Experiment(c, System.err);
                results.add(Files.isDirectory(dir) && Files.isRegularFile(dir.resolve("config.yaml"))
                        ? current.resume(data, RunDirectory.open(dir))
                        : current.run(data, RunDirectory.create(dir.toString(), c.method())));
                current = null;
                Experiment.releaseNativeMemory();
            }
        } catch (io.github.washjava.train.TrainingInterruptedException e) {
            throw StopSignal.resumeWith(e, "wash compare --resume " + root.root());
        }
        String title = String.format(java.util.Locale.ROOT, "%d × %s on %s, %d epochs, seed %d", first.population(),
                first.model(), first.dataset(), first.epochs(), first.seed());
        Comparison.write(root, results, title);
        Map<String, MetricsFile> metrics = new LinkedHashMap<>();
        for (TrainConfig c : plan.values()) {
            metrics.put(c.method(), MetricsFile.read(Path.of(c.out()).resolve("metrics.jsonl")));
        }
        Charts.save(root.root(), "consensus", Charts.consensusChart(metrics, "Distance to consensus: " + title));
        spec.commandLine().getOut().print(Comparison.markdown(results, title));
        spec.commandLine().getOut().println("\nRun directory: " + root.root());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    /** Every method's config, validated before anything trains. */
    private Map<String, TrainConfig> resolvePlan() {
        Map<String, Object> overrides = TrainOptions.matched(spec.commandLine().getParseResult());
        List<String> unknown = methods.stream().filter(m -> !Methods.NAMES.contains(m)).toList();
        if (!unknown.isEmpty()) {
            throw new InvalidInputException("methods: expected names among " + String.join(", ", Methods.NAMES)
                    + ", found \"" + String.join(",", unknown) + "\"");
        }
        if (methods.stream().distinct().count() != methods.size()) {
            throw new InvalidInputException("methods: expected distinct method names, found " + String.join(",", methods));
        }
        Map<String, TrainConfig> plan = new LinkedHashMap<>();
        for (String method : methods) {
            Map<String, Object> o = new LinkedHashMap<>(overrides);
            o.put("method", method);
            plan.put(method, ConfigLoader.resolve(config, o));
        }
        return plan;
    }

    private static Map<String, TrainConfig> readPlan(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file.getParent() + ": expected a comparison directory with compare.json, "
                    + "found none");
        }
        try {
            Map<?, ?> json = Json.MAPPER.readValue(file.toFile(), Map.class);
            Map<String, TrainConfig> plan = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : json.entrySet()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> c = (Map<String, Object>) e.getValue();
                plan.put(String.valueOf(e.getKey()), ConfigLoader.resolve(null, c));
            }
            return plan;
        } catch (java.io.IOException e) {
            throw new InvalidInputException(file + ": expected the comparison plan, found unreadable JSON");
        }
    }

    private static TrainConfig withOut(TrainConfig c, Path dir) {
        Map<String, Object> m = ConfigLoader.toMap(c);
        m.put("out", dir.toString());
        return ConfigLoader.fromMap(m);
    }
}

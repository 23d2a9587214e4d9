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
import io.github.washjava.report.MetricsFile;
import io.github.washjava.report.RunDirectory;
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
 * table into {@code RUN_DIR}.
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

    @Mixin
    TrainOptions options;

    @Override
    public Integer call() {
        Map<String, Object> overrides = TrainOptions.matched(spec.commandLine().getParseResult());
        List<String> unknown = methods.stream().filter(m -> !Methods.NAMES.contains(m)).toList();
        if (unknown.isEmpty() && methods.stream().distinct().count() != methods.size()) {
            throw new InvalidInputException("methods: expected distinct method names, found " + String.join(",", methods));
        }
        if (!unknown.isEmpty()) {
            throw new InvalidInputException("methods: expected names among " + String.join(", ", Methods.NAMES)
                    + ", found \"" + String.join(",", unknown) + "\"");
        }
        List<TrainConfig> configs = new ArrayList<>();
        for (String method : methods) {
            Map<String, Object> o = new LinkedHashMap<>(overrides);
            o.put("method", method);
            o.remove("out");
            configs.add(ConfigLoader.resolve(config, o)); // every config is validated before anything trains
        }
        TrainConfig first = configs.get(0);
        DataBundle data = new Experiment(first, null).loadData();
        String out = overrides.containsKey("out") ? (String) overrides.get("out") : first.out();
        RunDirectory root = RunDirectory.create(out, "compare-" + first.dataset() + "-" + first.model());
        List<RunResult> results = new ArrayList<>();
        for (TrainConfig c : configs) {
            spec.commandLine().getErr().println("compare: training " + c.method() + "...");
            spec.commandLine().getErr().flush();
            RunDirectory dir = RunDirectory.create(root.resolve(c.method()).toString(), c.method());
            results.add(new Experiment(withOut(c, dir.root()), System.err).run(data, dir));
        }
        String title = String.format(java.util.Locale.ROOT, "%d × %s on %s, %d epochs, seed %d", first.population(),
                first.model(), first.dataset(), first.epochs(), first.seed());
        Comparison.write(root, results, title);
        Map<String, MetricsFile> metrics = new LinkedHashMap<>();
        for (RunResult r : results) {
            metrics.put(r.method(), MetricsFile.read(root.resolve(r.method()).resolve("metrics.jsonl")));
        }
        Charts.save(root.root(), "consensus", Charts.consensusChart(metrics, "Distance to consensus: " + title));
        spec.commandLine().getOut().print(Comparison.markdown(results, title));
        spec.commandLine().getOut().println("\nRun directory: " + root.root());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    private static TrainConfig withOut(TrainConfig c, Path dir) {
        Map<String, Object> m = ConfigLoader.toMap(c);
        m.put("out", dir.toString());
        return ConfigLoader.fromMap(m);
    }
}

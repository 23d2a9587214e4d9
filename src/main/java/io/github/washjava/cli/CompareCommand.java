package io.github.washjava.cli;

import io.github.washjava.config.ConfigLoader;
import io.github.washjava.config.TrainConfig;
import io.github.washjava.experiment.Cluster;
import io.github.washjava.experiment.ComparisonRun;
import io.github.washjava.experiment.RunDirectories;
import io.github.washjava.report.Comparison;
import io.github.washjava.report.RunDirectory;
import io.github.washjava.report.RunResult;
import io.github.washjava.util.InvalidInputException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code wash compare}: trains several methods with identical settings ({@link ComparisonRun}) and
 * prints the comparison table.
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

    @Mixin
    DistributedOptions distributed;

    @Override
    public Integer call() {
        Map<String, Object> overrides = TrainOptions.matched(spec.commandLine().getParseResult());
        Map<String, TrainConfig> plan;
        if (resume != null) {
            if (config != null || !overrides.isEmpty()) {
                throw new InvalidInputException("--resume: expected no other options (the comparison's compare.json is "
                        + "used), found " + (config != null ? "--config" : "--" + overrides.keySet().iterator().next()));
            }
            plan = ComparisonRun.open(RunDirectory.open(resume)).plan();
        } else {
            plan = ComparisonRun.plan(methods, config, overrides);
        }
        Map<String, Object> identity = new LinkedHashMap<>();
        plan.forEach((m, c) -> identity.put(m, ConfigLoader.toMap(c)));
        Cluster cluster = distributed.join(identity, "compare" + (resume != null ? " --resume" : ""));
        try {
            ComparisonRun run;
            if (resume != null) {
                run = ComparisonRun.open(RunDirectories.open(cluster.collective(), resume));
            } else {
                TrainConfig first = plan.values().iterator().next();
                // data errors surface before anything is written
                new io.github.washjava.experiment.Experiment(first).loadData();
                RunDirectory root = RunDirectories.create(cluster.collective(), first.out(),
                        "compare-" + first.dataset() + "-" + first.model());
                // Rank 0 writes the plan; a rank on another machine keeps its own copy for --resume.
                run = cluster.collective().rank() == 0 ? ComparisonRun.create(root, plan) : null;
                cluster.collective().barrier();
                if (run == null) {
                    run = java.nio.file.Files.isRegularFile(root.resolve("compare.json")) ? ComparisonRun.open(root)
                            : ComparisonRun.create(root, plan);
                }
            }
            run.collective(cluster.collective()).cores(cluster.cores());
            List<RunResult> results;
            try (StopSignal stop = StopSignal.forWork(run)) {
                results = run.run(spec.commandLine().getErr(), System.err);
            }
            if (cluster.collective().rank() == 0) {
                PrintWriter out = spec.commandLine().getOut();
                out.print(Comparison.markdown(results, run.title()));
                out.println("\nRun directory: " + run.root().root());
                out.flush();
            }
        } catch (RuntimeException e) {
            cluster.fail(e);
            throw e;
        } finally {
            cluster.close();
        }
        return ExitCodes.OK;
    }
}

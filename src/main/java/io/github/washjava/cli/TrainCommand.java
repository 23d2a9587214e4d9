package io.github.washjava.cli;

import io.github.washjava.Experiment;
import io.github.washjava.InvalidInputException;
import io.github.washjava.RunResult;
import io.github.washjava.config.ConfigLoader;
import io.github.washjava.config.TrainConfig;
import io.github.washjava.data.DataBundle;
import io.github.washjava.report.RunDirectory;
import io.github.washjava.report.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code wash train}: resolve the config, load the data, train, print the result table. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a population and average it. Every option is also a config-file key (same name).")
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML or JSON config; flags override its keys.")
    Path config;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue an interrupted run from its last good "
            + "checkpoint (its config.yaml is used; no other options).")
    Path resume;

    @Mixin
    TrainOptions options;

    @Override
    public Integer call() {
        Map<String, Object> overrides = TrainOptions.matched(spec.commandLine().getParseResult());
        RunDirectory dir;
        TrainConfig resolved;
        if (resume != null) {
            if (config != null || !overrides.isEmpty()) {
                throw new InvalidInputException("--resume: expected no other training options (the run's config.yaml is "
                        + "used), found " + (config != null ? "--config" : "--" + overrides.keySet().iterator().next()));
            }
            dir = RunDirectory.open(resume);
            if (Files.exists(dir.resolve("summary.json"))) {
                throw new InvalidInputException(resume + ": expected an unfinished run, found a finished one (summary.json "
                        + "exists)");
            }
            resolved = ConfigLoader.resolve(dir.resolve("config.yaml"), Map.of());
        } else {
            resolved = ConfigLoader.resolve(config, overrides);
            dir = null;
        }
        Experiment experiment = new Experiment(resolved, System.err);
        DataBundle data = experiment.loadData(); // data errors surface before the run directory exists
        if (dir == null) {
            dir = RunDirectory.create(resolved.out(), resolved.method() + "-" + resolved.dataset() + "-" + resolved.model());
        }
        RunResult result;
        try (StopSignal stop = new StopSignal(experiment::requestStop)) {
            result = resume != null ? experiment.resume(data, dir) : experiment.run(data, dir);
        }
        spec.commandLine().getOut().print(RunSummary.toMarkdown(result));
        spec.commandLine().getOut().println("\nRun directory: " + dir.root());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}

package io.github.washjava.cli;

import io.github.washjava.config.ConfigLoader;
import io.github.washjava.config.TrainConfig;
import io.github.washjava.data.DataBundle;
import io.github.washjava.experiment.Cluster;
import io.github.washjava.experiment.Experiment;
import io.github.washjava.experiment.RunDirectories;
import io.github.washjava.experiment.RunSetup;
import io.github.washjava.report.RunDirectory;
import io.github.washjava.report.RunResult;
import io.github.washjava.report.RunSummary;
import io.github.washjava.util.InvalidInputException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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

    @Mixin
    DistributedOptions distributed;

    private Cluster cluster;

    private void failed(RuntimeException e) {
        if (cluster != null) {
            cluster.fail(e);
        }
    }

    @Override
    public Integer call() {
        Map<String, Object> overrides = TrainOptions.matched(spec.commandLine().getParseResult());
        TrainConfig resolved;
        if (resume != null) {
            if (config != null || !overrides.isEmpty()) {
                throw new InvalidInputException("--resume: expected no other training options (the run's config.yaml is "
                        + "used), found " + (config != null ? "--config" : "--" + overrides.keySet().iterator().next()));
            }
            if (Files.exists(resume.resolve("summary.json"))) {
                throw new InvalidInputException(resume + ": expected an unfinished run, found a finished one (summary.json "
                        + "exists)");
            }
            resolved = ConfigLoader.resolve(RunDirectory.open(resume).resolve("config.yaml"), Map.of());
        } else {
            resolved = ConfigLoader.resolve(config, overrides);
        }
        cluster = distributed.join(resolved, "train", resume != null);
        try {
            Experiment experiment = cluster.configure(new Experiment(resolved)).progress(System.err);
            DataBundle data = experiment.loadData(); // data and setup errors surface before anything is written
            RunSetup setup = experiment.prepare(data);
            RunResult result;
            Path dir;
            try (StopSignal stop = StopSignal.forWork(experiment)) {
                if (resume != null) {
                    RunDirectory opened = RunDirectories.open(cluster.collective(), resume);
                    dir = opened.root();
                    result = experiment.resume(setup, opened);
                } else {
                    RunDirectory created = RunDirectories.create(cluster.collective(), resolved.out(),
                            resolved.method() + "-" + resolved.dataset() + "-" + resolved.model());
                    dir = created.root();
                    result = experiment.run(setup, created);
                }
            }
            if (result != null) {
                PrintWriter out = spec.commandLine().getOut();
                out.print(RunSummary.toMarkdown(result));
                out.println("\nRun directory: " + dir);
                out.flush();
            }
        } catch (RuntimeException e) {
            failed(e);
            throw e;
        } finally {
            cluster.close();
        }
        return ExitCodes.OK;
    }
}

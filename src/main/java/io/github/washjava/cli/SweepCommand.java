package io.github.washjava.cli;

import io.github.washjava.config.SweepPlan;
import io.github.washjava.experiment.Cluster;
import io.github.washjava.experiment.RunDirectories;
import io.github.washjava.experiment.SweepRun;
import io.github.washjava.report.RunDirectory;
import io.github.washjava.report.SweepReport;
import io.github.washjava.util.InvalidInputException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code wash sweep}: runs every cell of a grid ({@link SweepRun}) and prints the table. A sweep
 * continues with {@code --resume DIR}.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a grid of training runs from a sweep file and write the table and ablation charts.")
public final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    static final class Target {
        @Option(names = "--out", paramLabel = "DIR", description = "A new sweep directory.")
        String out;
        @Option(names = "--resume", paramLabel = "DIR", description = "Continue the sweep in DIR (its own sweep file).")
        Path resume;
    }

    @Option(names = "--config", paramLabel = "FILE", description = "Sweep file with base and grid (needed unless --resume).")
    Path config;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Target target = new Target();

    @Option(names = "--max-cells", defaultValue = "0", description = "Run at most K unfinished cells now (0 = all); "
            + "continue later with --resume.")
    int maxCells;

    @Option(names = "--report-only", description = "With --resume: write the tables and charts of the cells finished "
            + "so far and run none (also while another sweep works in the directory).")
    boolean reportOnly;

    @Option(names = "--device", description = DeviceOption.DESCRIPTION + "; sets the sweep file's base device for every "
            + "cell, kept for --resume (default: the file's, else cpu).")
    String device;

    @Mixin
    DistributedOptions distributed;

    @Override
    public Integer call() {
        Path file;
        if (target.resume != null) {
            if (config != null) {
                throw new InvalidInputException("--config: expected none with --resume (the sweep's own sweep file is used), "
                        + "found " + config);
            }
            file = RunDirectory.open(target.resume).resolve("sweep.yaml");
        } else {
            if (config == null) {
                throw new InvalidInputException("--config: expected a sweep file, found none");
            }
            file = config;
        }
        if (reportOnly && target.resume == null) {
            throw new InvalidInputException("--report-only: expected --resume DIR (a sweep directory), found none");
        }
        if (maxCells < 0) {
            throw new InvalidInputException("max-cells: expected an integer >= 0, found " + maxCells);
        }
        if (device != null && target.resume != null) {
            throw new InvalidInputException("--device: expected none with --resume (the sweep continues on the device "
                    + "its sweep file names), found " + device);
        }
        SweepPlan plan = SweepPlan.read(file);
        if (device != null) {
            plan = plan.withBase("device", device, "--device");
        }
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("base", plan.base());
        identity.put("grid", plan.grid());
        Cluster cluster = distributed.join(identity, "sweep" + (target.resume != null ? " --resume" : ""));
        try {
            RunDirectory dir;
            if (target.resume != null) {
                dir = RunDirectories.open(cluster.collective(), target.resume);
            } else {
                dir = RunDirectories.create(cluster.collective(), target.out, "sweep");
            }
            if (target.resume == null && !Files.exists(dir.resolve("sweep.yaml"))) {
                dir.writeText("sweep.yaml", plan.toYaml()); // the plan as read, for --resume and the report
            }
            SweepRun run = new SweepRun(dir, plan).collective(cluster.collective()).cores(cluster.cores());
            SweepRun.Outcome outcome;
            if (reportOnly) {
                outcome = run.report();
            } else {
                try (StopSignal stop = StopSignal.forWork(run)) {
                    outcome = run.run(maxCells, spec.commandLine().getErr(), System.err);
                }
            }
            if (cluster.collective().rank() == 0) {
                PrintWriter out = spec.commandLine().getOut();
                out.print(SweepReport.markdown(dir, plan, outcome.finished()));
                if (!outcome.complete()) {
                    out.println("\n" + outcome.finished().size() + " of " + outcome.cells() + " cells finished; continue "
                            + "with: wash sweep --resume " + dir.root());
                }
                out.println("\nSweep directory: " + dir.root());
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

package io.github.washjava.cli;

import io.github.washjava.Experiment;
import io.github.washjava.InvalidInputException;
import io.github.washjava.data.DataBundle;
import io.github.washjava.report.RunDirectory;
import io.github.washjava.report.SweepPlan;
import io.github.washjava.report.SweepReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code wash sweep}: runs every cell of a grid (p values, schedules, N, methods, seeds...) into
 * {@code DIR/cells/<cell>/}, then writes the table (sweep.md/.json/.csv) and the ablation charts. A
 * sweep continues with {@code --resume DIR}: finished cells (with a summary.json) are kept, an
 * unfinished cell resumes from its last good checkpoint (or starts again if it never wrote its config).
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a grid of training runs from a sweep file and write the table and ablation charts.")
public final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    static final class Target {
        @Option(names = "--out", paramLabel = "DIR", description = "A new sweep directory.")
        String out;
        @Option(names = "--resume", paramLabel = "DIR", description = "Continue the sweep in DIR (its sweep.yaml).")
        Path resume;
    }

    @Option(names = "--config", paramLabel = "FILE", description = "Sweep file with base and grid (needed unless --resume).")
    Path config;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Target target = new Target();

    @Option(names = "--max-cells", defaultValue = "0", description = "Run at most K unfinished cells now (0 = all); "
            + "continue later with --resume.")
    int maxCells;

    private volatile Experiment current;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        RunDirectory dir;
        SweepPlan plan;
        if (target.resume != null) {
            if (config != null) {
                throw new InvalidInputException("--config: expected none with --resume (the sweep's own sweep.yaml is used), "
                        + "found " + config);
            }
            dir = RunDirectory.open(target.resume);
            plan = SweepPlan.read(dir.resolve("sweep.yaml"));
        } else {
            if (config == null) {
                throw new InvalidInputException("--config: expected a sweep file, found none");
            }
            plan = SweepPlan.read(config);
            dir = RunDirectory.create(target.out, "sweep");
            dir.writeText("sweep.yaml", Files.readString(config));
        }
        List<SweepPlan.Cell> cells = plan.cells();
        DataBundle data = null;
        int ranNow = 0;
        try (StopSignal stop = StopSignal.forCurrent(() -> current)) {
            for (SweepPlan.Cell cell : cells) {
                Path cellDir = dir.resolve("cells").resolve(cell.name());
                if (Files.isRegularFile(cellDir.resolve("summary.json"))) {
                    err.println("sweep: " + cell.name() + " already finished, kept");
                    continue;
                }
                if (maxCells > 0 && ranNow >= maxCells) {
                    continue;
                }
                if (data == null) {
                    data = new Experiment(cell.config(), null).loadData();
                }
                current = new Experiment(cell.config(), System.err);
                if (Files.isRegularFile(cellDir.resolve("config.yaml"))) {
                    err.println("sweep: resuming " + cell.name());
                    err.flush();
                    current.resume(data, RunDirectory.open(cellDir));
                } else {
                    RunDirectory.deleteRecursively(cellDir); // a cell that never got going starts again from scratch
                    err.println("sweep: running " + cell.name());
                    err.flush();
                    current.run(data, RunDirectory.create(cellDir.toString(), cell.name()));
                }
                ranNow++;
                current = null;
                Experiment.releaseNativeMemory();
            }
        } catch (io.github.washjava.train.TrainingInterruptedException e) {
            throw StopSignal.resumeWith(e, "wash sweep --resume " + dir.root());
        }
        List<SweepPlan.Cell> finished = new ArrayList<>();
        for (SweepPlan.Cell cell : cells) {
            if (Files.isRegularFile(dir.resolve("cells").resolve(cell.name()).resolve("summary.json"))) {
                finished.add(cell);
            }
        }
        SweepReport.write(dir, plan, finished);
        PrintWriter out = spec.commandLine().getOut();
        out.print(SweepReport.markdown(dir, plan, finished));
        if (finished.size() < cells.size()) {
            out.println("\n" + finished.size() + " of " + cells.size() + " cells finished; continue with: wash sweep --resume "
                    + dir.root());
        }
        out.println("\nSweep directory: " + dir.root());
        out.flush();
        return ExitCodes.OK;
    }

}

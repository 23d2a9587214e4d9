package io.github.washjava.experiment;

import io.github.washjava.collective.Agreement;
import io.github.washjava.collective.Collective;
import io.github.washjava.collective.SingleProcess;
import io.github.washjava.config.SweepPlan;
import io.github.washjava.report.RunDirectory;
import io.github.washjava.report.SweepReport;
import io.github.washjava.train.TrainingInterruptedException;
import io.github.washjava.util.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A grid of runs (p values, schedules, N, methods, seeds...) from a sweep file, each cell into
 * {@code DIR/cells/<cell>/}, then the table and the ablation charts. Finished cells (with a
 * summary.json) are kept; a cell that started resumes from its last good checkpoint; a cell that
 * never wrote its config starts again. Data is loaded once per distinct data key, so cells that vary
 * the dataset or its limits each train on their own data.
 */
public final class SweepRun implements Stoppable {
    /** The cells finished so far and how many the plan has. */
    public record Outcome(List<SweepPlan.Cell> finished, int cells) {
        public boolean complete() {
            return finished.size() == cells;
        }
    }

    private final RunDirectory dir;
    private final SweepPlan plan;
    private Collective collective = new SingleProcess();
    private int cores = Runtime.getRuntime().availableProcessors();
    private volatile Experiment current;
    private volatile boolean stopRequested;

    public SweepRun(RunDirectory dir, SweepPlan plan) {
        this.dir = dir;
        this.plan = plan;
    }

    /** Trains with the ranks of {@code value} (default: this process alone). */
    public SweepRun collective(Collective value) {
        this.collective = value;
        return this;
    }

    /** Cores this process may use. */
    public SweepRun cores(int value) {
        this.cores = value;
        return this;
    }

    /**
     * Runs at most {@code maxCells} unfinished cells (0 = all), then writes the table and charts of
     * every finished cell (rank 0).
     */
    public Outcome run(int maxCells, PrintWriter log, PrintStream progress) {
        try (DirectoryLock lock = collective.rank() == 0 ? DirectoryLock.acquire(dir.root()) : null) {
            return runCells(maxCells, log, progress);
        }
    }

    /** Writes the table and charts of the cells finished so far and runs none (another sweep may be running them). */
    public Outcome report() {
        List<SweepPlan.Cell> finished = finishedCells();
        if (collective.rank() == 0) {
            SweepReport.write(dir, plan, finished);
        }
        return new Outcome(finished, plan.cells().size());
    }

    private List<SweepPlan.Cell> finishedCells() {
        List<SweepPlan.Cell> finished = new ArrayList<>();
        for (SweepPlan.Cell cell : plan.cells()) {
            if (Files.isRegularFile(cellDirectory(cell).resolve("summary.json"))) {
                finished.add(cell);
            }
        }
        return finished;
    }

    private Outcome runCells(int maxCells, PrintWriter log, PrintStream progress) {
        boolean rank0 = collective.rank() == 0;
        List<SweepPlan.Cell> cells = plan.cells();
        DataCache data = new DataCache();
        int ranNow = 0;
        try {
            for (SweepPlan.Cell cell : cells) {
                Path cellDir = cellDirectory(cell);
                if (Agreement.rootValue(collective, Files.isRegularFile(cellDir.resolve("summary.json")))) {
                    if (rank0) {
                        log.println("sweep: " + cell.name() + " already finished, kept");
                    }
                    continue;
                }
                if (maxCells > 0 && ranNow >= maxCells) {
                    continue;
                }
                if (stopRequested) {
                    throw new TrainingInterruptedException("interrupted before " + cell.name() + "; resume with: x");
                }
                Experiment e = new Experiment(cell.config()).progress(rank0 ? progress : null).collective(collective)
                        .cores(cores);
                current = e;
                if (stopRequested) {
                    e.requestStop();
                }
                RunSetup setup = e.prepare(data.get(cell.config()));
                if (Agreement.rootValue(collective, Files.isRegularFile(cellDir.resolve("config.yaml")))) {
                    say(log, "sweep: resuming " + cell.name());
                    e.resume(setup, RunDirectories.open(collective, cellDir));
                } else {
                    if (rank0) {
                        delete(cellDir); // a cell that never got going starts again from scratch
                    }
                    say(log, "sweep: running " + cell.name());
                    e.run(setup, RunDirectories.createNamed(collective, cellDir));
                }
                ranNow++;
                current = null;
                Experiment.releaseNativeMemory();
            }
        } catch (TrainingInterruptedException e) {
            throw new TrainingInterruptedException(e.getMessage().replaceFirst("resume with: .*",
                    "resume with: wash sweep --resume " + dir.root()));
        }
        return report();
    }

    private void say(PrintWriter log, String line) {
        if (collective.rank() == 0) {
            log.println(line);
            log.flush();
        }
    }

    /** Where a cell's run lives. */
    public Path cellDirectory(SweepPlan.Cell cell) {
        return dir.resolve("cells").resolve(cell.name());
    }

    private static void delete(Path p) {
        try {
            AtomicFiles.deleteRecursively(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

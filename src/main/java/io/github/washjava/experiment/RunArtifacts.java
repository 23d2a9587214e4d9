package io.github.washjava.experiment;

import io.github.washjava.config.ConfigLoader;
import io.github.washjava.eval.FinalEvaluation;
import io.github.washjava.model.ModelArchive;
import io.github.washjava.population.Population;
import io.github.washjava.report.Charts;
import io.github.washjava.report.MetricsCsv;
import io.github.washjava.report.MetricsFile;
import io.github.washjava.report.RunDirectory;
import io.github.washjava.report.RunResult;
import io.github.washjava.report.RunSummary;

/**
 * What a finished run leaves in its directory besides its config, metrics and checkpoints: the
 * averaged and greedy-soup models (and every member's, with {@code save-members}), summary.json and
 * summary.md, the metrics as CSV and the charts.
 */
public final class RunArtifacts {
    private RunArtifacts() {
    }

    /** Writes the models of {@code outcome} (and of the members of {@code population}) into {@code dir/models/}. */
    public static void writeModels(RunDirectory dir, RunSetup setup, Population population, FinalEvaluation.Outcome outcome) {
        var norm = setup.data().normalization();
        var names = setup.data().classNames();
        boolean centreCrop = setup.data().test().centreCropped();
        ModelArchive.save(outcome.uniformSoup(), setup.spec(), norm, names, centreCrop, dir.resolve("models/average.pt"));
        ModelArchive.save(outcome.greedySoup(), setup.spec(), norm, names, centreCrop, dir.resolve("models/greedy-soup.pt"));
        if (setup.config().saveMembers()) {
            for (var m : population.members()) {
                ModelArchive.save(m.model(), setup.spec(), norm, names, centreCrop, dir.resolve("models/member-" + m.id() + ".pt"));
            }
        }
    }

    /** Writes summary.json/.md, then the CSV exports and charts of the (closed) metrics file. */
    public static void writeReports(RunDirectory dir, RunSetup setup, RunResult result) {
        RunSummary.write(dir, result, ConfigLoader.toMap(setup.config()));
        MetricsFile recorded = MetricsFile.read(dir.resolve("metrics.jsonl"));
        MetricsCsv.export(dir, recorded);
        Charts.forRun(dir, recorded);
    }
}

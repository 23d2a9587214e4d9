package io.github.washjava.report;

import java.util.Locale;

/** CSV exports of {@code metrics.jsonl}: steps.csv, epochs.csv, consensus.csv and (if any) eval.csv. */
public final class MetricsCsv {
    private MetricsCsv() {
    }

    /** Writes the CSV files into the run directory. */
    public static void export(RunDirectory dir, MetricsFile m) {
        StringBuilder steps = new StringBuilder("step,epoch,member,loss,lr\n");
        for (MetricsFile.StepLoss s : m.steps) {
            steps.append(String.format(Locale.ROOT, "%d,%d,%d,%.6g,%.6g%n", s.step(), s.epoch(), s.member(), s.loss(), s.lr()));
        }
        dir.writeText("steps.csv", steps.toString());
        StringBuilder epochs = new StringBuilder("epoch,member,train_accuracy,train_loss\n");
        for (MetricsFile.EpochAccuracy e : m.epochs) {
            epochs.append(String.format(Locale.ROOT, "%d,%d,%.6f,%.6g%n", e.epoch(), e.member(), e.accuracy(), e.loss()));
        }
        dir.writeText("epochs.csv", epochs.toString());
        StringBuilder consensus = new StringBuilder("step,epoch,distance,q1,q2,q3,q4\n");
        for (MetricsFile.Consensus c : m.consensus) {
            consensus.append(String.format(Locale.ROOT, "%d,%d,%.6g,%.6g,%.6g,%.6g,%.6g%n", c.step(), c.epoch(), c.distance(),
                    c.quarters()[0], c.quarters()[1], c.quarters()[2], c.quarters()[3]));
        }
        dir.writeText("consensus.csv", consensus.toString());
        if (!m.evaluations.isEmpty()) {
            StringBuilder eval = new StringBuilder("epoch,step,members_mean,ensemble,uniform_soup\n");
            for (MetricsFile.Evaluation e : m.evaluations) {
                double mean = e.members().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
                eval.append(String.format(Locale.ROOT, "%d,%d,%.6f,%.6f,%.6f%n", e.epoch(), e.step(), mean, e.ensemble(),
                        e.uniformSoup()));
            }
            dir.writeText("eval.csv", eval.toString());
        }
    }
}

package io.github.washjava.report;

import io.github.washjava.train.TrainingListener;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A live progress bar on stderr: epoch, step, mean loss and images/s of the population. */
public final class ProgressReporter implements TrainingListener, AutoCloseable {
    private final ProgressBar bar;
    private final int epochs;
    private double smoothedLoss = Double.NaN;
    private double imagesPerSecond;
    private long started = System.nanoTime();
    private long images;

    public ProgressReporter(PrintStream err, long totalSteps, int epochs) {
        this.epochs = epochs;
        this.bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(totalSteps)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate()
                .setConsumer(new ConsoleProgressBarConsumer(err)).build();
    }

    @Override
    public void onStep(StepRecord r) {
        double mean = 0;
        for (float l : r.losses()) {
            mean += l;
        }
        mean /= r.losses().length;
        smoothedLoss = Double.isNaN(smoothedLoss) ? mean : 0.95 * smoothedLoss + 0.05 * mean;
        images += (long) r.batchSize() * r.losses().length;
        double seconds = (System.nanoTime() - started) / 1e9;
        imagesPerSecond = seconds > 0 ? images / seconds : 0;
        bar.stepTo(r.step() + 1);
        bar.setExtraMessage(String.format(java.util.Locale.ROOT, "epoch %d/%d loss %.3f %.0f img/s", r.epoch() + 1, epochs,
                smoothedLoss, imagesPerSecond));
    }

    @Override
    public void close() {
        bar.close();
    }
}

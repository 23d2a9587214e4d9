package io.github.washjava.report;

import io.github.washjava.util.Json;
import io.github.washjava.train.TrainingListener;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code metrics.jsonl}: one JSON object per line. Per step and member: {@code type=step}, step,
 * epoch, member, loss, lr, and the values the exchange sent after the step. Per epoch and member:
 * {@code type=epoch} with train accuracy and mean loss. Per epoch for the population:
 * {@code type=epoch_summary} with images/s, the exchange's share of step time, cumulative values sent
 * and resident memory. Extra records (e.g. {@code type=consensus}) can be added with {@link #write}.
 */
public final class MetricsLog implements TrainingListener, AutoCloseable {
    private final BufferedWriter out;
    private boolean closed;

    public MetricsLog(Path file) {
        this(file, 0);
    }

    /**
     * Opens {@code file} keeping only its first {@code keepBytes} bytes (what a checkpoint recorded;
     * 0 starts a new file), then appends.
     */
    public MetricsLog(Path file, long keepBytes) {
        try {
            if (keepBytes > 0) {
                try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                        java.nio.file.StandardOpenOption.WRITE)) {
                    ch.truncate(keepBytes);
                }
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
            } else {
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void onStep(StepRecord r) {
        for (int i = 0; i < r.losses().length; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "step");
            m.put("step", r.step());
            m.put("epoch", r.epoch());
            m.put("member", i);
            m.put("loss", r.losses()[i]);
            m.put("lr", r.lr());
            if (i == 0) {
                m.put("values_sent", r.valuesSent());
            }
            write(m);
        }
    }

    @Override
    public void onEpoch(EpochRecord r) {
        for (int i = 0; i < r.trainAccuracy().length; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "epoch");
            m.put("epoch", r.epoch());
            m.put("step", r.step());
            m.put("member", i);
            m.put("train_accuracy", r.trainAccuracy()[i]);
            m.put("train_loss", r.meanLoss()[i]);
            write(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "epoch_summary");
        m.put("epoch", r.epoch());
        m.put("step", r.step());
        m.put("images_per_second", r.imagesPerSecond());
        m.put("exchange_share", r.exchangeShare());
        m.put("values_sent_total", r.valuesSentTotal());
        m.put("rss_mb", r.rssMb());
        m.put("peak_rss_mb", r.peakRssMb());
        write(m);
        flush();
    }

    /** Appends one record. */
    public void write(Map<String, Object> record) {
        try {
            out.write(Json.line(record));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("metrics.jsonl: cannot write (" + e.getMessage() + ")", e);
        }
    }

    public void flush() {
        if (closed) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the file; closing twice is harmless. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

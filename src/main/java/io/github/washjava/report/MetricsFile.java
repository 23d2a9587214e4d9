package io.github.washjava.report;

import io.github.washjava.util.Json;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.washjava.util.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A run's {@code metrics.jsonl}, parsed into the series the charts and CSV exports need. */
public final class MetricsFile {
    /** Loss of one member at one step. */
    public record StepLoss(long step, int epoch, int member, double loss, double lr) {
    }

    /** One member's training accuracy and loss over an epoch. */
    public record EpochAccuracy(int epoch, int member, double accuracy, double loss) {
    }

    /** Distance to consensus at a step, overall and by depth quarter. */
    public record Consensus(long step, int epoch, double distance, double[] quarters) {
    }

    /** Test accuracies measured during training. */
    public record Evaluation(int epoch, long step, List<Double> members, double ensemble, double uniformSoup) {
    }

    /** Population throughput and memory at an epoch's end. */
    public record EpochSummary(int epoch, long step, double imagesPerSecond, double exchangeShare, long valuesSentTotal,
            double rssMb, double peakRssMb) {
    }

    public final List<StepLoss> steps = new ArrayList<>();
    public final List<EpochAccuracy> epochs = new ArrayList<>();
    public final List<Consensus> consensus = new ArrayList<>();
    public final List<Evaluation> evaluations = new ArrayList<>();
    public final List<EpochSummary> epochSummaries = new ArrayList<>();

    /** Reads {@code file}; a malformed line is reported with its number. */
    public static MetricsFile read(Path file) {
        MetricsFile m = new MetricsFile();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": expected a metrics.jsonl file, found none (" + e.getMessage() + ")");
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            JsonNode n;
            try {
                n = Json.MAPPER.readTree(lines.get(i));
            } catch (IOException e) {
                throw new InvalidInputException(file + ":" + (i + 1) + ": expected one JSON object, found malformed JSON");
            }
            switch (n.path("type").asText()) {
                case "step" -> m.steps.add(new StepLoss(n.get("step").asLong(), n.get("epoch").asInt(),
                        n.get("member").asInt(), n.get("loss").asDouble(), n.get("lr").asDouble()));
                case "epoch" -> m.epochs.add(new EpochAccuracy(n.get("epoch").asInt(), n.get("member").asInt(),
                        n.get("train_accuracy").asDouble(), n.get("train_loss").asDouble()));
                case "consensus" -> {
                    double[] q = new double[4];
                    for (int k = 0; k < 4 && n.has("quarters"); k++) {
                        q[k] = n.get("quarters").get(k).asDouble();
                    }
                    m.consensus.add(new Consensus(n.get("step").asLong(), n.get("epoch").asInt(),
                            n.get("distance").asDouble(), q));
                }
                case "eval" -> {
                    List<Double> members = new ArrayList<>();
                    n.get("members").forEach(v -> members.add(v.asDouble()));
                    m.evaluations.add(new Evaluation(n.get("epoch").asInt(), n.get("step").asLong(), members,
                            n.get("ensemble").asDouble(), n.get("uniform_soup").asDouble()));
                }
                case "epoch_summary" -> m.epochSummaries.add(new EpochSummary(n.get("epoch").asInt(), n.get("step").asLong(),
                        n.get("images_per_second").asDouble(), n.get("exchange_share").asDouble(),
                        n.get("values_sent_total").asLong(), n.get("rss_mb").asDouble(), n.get("peak_rss_mb").asDouble()));
                default -> {
                    // other record types are for other tools
                }
            }
        }
        return m;
    }

    /** Number of members seen in the step records. */
    public int members() {
        return steps.stream().mapToInt(StepLoss::member).max().orElse(-1) + 1;
    }
}

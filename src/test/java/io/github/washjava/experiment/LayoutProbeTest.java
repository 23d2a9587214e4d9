package io.github.washjava.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.washjava.config.ConfigLoader;
import io.github.washjava.config.TrainConfig;
import io.github.washjava.data.DataBundle;
import io.github.washjava.model.ModelSpec;
import io.github.washjava.population.Layout;
import io.github.washjava.report.RunDirectory;
import io.github.washjava.report.RunResult;
import io.github.washjava.train.Sgd;
import io.github.washjava.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default layout: which candidates are measured, that the fastest is taken, and that a resume keeps it. */
class LayoutProbeTest {
    @TempDir
    Path dir;

    @Test
    void candidatesSpendEveryCoreOnceAndRespectWhatWasAsked() {
        assertThat(LayoutProbe.candidates(2, 5, 0, 0)).containsExactly(new Layout(1, 2), new Layout(2, 1));
        assertThat(LayoutProbe.candidates(16, 5, 0, 0)).containsExactly(new Layout(1, 16), new Layout(2, 8),
                new Layout(4, 4), new Layout(5, 3));
        assertThat(LayoutProbe.candidates(1, 5, 0, 0)).containsExactly(new Layout(1, 1));
        assertThat(LayoutProbe.candidates(4, 1, 0, 0)).containsExactly(new Layout(1, 4));
        assertThat(LayoutProbe.candidates(2, 5, 2, 0)).containsExactly(new Layout(2, 1));
        assertThat(LayoutProbe.candidates(2, 5, 9, 0)).containsExactly(new Layout(5, 1));
        assertThat(LayoutProbe.candidates(2, 5, 0, 1)).containsExactly(new Layout(1, 1), new Layout(2, 1));
        assertThat(LayoutProbe.candidates(4, 5, 0, 2)).containsExactly(new Layout(1, 2), new Layout(2, 2));
    }

    @Test
    void aShortRunIsNotWorthMeasuring() {
        List<Layout> two = List.of(new Layout(1, 2), new Layout(2, 1));
        // 2 candidates × (1 warm-up pass + 2 rounds) × 5 steps of the whole population = 30 steps, so the
        // run needs 300
        assertThat(LayoutProbe.worthMeasuring(two, 299)).isFalse();
        assertThat(LayoutProbe.worthMeasuring(two, 300)).isTrue();
        assertThat(LayoutProbe.worthMeasuring(List.of(new Layout(1, 2)), 100_000)).isFalse();
    }

    @Test
    void everyOtherRoundRunsTheCandidatesInReverse() {
        int[][] order = new int[2][3];
        for (int round = 0; round < 2; round++) {
            for (int k = 0; k < 3; k++) {
                order[round][k] = LayoutProbe.candidateAt(round, k, 3);
            }
        }
        assertThat(order).isDeepEqualTo(new int[][] {{0, 1, 2}, {2, 1, 0}});
        assertThat(LayoutProbe.candidateAt(2, 0, 2)).isZero();
    }

    @Test
    void theFastestMeasuredCandidateIsChosen() {
        TrainConfig config = config(Map.of());
        DataBundle data = DataCache.load(config);
        ModelSpec spec = new ModelSpec("small-cnn", 1, 16, 16, 10);
        List<Layout> candidates = List.of(new Layout(1, 1), new Layout(2, 1));
        LayoutProbe.Choice choice = LayoutProbe.choose(candidates, spec, data, 32, 4, new Sgd(Sgd.Options.paperDefaults()),
                1);
        assertThat(choice.imagesPerSecond()).containsOnlyKeys(candidates);
        assertThat(choice.imagesPerSecond().values()).allSatisfy(v -> assertThat(v).isPositive());
        double best = choice.imagesPerSecond().values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertThat(choice.imagesPerSecond().get(choice.layout())).isEqualTo(best);
        assertThat(choice.describe()).startsWith(choice.layout() + " (measured 1 × 1: ");

        LayoutProbe.Choice single = LayoutProbe.choose(List.of(new Layout(1, 1)), spec, data, 32, 4,
                new Sgd(Sgd.Options.paperDefaults()), 1);
        assertThat(single.imagesPerSecond()).isEmpty();
        assertThat(single.layout()).isEqualTo(new Layout(1, 1));
    }

    @Test
    void aRunRecordsItsLayoutAndAResumeKeepsIt() throws Exception {
        // 2 members, 91 steps an epoch × 4: long enough to be worth measuring
        TrainConfig config = config(Map.of("threads", 0, "intra-op-threads", 1, "train-limit", 3000, "epochs", 4,
                "population", 2, "checkpoint-every", 0));
        DataBundle data = DataCache.load(config);
        Path run = dir.resolve("run");
        Experiment first = new Experiment(config).cores(2);
        RunResult result = first.run(data, RunDirectory.create(run.toString(), "x"));
        JsonNode kept = Json.MAPPER.readTree(run.resolve("checkpoints").resolve(Experiment.LAYOUT_FILE).toFile());
        assertThat(kept.get("threads").asInt()).isEqualTo(result.cost().threads());
        assertThat(kept.get("intra_op_threads").asInt()).isEqualTo(1);
        assertThat(kept.get("measured_images_per_second").size()).isEqualTo(2);

        // A resume steps with the recorded layout, whatever a new measurement would say.
        Files.writeString(run.resolve("checkpoints").resolve(Experiment.LAYOUT_FILE),
                "{\"threads\": 3, \"intra_op_threads\": 1}");
        Files.delete(run.resolve("summary.json"));
        RunResult resumed = new Experiment(config).cores(2).resume(new Experiment(config).prepare(data),
                RunDirectory.open(run));
        assertThat(resumed.cost().threads()).isEqualTo(3);
        assertThat(resumed.cost().intraOpThreads()).isEqualTo(1);
    }

    private static TrainConfig config(Map<String, Object> extra) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("dataset", "synthetic");
        o.put("population", 3);
        o.put("epochs", 1);
        o.put("train-limit", 320);
        o.put("test-limit", 64);
        o.put("batch-size", 32);
        o.put("bn-batches", 1);
        o.put("save-members", false);
        o.putAll(extra);
        return ConfigLoader.resolve(null, o);
    }
}

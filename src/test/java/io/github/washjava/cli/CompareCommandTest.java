package io.github.washjava.cli;

import static io.github.washjava.cli.TrainCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {
    @TempDir
    Path dir;

    @Test
    void compareOnSyntheticDataWritesThreeFilesWithOneRowPerMethod() throws IOException {
        // Issue 3: compare on synthetic data produces comparison.md/.json/.csv with one row per method.
        Path out = dir.resolve("cmp");
        TrainCommandTest.Outcome o = run("compare", "--methods", "wash,papa,papa-all,papa-2,dart,sparta,independent",
                "--dataset", "synthetic", "--population", "3", "--epochs", "2", "--train-limit", "260", "--test-limit",
                "100", "--bn-batches", "2", "--merge-every", "1", "--dart-every", "2", "--papa-every", "4", "--p", "0.05",
                "--save-members", "false", "--out", out.toString());
        assertThat(o.code()).as(o.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.resolve("comparison.json").toFile());
        assertThat(json.get("rows")).hasSize(7);
        for (JsonNode row : json.get("rows")) {
            String method = row.get("method").asText();
            // Each row is its method's own run: the same numbers as that run's summary.json.
            JsonNode summary = new ObjectMapper().readTree(out.resolve(method).resolve("summary.json").toFile());
            for (String key : new String[] {"ensemble", "uniform_soup", "greedy_soup"}) {
                assertThat(row.get(key)).as(method + " " + key).isEqualTo(summary.get(key).get("accuracy"));
            }
            assertThat(row.get("method").asText()).isEqualTo(summary.get("method").asText());
            assertThat(row.get("members").get("mean").asDouble()).isBetween(row.get("members").get("min").asDouble(),
                    row.get("members").get("max").asDouble());
            assertThat(row.get("wall_seconds").asDouble()).isPositive();
            double sent = row.get("values_sent_per_member_per_step").asDouble();
            if (method.equals("independent")) {
                assertThat(sent).isZero();
            } else {
                assertThat(sent).as(method).isPositive();
            }
            assertThat(out.resolve(method).resolve("summary.json")).isRegularFile();
        }
        JsonNode papa = json.get("rows").get(1);
        assertThat(papa.get("method").asText()).isEqualTo("papa");
        // 254 training images → 3 steps per epoch × 2 epochs = 6 steps; T = 4 → one pull (after step 3),
        // so counted per member per step = 2·d·(N−1)/N / 6 = the formula × T / 6.
        assertThat(papa.get("values_sent_per_member_per_step").asDouble()).isCloseTo(
                papa.get("expected_values_per_member_per_step").asDouble() * 4 / 6, within(1e-6));
        io.github.washjava.testing.Images.assertNonTrivialChart(out.resolve("consensus.png"));
        assertThat(Files.readAllLines(out.resolve("comparison.csv"))).hasSize(8).first().asString().startsWith("method,");
        assertThat(Files.readString(out.resolve("comparison.md"))).contains("| wash |").contains("| papa-all |");
    }

    @Test
    void resumedComparisonKeepsFinishedMethodsAndResumesTheRest() throws IOException {
        // Issue 6: compare --resume continues from the last good checkpoints.
        Path out = dir.resolve("cmp");
        TrainCommandTest.Outcome o = run("compare", "--methods", "wash,independent", "--dataset", "synthetic",
                "--population", "2", "--epochs", "2", "--train-limit", "300", "--test-limit", "60", "--bn-batches", "1",
                "--save-members", "false", "--checkpoint-every", "2", "--out", out.toString());
        assertThat(o.code()).as(o.err()).isZero();
        String before = Files.readString(out.resolve("comparison.csv"));
        // As if the comparison had been killed while training "independent" (its checkpoints remain).
        Files.delete(out.resolve("independent/summary.json"));
        Files.delete(out.resolve("comparison.json"));
        TrainCommandTest.Outcome resumed = run("compare", "--resume", out.toString());
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("compare: wash already finished, kept");
        assertThat(Files.readString(out.resolve("independent/metrics.jsonl")))
                .containsPattern("\\{\"type\":\"resume\",\"step\":\\d+,\"checkpoint\":\".*step-");
        JsonNode json = new ObjectMapper().readTree(out.resolve("comparison.json").toFile());
        assertThat(json.get("rows")).hasSize(2);
        // Same accuracies as before the interruption (the columns before the wall time).
        assertThat(Files.readString(out.resolve("comparison.csv")).lines().map(l -> l.substring(0, l.lastIndexOf(','))))
                .containsExactlyElementsOf(before.lines().map(l -> l.substring(0, l.lastIndexOf(','))).toList());
    }

    @Test
    void unknownMethodIsRejectedBeforeTraining() {
        Path out = dir.resolve("cmp");
        TrainCommandTest.Outcome o = run("compare", "--methods", "wash,pap", "--dataset", "synthetic", "--out",
                out.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).isEqualTo("error: methods: expected names among wash, papa, papa-all, papa-2, dart, sparta, "
                + "independent, found \"pap\"\n");
        assertThat(out).doesNotExist();
    }
}

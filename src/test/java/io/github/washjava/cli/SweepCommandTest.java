package io.github.washjava.cli;

import static io.github.washjava.cli.TrainCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.washjava.testing.Images;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {
    @TempDir
    Path dir;

    private Path sweepFile() throws IOException {
        Path file = dir.resolve("sweep.yaml");
        Files.writeString(file, """
                base:
                  dataset: synthetic
                  population: 2
                  epochs: 1
                  train-limit: 200
                  test-limit: 60
                  bn-batches: 1
                  save-members: false
                  consensus-every: 1
                grid:
                  p: [0.01, 0.1]
                  schedule: [constant, decreasing]
                """);
        return file;
    }

    @Test
    void interruptedSweepRestartedFinishesTheRestOnly() throws IOException {
        // Issue 4: a sweep interrupted after some cells and restarted finishes the rest only.
        Path out = dir.resolve("sweep");
        TrainCommandTest.Outcome first = run("sweep", "--config", sweepFile().toString(), "--out", out.toString(),
                "--max-cells", "2");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("2 of 4 cells finished; continue with: wash sweep --resume " + out);
        Path finished = out.resolve("cells/p=0.01_schedule=constant/summary.json");
        FileTime before = Files.getLastModifiedTime(finished);
        // An unfinished cell left by a crash (no summary.json) is started again from scratch.
        Path crashed = out.resolve("cells/p=0.1_schedule=constant");
        Files.createDirectories(crashed);
        Files.writeString(crashed.resolve("metrics.jsonl"), "{\"type\":\"step\"");

        TrainCommandTest.Outcome second = run("sweep", "--resume", out.toString());
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.err()).contains("p=0.01_schedule=constant already finished, kept")
                .contains("p=0.01_schedule=decreasing already finished, kept")
                .contains("running p=0.1_schedule=constant").contains("running p=0.1_schedule=decreasing");
        assertThat(Files.getLastModifiedTime(finished)).isEqualTo(before);
        JsonNode json = new ObjectMapper().readTree(out.resolve("sweep.json").toFile());
        assertThat(json.get("rows")).hasSize(4);
        assertThat(Files.readAllLines(out.resolve("sweep.csv"))).hasSize(5);
        // The ablation charts: accuracy against p per schedule (Figure 5), distance by depth (Figure 4).
        Images.assertNonTrivialChart(out.resolve("accuracy-vs-p.png"));
        Images.assertSvg(out.resolve("accuracy-vs-p.svg"));
        Images.assertNonTrivialChart(out.resolve("consensus-by-depth.png"));
        Images.assertSvg(out.resolve("consensus-by-depth-q1.svg"));
        Images.assertNonTrivialChart(out.resolve("consensus-by-depth-p=0.1.png"));
    }

    @Test
    void cellsThatVaryADataKeyEachTrainOnTheirOwnData() throws IOException {
        // Issue 9, defect 1: data used to be loaded once, from the first unfinished cell, for every cell.
        // Resumed from the second cell, so a cache keyed on the first cell alone would give it the first's data.
        Path file = dir.resolve("data-sweep.yaml");
        Files.writeString(file, """
                base: {dataset: synthetic, population: 2, epochs: 1, test-limit: 60, bn-batches: 1, save-members: false}
                grid:
                  train-limit: [300, 700]
                  test-limit: [50, 80]
                """);
        Path out = dir.resolve("data-sweep");
        TrainCommandTest.Outcome first = run("sweep", "--config", file.toString(), "--out", out.toString(), "--max-cells",
                "1");
        assertThat(first.code()).as(first.err()).isZero();
        TrainCommandTest.Outcome rest = run("sweep", "--resume", out.toString());
        assertThat(rest.code()).as(rest.err()).isZero();
        ObjectMapper json = new ObjectMapper();
        for (int trainLimit : new int[] {300, 700}) {
            for (int testLimit : new int[] {50, 80}) {
                JsonNode s = json.readTree(out.resolve("cells/train-limit=" + trainLimit + "_test-limit=" + testLimit
                        + "/summary.json").toFile());
                int trained = trainLimit - (int) Math.ceil(0.02 * trainLimit); // the 2% validation hold-out
                assertThat(s.get("steps").asLong()).as("train-limit %d", trainLimit).isEqualTo(trained / 64);
                double right = s.get("members").get("accuracy").get(0).asDouble() * testLimit;
                assertThat(Math.abs(right - Math.round(right))).as("accuracy is a count over %d test images", testLimit)
                        .isLessThan(1e-9);
            }
        }
    }

    @Test
    void badSweepFileIsRejectedBeforeAnythingRuns() throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "grid:\n  p: [0.01, 3]\n");
        Path out = dir.resolve("never");
        TrainCommandTest.Outcome o = run("sweep", "--config", file.toString(), "--out", out.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).isEqualTo("error: " + file + ":2: p: expected a value in [0, 1], found 3.0\n");
        assertThat(out).doesNotExist();
    }
}

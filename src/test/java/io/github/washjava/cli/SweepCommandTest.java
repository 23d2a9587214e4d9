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

    @Test
    void armsOverSeedsAreSummarisedAndPairedSeedBySeed() throws IOException {
        Path file = dir.resolve("study.yaml");
        Files.writeString(file, """
                base: {dataset: synthetic, population: 2, epochs: 1, train-limit: 300, test-limit: 100, bn-batches: 1,
                       save-members: false, model: mlp}
                grid:
                  arm:
                    - {method: wash, p: 0.1}
                    - {method: independent, init: different}
                  seed: [1, 2, 3]
                """);
        Path out = dir.resolve("study");
        TrainCommandTest.Outcome o = run("sweep", "--config", file.toString(), "--out", out.toString());
        assertThat(o.code()).as(o.err()).isZero();
        ObjectMapper json = new ObjectMapper();
        JsonNode cell = json.readTree(out.resolve("cells/method=independent_init=different_seed=2/summary.json").toFile());
        assertThat(cell.get("method").asText()).isEqualTo("independent");
        assertThat(cell.get("seed").asInt()).isEqualTo(2);

        // Recompute from the cells' own summaries: the mean over seeds and the paired difference of soups.
        double[] wash = new double[3];
        double[] independent = new double[3];
        for (int s = 1; s <= 3; s++) {
            wash[s - 1] = json.readTree(out.resolve("cells/method=wash_p=0.1_seed=" + s + "/summary.json").toFile())
                    .get("uniform_soup").get("accuracy").asDouble();
            independent[s - 1] = json.readTree(out.resolve("cells/method=independent_init=different_seed=" + s
                    + "/summary.json").toFile()).get("uniform_soup").get("accuracy").asDouble();
        }
        JsonNode seeds = json.readTree(out.resolve("seeds.json").toFile());
        assertThat(seeds).hasSize(2);
        assertThat(seeds.get(0).get("arm").asText()).isEqualTo("method=wash p=0.1");
        assertThat(seeds.get(0).get("uniform_soup_mean").asDouble())
                .isCloseTo((wash[0] + wash[1] + wash[2]) / 3, org.assertj.core.api.Assertions.within(1e-12));
        JsonNode pair = json.readTree(out.resolve("paired.json").toFile()).get(0);
        assertThat(pair.get("a").asText()).isEqualTo("method=wash p=0.1");
        assertThat(pair.get("b").asText()).isEqualTo("method=independent init=different");
        JsonNode soups = pair.get("uniform_soup_minus_uniform_soup");
        for (int s = 0; s < 3; s++) {
            assertThat(soups.get("differences").get(s).asDouble()).isEqualTo(wash[s] - independent[s]);
        }
        assertThat(Files.readString(out.resolve("seeds.md"))).contains("| method=wash p=0.1 | 3 |");
        assertThat(Files.readString(out.resolve("paired.md")))
                .contains("| method=wash p=0.1 | method=independent init=different | ");
        assertThat(Files.readAllLines(out.resolve("paired.csv"))).hasSize(1 + 2 * 5);
        Images.assertNonTrivialChart(out.resolve("accuracy-by-arm.png"));
        Images.assertSvg(out.resolve("accuracy-by-arm.svg"));
    }

    @Test
    void aSecondSweepInTheSameDirectoryIsRefusedAndReportOnlyRunsNothing() throws IOException {
        Path out = dir.resolve("locked");
        assertThat(run("sweep", "--config", sweepFile().toString(), "--out", out.toString(), "--max-cells", "1").code())
                .isZero();
        Files.delete(out.resolve("sweep.md"));
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(out.resolve(".lock"),
                java.nio.file.StandardOpenOption.WRITE); java.nio.channels.FileLock held = ch.lock()) {
            TrainCommandTest.Outcome o = run("sweep", "--resume", out.toString());
            assertThat(o.code()).isEqualTo(2);
            assertThat(o.err().strip()).isEqualTo("error: " + out + ": expected no other sweep working in this directory, "
                    + "found one holding " + out.resolve(".lock") + " (wait for it, or stop it; --report-only writes the "
                    + "tables meanwhile)");
            TrainCommandTest.Outcome report = run("sweep", "--resume", out.toString(), "--report-only");
            assertThat(report.code()).as(report.err()).isZero();
            assertThat(report.out()).contains("1 of 4 cells finished");
            assertThat(Files.readString(out.resolve("sweep.md"))).contains("| 0.01 | constant |");
            assertThat(out.resolve("cells/p=0.01_schedule=decreasing")).doesNotExist();
        }
        assertThat(run("sweep", "--config", sweepFile().toString(), "--report-only").err().strip())
                .isEqualTo("error: --report-only: expected --resume DIR (a sweep directory), found none");
    }
}

package io.github.washjava.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import io.github.washjava.testing.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {
    @TempDir
    Path dir;

    record Outcome(int code, String out, String err) {
    }

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void endToEndSyntheticRunWritesAValidSummaryAndLoadableModels() throws IOException {
        // Issue 2: an end-to-end run on synthetic data (N = 3, a few steps) writes a valid summary.json.
        Path out = dir.resolve("run");
        Outcome o = run("train", "--dataset", "synthetic", "--population", "3", "--epochs", "1", "--train-limit", "600",
                "--test-limit", "200", "--p", "0.01", "--bn-batches", "3", "--out", out.toString());
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("| uniform soup |").contains("Run directory: " + out);
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(s.get("method").asText()).isEqualTo("wash");
        assertThat(s.get("population").asInt()).isEqualTo(3);
        assertThat(s.get("steps").asLong()).isEqualTo(588 / 64);
        assertThat(s.get("members").get("accuracy")).hasSize(3);
        // The reported accuracies are what the saved models give on the test set.
        var data = io.github.washjava.data.Datasets.load("synthetic", null, 600, 200, 0.02, 32);
        java.util.List<float[]> logits = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            var m = io.github.washjava.model.ModelArchive.load(out.resolve("models/member-" + i + ".pt"));
            var test = new io.github.washjava.eval.Evaluator(data.test(), m.normalization(), 100);
            logits.add(test.logits(m.model()));
            assertThat(test.accuracy(logits.get(i))).isEqualTo(s.get("members").get("accuracy").get(i).asDouble());
        }
        var test = new io.github.washjava.eval.Evaluator(data.test(), data.normalization(), 100);
        assertThat(test.accuracy(io.github.washjava.eval.Evaluator.meanLogits(logits)))
                .isEqualTo(s.get("ensemble").get("accuracy").asDouble());
        for (String[] soup : new String[][] {{"average", "uniform_soup"}, {"greedy-soup", "greedy_soup"}}) {
            var m = io.github.washjava.model.ModelArchive.load(out.resolve("models/" + soup[0] + ".pt"));
            assertThat(test.accuracy(m.model())).as(soup[0]).isEqualTo(s.get(soup[1]).get("accuracy").asDouble());
        }
        assertThat(s.get("ensemble").get("accuracy").asDouble()).as("above chance (10 classes)").isGreaterThan(0.1);
        assertThat(s.get("greedy_soup").get("ingredients").asInt()).isBetween(1, 3);
        assertThat(s.get("communication").get("values_sent_total").asLong()).isPositive();
        assertThat(s.get("communication").get("values_sent_per_member_per_step").asDouble()).isPositive();
        assertThat(s.get("peak_rss_mb").asDouble()).isPositive();
        assertThat(out.resolve("summary.md")).exists();
        assertThat(out.resolve("config.yaml")).exists();
        assertThat(Files.readAllLines(out.resolve("metrics.jsonl"))).anyMatch(l -> l.contains("\"type\":\"epoch\""))
                .anyMatch(l -> l.contains("\"type\":\"step\""));
        for (String model : new String[] {"average", "greedy-soup", "member-0", "member-2"}) {
            assertThat(out.resolve("models/" + model + ".pt")).isRegularFile();
        }
        // Issue 4: the charts and CSV exports of the run, each non-trivial.
        for (String chart : new String[] {"loss", "train-accuracy", "consensus", "consensus-quarters"}) {
            Images.assertNonTrivialChart(out.resolve(chart + ".png"));
            Images.assertSvg(out.resolve(chart + ".svg"));
        }
        assertThat(Files.readAllLines(out.resolve("consensus.csv"))).first().isEqualTo("step,epoch,distance,q1,q2,q3,q4");
        assertThat(Files.readAllLines(out.resolve("steps.csv"))).hasSize(1 + 3 * (588 / 64));
        // The saved average evaluates to the accuracy the summary reports.
        Outcome eval = run("eval", "--model", out.resolve("models/average.pt").toString(), "--dataset", "synthetic",
                "--test-limit", "200");
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(eval.out()).contains(String.format(java.util.Locale.ROOT, "accuracy %.2f%%",
                100 * s.get("uniform_soup").get("accuracy").asDouble()));
        // A second run into the same directory is refused: a run never overwrites another.
        Outcome again = run("train", "--dataset", "synthetic", "--out", out.toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("out: expected a new or empty directory, found existing " + out);
    }

    @Test
    void evalEveryEpochRecordsMembersEnsembleAndUniformSoup() throws IOException {
        // docs/method.md §7 / issue 4: optional test evaluation every E epochs, in metrics.jsonl and eval.csv.
        Path out = dir.resolve("evals");
        Outcome o = run("train", "--dataset", "synthetic", "--population", "2", "--epochs", "3", "--train-limit", "200",
                "--test-limit", "50", "--bn-batches", "1", "--save-members", "false", "--eval-every", "1", "--out",
                out.toString());
        assertThat(o.code()).as(o.err()).isZero();
        var evals = Files.readAllLines(out.resolve("metrics.jsonl")).stream().filter(l -> l.contains("\"type\":\"eval\""))
                .toList();
        assertThat(evals).hasSize(2); // after epochs 0 and 1; the last epoch is the run's own final evaluation
        JsonNode first = new ObjectMapper().readTree(evals.get(0));
        assertThat(first.get("members")).hasSize(2);
        for (JsonNode v : new JsonNode[] {first.get("members").get(0), first.get("members").get(1), first.get("ensemble"),
                first.get("uniform_soup")}) {
            double right = v.asDouble() * 50; // a count over the 50 test images
            assertThat(Math.abs(right - Math.round(right))).isLessThan(1e-9);
        }
        assertThat(Files.readAllLines(out.resolve("eval.csv"))).hasSize(3).first()
                .isEqualTo("epoch,step,members_mean,ensemble,uniform_soup");
    }

    @Test
    void badOptionValueExitsTwoWithOneLineAndWritesNothing() {
        Path out = dir.resolve("never");
        Outcome o = run("train", "--dataset", "synthetic", "--p", "2", "--method", "wsh", "--out", out.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).isEqualTo("error: method: expected one of wash, papa, papa-all, papa-2, dart, sparta, independent, found \"wsh\"\n"
                + "p: expected a value in [0, 1], found 2.0\n");
        assertThat(out).doesNotExist();
    }

    @Test
    void missingDataDirectoryIsReportedBeforeAnythingIsWritten() {
        Path out = dir.resolve("never");
        Outcome o = run("train", "--dataset", "mnist", "--data", dir.resolve("nope").toString(), "--out", out.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).isEqualTo("error: data: expected a directory with mnist, found no directory "
                + dir.resolve("nope") + "\n");
        assertThat(out).doesNotExist();
    }

    @Test
    void nonNumericOptionIsAParameterError() {
        Outcome o = run("train", "--epochs", "three");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).startsWith("error: Invalid value for option '--epochs': 'three' is not an int");
    }

    @Test
    void evalRejectsAFileThatIsNotAModel() throws IOException {
        Path bogus = dir.resolve("bogus.pt");
        Files.writeString(bogus, "hello");
        Outcome o = run("eval", "--model", bogus.toString(), "--dataset", "synthetic");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).isEqualTo("error: " + bogus + ": expected a libtorch model archive, found unreadable data\n");
    }
}

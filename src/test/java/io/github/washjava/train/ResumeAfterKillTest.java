package io.github.washjava.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6: a run killed with SIGKILL at several points (including while a checkpoint is being written)
 * and resumed ends with the same summary accuracies and the same model files, bit for bit, as an
 * uninterrupted run with the same thread count.
 */
class ResumeAfterKillTest {
    @TempDir
    Path dir;

    private static final List<String> TRAIN = List.of("train", "--dataset", "synthetic", "--population", "3", "--epochs",
            "2", "--train-limit", "700", "--test-limit", "100", "--bn-batches", "2", "--checkpoint-every", "2",
            "--method", "wash", "--p", "0.05", "--threads", "1");

    private Process start(Path log, String... args) throws IOException {
        return io.github.washjava.testing.Jvm.start(log, args);
    }

    private static String[] train(Path out) {
        List<String> a = new ArrayList<>(TRAIN);
        a.add("--out");
        a.add(out.toString());
        return a.toArray(String[]::new);
    }

    private static long stepRecords(Path run) {
        try (Stream<String> lines = Files.lines(run.resolve("metrics.jsonl"))) {
            return lines.filter(l -> l.contains("\"type\":\"step\"")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean writingCheckpoint(Path run) {
        File[] entries = run.resolve("checkpoints").toFile().listFiles();
        return entries != null && Stream.of(entries).anyMatch(f -> f.getName().startsWith(".writing-"));
    }

    /** Starts (or resumes) the run and SIGKILLs it as soon as {@code when} holds; false if it finished first. */
    private boolean killWhen(Path log, Path run, Predicate<Path> when, String... args) throws Exception {
        Process p = start(log, args);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (p.isAlive() && System.nanoTime() < deadline) {
            if (Files.exists(run) && when.test(run)) {
                p.destroyForcibly(); // SIGKILL
                p.waitFor();
                return true;
            }
            Thread.onSpinWait();
        }
        p.waitFor(60, TimeUnit.SECONDS);
        return false;
    }

    @Test
    void killedAndResumedRunEqualsUninterruptedRunBitForBit() throws Exception {
        Path reference = dir.resolve("reference");
        Process ref = start(dir.resolve("reference.log"), train(reference));
        assertThat(ref.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(ref.exitValue()).as(Files.readString(dir.resolve("reference.log"))).isZero();

        Path run = dir.resolve("killed");
        // 1. killed early, after a few steps; 2. killed while a checkpoint is being written (if caught);
        // 3. killed later in the second epoch; then resumed to the end.
        assertThat(killWhen(dir.resolve("a.log"), run, r -> stepRecords(r) >= 3 * 3, train(run))).isTrue();
        killWhen(dir.resolve("b.log"), run, ResumeAfterKillTest::writingCheckpoint, "train", "--resume", run.toString());
        killWhen(dir.resolve("c.log"), run, r -> stepRecords(r) >= 3 * 14, "train", "--resume", run.toString());
        Process last = start(dir.resolve("d.log"), "train", "--resume", run.toString());
        assertThat(last.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(last.exitValue()).as(Files.readString(dir.resolve("d.log"))).isZero();
        assertThat(Files.readString(dir.resolve("d.log"))).contains("resuming " + run);

        ObjectMapper json = new ObjectMapper();
        JsonNode a = json.readTree(reference.resolve("summary.json").toFile());
        JsonNode b = json.readTree(run.resolve("summary.json").toFile());
        for (String key : new String[] {"members", "ensemble", "uniform_soup", "greedy_soup"}) {
            assertThat(b.get(key).get("accuracy")).as(key).isEqualTo(a.get(key).get("accuracy"));
        }
        assertThat(b.get("communication").get("values_sent_total")).isEqualTo(a.get("communication").get("values_sent_total"));
        for (String model : new String[] {"average", "greedy-soup", "member-0", "member-1", "member-2"}) {
            assertThat(Checkpoints.sha256(run.resolve("models/" + model + ".pt"))).as(model)
                    .isEqualTo(Checkpoints.sha256(reference.resolve("models/" + model + ".pt")));
        }
        // The metrics of the resumed run are those of the uninterrupted one (timings aside).
        assertThat(stepLosses(run)).isEqualTo(stepLosses(reference));
    }

    @Test
    void ctrlCWritesACheckpointAndSaysHowToResume() throws Exception {
        // Issue 6: Ctrl-C (SIGINT) writes a final checkpoint and exits cleanly with a message saying how to resume.
        Path run = dir.resolve("interrupted");
        Path log = dir.resolve("int.log");
        // 4 epochs (40 steps): the signal, sent after 12, must not arrive after the end on a loaded machine.
        String[] args = train(run);
        args[java.util.Arrays.asList(args).indexOf("--epochs") + 1] = "4";
        Process p = start(log, args);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (p.isAlive() && stepRecords(run) < 3 * 4 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log);
        assertThat(p.exitValue()).as(output).isEqualTo(130);
        assertThat(output).containsPattern("interrupted after step \\d+; checkpoint written to .*checkpoints/step-\\d+; "
                + "resume with: wash train --resume " + java.util.regex.Pattern.quote(run.toString()));
        assertThat(run.resolve("summary.json")).doesNotExist();
        Process resumed = start(dir.resolve("resumed.log"), "train", "--resume", run.toString());
        assertThat(resumed.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(resumed.exitValue()).as(Files.readString(dir.resolve("resumed.log"))).isZero();
        assertThat(run.resolve("summary.json")).isRegularFile();
    }

    private static List<String> stepLosses(Path run) throws IOException {
        try (Stream<String> lines = Files.lines(run.resolve("metrics.jsonl"))) {
            return lines.filter(l -> l.contains("\"type\":\"step\"")).toList();
        }
    }
}

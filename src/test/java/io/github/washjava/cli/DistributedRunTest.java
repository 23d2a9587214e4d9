package io.github.washjava.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.washjava.testing.Jvm;
import io.github.washjava.testing.Ranks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main oracle of distributed training: N = 5 members over 2 ranks ({@code wash launch}) and over 3
 * ranks started one by one as on three machines, on loopback, give the one-process run's members,
 * ensemble and soups bit for bit (WASH only moves values), and the same model files. A rank killed
 * with SIGKILL stops the others within seconds with a message naming it, and {@code --resume} on every
 * rank continues to the same final numbers.
 */
class DistributedRunTest {
    @TempDir
    Path dir;

    private static List<String> train(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--dataset", "synthetic", "--population", "5", "--method",
                "wash", "--p", "0.02", "--epochs", "2", "--train-limit", "1600", "--test-limit", "200", "--bn-batches", "2",
                "--checkpoint-every", "4", "--threads", "1", "--intra-op-threads", "1", "--sync-every", "3", "--out",
                out.toString()));
        a.addAll(List.of(extra));
        return a;
    }

    private Path reference() {
        Path ref = dir.resolve("reference");
        TrainCommandTest.Outcome o = TrainCommandTest.run(train(ref).toArray(String[]::new));
        assertThat(o.code()).as(o.err()).isZero();
        return ref;
    }

    @Test
    void launchedOnTwoRanksGivesTheOneProcessRunBitForBit() throws Exception {
        Path ref = reference();
        Path run = dir.resolve("two");
        List<String> args = new ArrayList<>(List.of("launch", "--nproc", "2", "--"));
        args.addAll(train(run));
        Process p = Jvm.start(dir.resolve("two.log"), args.toArray(String[]::new));
        assertThat(p.waitFor(240, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(dir.resolve("two.log"));
        assertThat(p.exitValue()).as(log).isZero();
        assertThat(log).contains("2 ranks").contains("on the wire");
        assertSameRun(ref, run);
        assertThat(run.resolve("checkpoints/rank-0")).isDirectory();
        assertThat(run.resolve("checkpoints/rank-1")).isDirectory();
        JsonNode wire = new ObjectMapper().readTree(run.resolve("summary.json").toFile()).get("communication").get("wire");
        assertThat(wire.get("bytes_per_rank")).hasSize(2);
        assertThat(wire.get("bytes_total").asLong()).isPositive();
    }

    @Test
    void threeRanksStartedApartSurviveAKilledRankAndResumeToTheSameRun() throws Exception {
        Path ref = reference();
        Path run = dir.resolve("three");
        int port = Ranks.freePort();
        List<Process> ranks = startRanks(run, port, "a", List.of());
        // Kill rank 1 once it has written a checkpoint, while the run is under way.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!Files.isDirectory(run.resolve("checkpoints/rank-1/step-000000008")) && System.nanoTime() < deadline) {
            assertThat(ranks.get(1).isAlive()).as(Files.readString(dir.resolve("a-1.log"))).isTrue();
            Thread.sleep(10);
        }
        ranks.get(1).destroyForcibly();
        long killed = System.nanoTime();
        for (int r : new int[] {0, 2}) {
            assertThat(ranks.get(r).waitFor(10, TimeUnit.SECONDS)).as("rank %d stops within 10 s", r).isTrue();
            String log = Files.readString(dir.resolve("a-" + r + ".log"));
            assertThat(ranks.get(r).exitValue()).as(log).isEqualTo(1);
            assertThat(log).containsPattern("error: rank 1 .*; this rank stops");
        }
        assertThat((System.nanoTime() - killed) / 1e9).isLessThan(10);
        assertThat(run.resolve("summary.json")).doesNotExist();

        List<Process> resumed = startRanks(run, Ranks.freePort(), "b", List.of("--resume", run.toString()));
        for (int r = 0; r < 3; r++) {
            assertThat(resumed.get(r).waitFor(240, TimeUnit.SECONDS)).isTrue();
            assertThat(resumed.get(r).exitValue()).as(Files.readString(dir.resolve("b-" + r + ".log"))).isZero();
        }
        assertThat(Files.readString(dir.resolve("b-0.log"))).contains("resuming " + run);
        assertSameRun(ref, run);
    }

    /** Ranks 0..2 as separate processes with --rank/--world-size/--master, as on three machines. */
    private List<Process> startRanks(Path run, int port, String tag, List<String> resume) throws IOException {
        List<Process> out = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            List<String> args = new ArrayList<>(resume.isEmpty() ? train(run) : List.of("train"));
            args.addAll(resume);
            args.addAll(List.of("--rank", Integer.toString(r), "--world-size", "3", "--master", "127.0.0.1:" + port,
                    "--peer-timeout", "3"));
            out.add(Jvm.start(dir.resolve(tag + "-" + r + ".log"), Map.of(), args.toArray(String[]::new)));
        }
        return out;
    }

    private static void assertSameRun(Path reference, Path run) throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode a = json.readTree(reference.resolve("summary.json").toFile());
        JsonNode b = json.readTree(run.resolve("summary.json").toFile());
        for (String key : new String[] {"members", "ensemble", "uniform_soup", "greedy_soup"}) {
            assertThat(b.get(key)).as(key).isEqualTo(a.get(key));
        }
        assertThat(b.get("consensus_distance")).isEqualTo(a.get("consensus_distance"));
        assertThat(b.get("communication").get("values_sent_total"))
                .isEqualTo(a.get("communication").get("values_sent_total"));
        for (String model : new String[] {"average", "greedy-soup", "member-0", "member-3", "member-4"}) {
            assertThat(Files.readAllBytes(run.resolve("models/" + model + ".pt"))).as(model)
                    .isEqualTo(Files.readAllBytes(reference.resolve("models/" + model + ".pt")));
        }
    }
}

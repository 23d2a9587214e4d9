package io.github.washjava.cli;

import static io.github.washjava.cli.TrainCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.pytorch.global.torch.cuda_is_available;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/gpu.md: {@code --device} on every command that computes. Asking for CUDA where libtorch has none
 * is one line and exit 2 before anything is written; {@code --device cpu} is the default, bit for bit.
 * (Malformed names are in the bad-inputs corpus.)
 */
class DeviceOptionTest {
    private static final String NO_CUDA = "expected a device libtorch can use, found \"cuda\" but libtorch reports no "
            + "CUDA (the CPU build, or the GPU build without a GPU, its driver or the CUDA libraries); build with mvn -P "
            + "gpu on a CUDA host set up as docs/gpu.md says, or use cpu";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"train", "compare", "sweep", "eval", "predict", "bench"})
    void cudaWithoutCudaIsRefusedInOneLineBeforeAnythingIsWritten(String command) throws IOException {
        assumeFalse(cuda_is_available(), "this libtorch has CUDA: nothing to refuse");
        Path out = dir.resolve("out");
        Path sweep = dir.resolve("sweep.yaml");
        Files.writeString(sweep, "base:\n  dataset: synthetic\ngrid:\n  p: [0.01, 0.1]\n");
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(switch (command) {
            case "train", "compare" -> List.of("--dataset", "synthetic", "--out", out.toString());
            case "sweep" -> List.of("--config", sweep.toString(), "--out", out.toString());
            case "eval" -> List.of("--model", dir.resolve("missing.pt").toString(), "--dataset", "synthetic");
            case "predict" -> List.of("--model", dir.resolve("missing.pt").toString(), dir.toString());
            default -> List.of("--dataset", "synthetic");
        });
        args.addAll(List.of("--device", "cuda"));
        List<String> before = listing();
        TrainCommandTest.Outcome o = run(args.toArray(String[]::new));
        assertThat(o.code()).as(o.err()).isEqualTo(ExitCodes.INVALID_INPUT);
        String where = List.of("train", "compare", "sweep").contains(command) ? "device" : "--device";
        assertThat(o.err()).isEqualTo("error: " + where + ": " + NO_CUDA + "\n");
        assertThat(o.out()).isEmpty();
        assertThat(out).doesNotExist();
        assertThat(listing()).isEqualTo(before);
    }

    @Test
    void aSweepDeviceMayNotFightTheGrid() throws IOException {
        Path sweep = dir.resolve("sweep.yaml");
        Files.writeString(sweep, "base:\n  dataset: synthetic\ngrid:\n  device: [cpu, cpu]\n");
        TrainCommandTest.Outcome o = run("sweep", "--config", sweep.toString(), "--out", dir.resolve("s").toString(),
                "--device", "cpu");
        assertThat(o.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(o.err()).isEqualTo("error: --device: expected no device axis in the sweep's grid, found one ("
                + sweep + ":4)\n");
    }

    @Test
    void explicitCpuTrainsBitForBitLikeTheDefault() throws IOException {
        // The resolved config records the device, and a run on "cpu" is the default run: same models, same metrics.
        String[] common = {"train", "--dataset", "synthetic", "--population", "2", "--epochs", "1", "--train-limit", "300",
            "--test-limit", "100", "--p", "0.05", "--bn-batches", "2", "--threads", "1", "--intra-op-threads", "1",
            "--save-members", "true"};
        Path byDefault = dir.resolve("default");
        Path onCpu = dir.resolve("cpu");
        List<String> a = new ArrayList<>(List.of(common));
        a.addAll(List.of("--out", byDefault.toString()));
        List<String> b = new ArrayList<>(List.of(common));
        b.addAll(List.of("--device", "cpu", "--out", onCpu.toString()));
        TrainCommandTest.Outcome first = run(a.toArray(String[]::new));
        TrainCommandTest.Outcome second = run(b.toArray(String[]::new));
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(Files.readString(byDefault.resolve("config.yaml"))).contains("device: cpu");
        assertThat(Files.readString(onCpu.resolve("config.yaml")).replace(onCpu.toString(), byDefault.toString()))
                .isEqualTo(Files.readString(byDefault.resolve("config.yaml")));
        for (String model : new String[] {"member-0", "member-1", "average", "greedy-soup"}) {
            assertThat(Files.readAllBytes(onCpu.resolve("models/" + model + ".pt"))).as(model)
                    .isEqualTo(Files.readAllBytes(byDefault.resolve("models/" + model + ".pt")));
        }
        assertThat(results(second.out().replace(onCpu.toString(), byDefault.toString()))).isEqualTo(results(first.out()));
    }

    /** The printed summary without its timing line (wall time, images/s: the only thing allowed to differ). */
    private static List<String> results(String out) {
        return out.lines().filter(l -> !l.startsWith("Wall time")).toList();
    }

    private List<String> listing() throws IOException {
        try (var walk = Files.walk(dir)) {
            return walk.map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }
}

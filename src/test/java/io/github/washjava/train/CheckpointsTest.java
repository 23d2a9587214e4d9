package io.github.washjava.train;

import static io.github.washjava.testing.TinyPopulations.mlps;
import static io.github.washjava.testing.TinyPopulations.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.washjava.population.InitMode;
import io.github.washjava.population.MemberExecutor;
import io.github.washjava.population.Population;
import io.github.washjava.util.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
    @TempDir
    Path dir;

    private static final Map<String, Object> PRINT = Map.of("model", "mlp", "population", 2);

    private Checkpoints checkpoints(Population pop, Map<String, Object> fingerprint) {
        return new Checkpoints(dir, pop, fingerprint, 0, 2, () -> 0L, "wash train --resume " + dir);
    }

    @Test
    void roundTripRestoresEveryTensorAndTheLoopState() {
        Population pop = mlps(2, 5, 1);
        float[][] before = snapshot(pop.parameters(0));
        TrainerState state = new TrainerState(7, 99, new double[] {1.5, 2.5}, new long[] {3, 4}, 0, 0, 0, 0, 0);
        checkpoints(pop, PRINT).save(state);
        try (NoGradGuard ng = new NoGradGuard()) {
            pop.parameters(0)[1].fill_(new Scalar(5.0));
        }
        Checkpoints.Loaded loaded = checkpoints(pop, PRINT).restoreLatest(new ArrayList<>());
        assertThat(snapshot(pop.parameters(0))).isDeepEqualTo(before);
        assertThat(loaded.state().nextStep()).isEqualTo(7);
        assertThat(loaded.state().valuesSent()).isEqualTo(99);
        assertThat(loaded.state().epochCorrect()).containsExactly(3, 4);
    }

    @Test
    void corruptNewestCheckpointAndInterruptedWriteAreSkipped() throws IOException {
        // Issue 6: an interrupted write never leaves a checkpoint that looks valid; integrity is checked on load.
        Population pop = mlps(2, 5, 2);
        Checkpoints c = checkpoints(pop, PRINT);
        c.save(new TrainerState(2, 0, new double[2], new long[2], 0, 0, 0, 0, 0));
        Path newest = c.save(new TrainerState(4, 0, new double[2], new long[2], 0, 0, 0, 0, 0));
        byte[] bytes = Files.readAllBytes(newest.resolve("state.pt"));
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(newest.resolve("state.pt"), bytes);
        Files.createDirectories(dir.resolve("checkpoints/.writing-123")); // a write killed half-way
        Files.writeString(dir.resolve("checkpoints/.writing-123/state.json"), "{\"next_step\": 6");
        List<String> warnings = new ArrayList<>();
        Checkpoints.Loaded loaded = checkpoints(pop, PRINT).restoreLatest(warnings);
        assertThat(loaded.state().nextStep()).isEqualTo(2);
        assertThat(warnings).containsExactly(newest.resolve("state.pt")
                + ": expected the SHA-256 recorded in state.json, found a different file (corrupted); skipped");
    }

    @Test
    void keepsOnlyTheLastCheckpoints() throws IOException {
        Population pop = mlps(2, 5, 3);
        Checkpoints c = checkpoints(pop, PRINT);
        for (long step = 1; step <= 4; step++) {
            c.save(new TrainerState(step, 0, new double[2], new long[2], 0, 0, 0, 0, 0));
        }
        try (var s = Files.list(dir.resolve("checkpoints"))) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted()).containsExactly("step-000000003", "step-000000004");
        }
    }

    @Test
    void checkpointOfAnotherPopulationIsRejected() {
        Population pop = mlps(2, 5, 4);
        checkpoints(pop, Map.of("model", "mlp", "population", 3)).save(TrainerState.initial(2));
        assertThatThrownBy(() -> checkpoints(pop, PRINT).restoreLatest(new ArrayList<>()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("state.json: expected a checkpoint of 2 × mlp").hasMessageContaining("found one of 3 × mlp");
    }

    @Test
    void aRestoreThatFailsHalfWayLeavesThePopulationUntouched() {
        // Issue 9, defect 4: a checkpoint whose first tensors fit and a later one does not used to leave the
        // population half overwritten; restore now reads everything into fresh tensors before copying.
        Population saved = Population.create(() -> new io.github.washjava.model.Mlp(5, 3), 2, InitMode.DIFFERENT, 5);
        checkpoints(saved, PRINT).save(TrainerState.initial(2));
        Population other = Population.create(() -> new io.github.washjava.model.Mlp(5, 4), 2, InitMode.DIFFERENT, 6);
        List<float[][]> before = new ArrayList<>();
        for (int l = 0; l < other.layout().parameters().size(); l++) {
            before.add(snapshot(other.parameters(l)));
        }
        List<String> warnings = new ArrayList<>();
        assertThat(checkpoints(other, PRINT).restoreLatest(warnings)).isNull();
        assertThat(warnings).singleElement().asString().contains("expected tensors matching the population");
        for (int l = 0; l < before.size(); l++) {
            assertThat(snapshot(other.parameters(l))).as("tensor %d", l).isDeepEqualTo(before.get(l));
        }
    }

    @Test
    void nanInOneMemberStopsTheRunNamingMemberStepAndLastCheckpoint() {
        // Issue 6: a member whose loss becomes NaN stops the run with the member, the step and the last checkpoint.
        var data = io.github.washjava.data.SyntheticDataset.generate(1, 2, 256, 1, 8, 8, 3, 20);
        var norm = io.github.washjava.data.Normalization.of(data);
        Population pop = Population.create(() -> new io.github.washjava.model.SmallCnn(1, 3), 2, InitMode.SAME, 1);
        TrainingData td = new TrainingData(data, new io.github.washjava.data.BatchBuilder(data, norm,
                io.github.washjava.data.Augmentation.NONE), 32, io.github.washjava.data.Regularization.homogeneous(2), 1);
        TrainingListener poison = new TrainingListener() {
            @Override
            public void onStep(StepRecord r) {
                if (r.step() == 4) { // corrupt member 1 after step 4: its loss at step 5 is NaN
                    try (NoGradGuard ng = new NoGradGuard()) {
                        pop.parameters(0)[1].fill_(new Scalar(Double.NaN));
                    }
                }
            }
        };
        Checkpoints c = new Checkpoints(dir, pop, PRINT, 3, 2, () -> 0L, "resume");
        try (MemberExecutor ex = new MemberExecutor(1, 1)) {
            Trainer trainer = new Trainer(pop, td, new CosineSchedule(0.05, 0.0, 16)).executor(ex)
                    .listeners(List.of(poison)).hook(c);
            assertThatThrownBy(() -> trainer.fit(2)).isInstanceOf(TrainingDivergedException.class)
                    .hasMessage("member 1, step 5: expected a finite loss, found NaN; last good checkpoint: "
                            + dir.resolve("checkpoints/step-000000003") + "; lower --lr or check the data");
        }
    }
}

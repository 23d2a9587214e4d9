package io.github.washjava.train;

import io.github.washjava.collective.Agreement;
import io.github.washjava.collective.Collective;
import io.github.washjava.model.ComputeDevice;
import io.github.washjava.population.Member;
import io.github.washjava.population.Population;
import io.github.washjava.util.AtomicFiles;
import io.github.washjava.util.InvalidInputException;
import io.github.washjava.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;

/**
 * Checkpoints under {@code RUN_DIR/checkpoints/step-<n>/} (across ranks, each rank writes its own
 * members under {@code checkpoints/rank-<r>/step-<n>/}): every local member's parameters, buffers
 * (BatchNorm statistics and counters) and momentum ({@code state.pt}), and the loop's
 * {@link TrainerState}, the length of {@code metrics.jsonl} at that moment and a SHA-256 of
 * {@code state.pt} ({@code state.json}).
 *
 * <p>A checkpoint is written into a hidden temporary directory and renamed into place, so a crash
 * while writing never leaves one that looks valid. On restore the checksum is verified and a corrupt
 * checkpoint is skipped for the one before it; across ranks the newest step that every rank has
 * intact is taken. A checkpoint is read whole into fresh tensors and only then copied into the
 * population, so a failed restore leaves the population untouched. The last {@code keep} are kept.
 */
public final class Checkpoints implements StepHook {
    private static final String PREFIX = "step-";

    private final Path dir;
    private final Population population;
    private final Map<String, Object> fingerprint;
    private final int every;
    private final int keep;
    private final LongSupplier metricsBytes;
    private final String resumeCommand;
    private Path lastGood;
    private double secondsWriting;

    /**
     * @param runDir the run directory
     * @param fingerprint what a checkpoint must match to be resumed here (model, population, method...)
     * @param every steps between checkpoints (0 = only at epoch ends)
     * @param metricsBytes flushes the metrics file and returns its length (0 where this rank has none)
     */
    public Checkpoints(Path runDir, Population population, Map<String, Object> fingerprint, int every, int keep,
            LongSupplier metricsBytes, String resumeCommand) {
        Collective c = population.collective();
        this.dir = c.isDistributed() ? runDir.resolve("checkpoints").resolve("rank-" + c.rank())
                : runDir.resolve("checkpoints");
        this.population = population;
        this.fingerprint = new LinkedHashMap<>(fingerprint);
        this.fingerprint.put("members", population.members().stream().map(Member::id).toList());
        this.every = every;
        this.keep = Math.max(1, keep);
        this.metricsBytes = metricsBytes;
        this.resumeCommand = resumeCommand;
    }

    /** Seconds spent writing checkpoints so far. */
    /** Where this process's checkpoints go ({@code checkpoints/}, or {@code checkpoints/rank-<r>/} on several ranks). */
    public Path directory() {
        return dir;
    }

    public double secondsWriting() {
        return secondsWriting;
    }

    @Override
    public boolean needsStateAfter(long step) {
        return every > 0 && (step + 1) % every == 0;
    }

    @Override
    public void afterStep(Trainer trainer, boolean endOfEpoch, boolean stopRequested) {
        long done = trainer.state().nextStep();
        if (endOfEpoch || stopRequested || every > 0 && done % every == 0) {
            save(trainer.state());
        }
        if (stopRequested) {
            throw new TrainingInterruptedException("interrupted after step " + (done - 1) + "; checkpoint written to "
                    + lastGood + "; resume with: " + resumeCommand);
        }
    }

    @Override
    public String lastGood() {
        return lastGood == null ? "no checkpoint written yet" : "last good checkpoint: " + lastGood;
    }

    /** Writes a checkpoint of the local members and {@code state}. */
    public Path save(TrainerState state) {
        long t0 = System.nanoTime();
        Path target = dir.resolve(String.format("%s%09d", PREFIX, state.nextStep()));
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempDirectory(dir, ".writing-");
            OutputArchive archive = new OutputArchive();
            for (Member m : population.members()) {
                for (int l = 0; l < m.parameters().size(); l++) {
                    archive.write("m" + m.id() + ".p" + l, m.parameters().get(l));
                    archive.write("m" + m.id() + ".v" + l, m.momentum().get(l));
                }
                // Every buffer, num_batches_tracked included, so resumed models are bit-identical.
                StringTensorDict buffers = m.model().named_buffers();
                for (long b = 0; b < buffers.size(); b++) {
                    archive.write("m" + m.id() + ".buffer." + buffers.get(b).key().getString(), buffers.get(b).value());
                }
            }
            Path statePt = tmp.resolve("state.pt");
            archive.save_to(statePt.toString());
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("format", 2);
            json.put("fingerprint", fingerprint);
            json.put("next_step", state.nextStep());
            json.put("values_sent", state.valuesSent());
            json.put("epoch_loss_sum", state.epochLossSum());
            json.put("epoch_correct", state.epochCorrect());
            json.put("wire_bytes", state.wireBytes());
            json.put("comm_seconds", state.commSeconds());
            json.put("metrics_bytes", metricsBytes.getAsLong());
            json.put("sha256", sha256(statePt));
            Files.writeString(tmp.resolve("state.json"), Json.pretty(json));
            if (Files.exists(target)) {
                AtomicFiles.deleteRecursively(target);
            }
            AtomicFiles.move(tmp, target);
            lastGood = target;
            prune();
        } catch (IOException e) {
            throw new UncheckedIOException(target + ": cannot write checkpoint (" + e.getMessage() + ")", e);
        }
        secondsWriting += (System.nanoTime() - t0) / 1e9;
        return target;
    }

    /** A restored checkpoint: where it is, its state and the metrics length to truncate to. */
    public record Loaded(Path path, TrainerState state, long metricsBytes) {
    }

    /**
     * Restores the newest checkpoint that every rank has intact into the population; corrupt ones are
     * skipped (reported on {@code warnings}); returns null when there is none. Every rank must call it.
     */
    public Loaded restoreLatest(List<String> warnings) {
        TreeSet<Long> intact = new TreeSet<>();
        for (Path candidate : candidates()) {
            try {
                verify(candidate);
                intact.add(step(candidate));
            } catch (CorruptCheckpointException e) {
                warnings.add(e.getMessage());
            }
        }
        Collective collective = population.collective();
        TreeSet<Long> common = Agreement.commonSteps(collective, intact);
        while (!common.isEmpty()) {
            long step = common.last();
            Path candidate = dir.resolve(String.format("%s%09d", PREFIX, step));
            Restored restored = null;
            try {
                restored = read(candidate);
            } catch (CorruptCheckpointException e) {
                warnings.add(e.getMessage());
            }
            if (Agreement.all(collective, restored != null)) {
                restored.commit();
                lastGood = candidate;
                return restored.loaded();
            }
            common.remove(step);
        }
        return null;
    }

    private static long step(Path checkpoint) {
        return Long.parseLong(checkpoint.getFileName().toString().substring(PREFIX.length()));
    }

    /** Checks the checksum and the fingerprint; returns the metadata. */
    private Map<?, ?> verify(Path checkpoint) {
        Path stateJson = checkpoint.resolve("state.json");
        Path statePt = checkpoint.resolve("state.pt");
        Map<?, ?> json;
        try {
            json = Json.MAPPER.readValue(stateJson.toFile(), Map.class);
        } catch (IOException e) {
            throw new CorruptCheckpointException(stateJson + ": expected checkpoint metadata, found unreadable JSON; skipped");
        }
        if (!Files.isRegularFile(statePt) || !sha256(statePt).equals(json.get("sha256"))) {
            throw new CorruptCheckpointException(statePt + ": expected the SHA-256 recorded in state.json, found a "
                    + "different file (corrupted); skipped");
        }
        Object found = json.get("fingerprint");
        if (!(found instanceof Map<?, ?> foundMap) || !Json.line(fingerprint).equals(Json.line(foundMap))) {
            throw new InvalidInputException(stateJson + ": expected a checkpoint of " + describe(fingerprint)
                    + ", found one of " + (found instanceof Map<?, ?> m ? describe(m) : "unknown origin"));
        }
        return json;
    }

    /** A checkpoint read whole into fresh tensors, not yet applied. */
    private final class Restored {
        private final List<Tensor> from = new ArrayList<>();
        private final List<Tensor> into = new ArrayList<>();
        private Loaded loaded;

        void commit() {
            try (NoGradGuard noGrad = new NoGradGuard()) {
                for (int i = 0; i < from.size(); i++) {
                    into.get(i).copy_(from.get(i));
                }
            }
            from.forEach(Tensor::close);
        }

        Loaded loaded() {
            return loaded;
        }
    }

    private Restored read(Path checkpoint) {
        Map<?, ?> json = verify(checkpoint);
        Path statePt = checkpoint.resolve("state.pt");
        Restored restored = new Restored();
        InputArchive archive = new InputArchive();
        try (NoGradGuard noGrad = new NoGradGuard()) {
            // Read onto the host, then copied into the members wherever they live (commit()).
            archive.load_from(statePt.toString(), new DeviceOptional(ComputeDevice.CPU.device()));
            for (Member m : population.members()) {
                for (int l = 0; l < m.parameters().size(); l++) {
                    stage(restored, archive, "m" + m.id() + ".p" + l, m.parameters().get(l));
                    stage(restored, archive, "m" + m.id() + ".v" + l, m.momentum().get(l));
                }
                StringTensorDict buffers = m.model().named_buffers();
                for (long b = 0; b < buffers.size(); b++) {
                    stage(restored, archive, "m" + m.id() + ".buffer." + buffers.get(b).key().getString(),
                            new Tensor(buffers.get(b).value()));
                }
            }
        } catch (RuntimeException e) {
            restored.from.forEach(Tensor::close);
            throw new CorruptCheckpointException(statePt + ": expected tensors matching the population, found "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("unreadable data") + "; skipped");
        }
        int n = population.size();
        double[] loss = new double[n];
        long[] correct = new long[n];
        List<?> lossJson = (List<?>) json.get("epoch_loss_sum");
        List<?> correctJson = (List<?>) json.get("epoch_correct");
        for (int i = 0; i < n; i++) {
            loss[i] = ((Number) lossJson.get(i)).doubleValue();
            correct[i] = ((Number) correctJson.get(i)).longValue();
        }
        TrainerState state = new TrainerState(((Number) json.get("next_step")).longValue(),
                ((Number) json.get("values_sent")).longValue(), loss, correct, number(json, "wire_bytes").longValue(),
                number(json, "comm_seconds").doubleValue(), 0, 0, 0);
        restored.loaded = new Loaded(checkpoint, state, ((Number) json.get("metrics_bytes")).longValue());
        return restored;
    }

    private static Number number(Map<?, ?> json, String key) {
        return json.get(key) instanceof Number v ? v : 0;
    }

    /** Reads {@code key} into a fresh tensor after checking its shape against {@code into}. */
    private static void stage(Restored restored, InputArchive archive, String key, Tensor into) {
        Tensor t = new Tensor();
        archive.read(key, t);
        if (!Arrays.equals(t.shape(), into.shape())) {
            t.close();
            throw new IllegalStateException(key + " has shape " + Arrays.toString(t.shape()) + ", expected "
                    + Arrays.toString(into.shape()));
        }
        restored.from.add(t);
        restored.into.add(into);
    }

    /** "3 × small-cnn (24058 parameters), wash, on synthetic". */
    private static String describe(Map<?, ?> f) {
        return f.get("population") + " × " + f.get("model") + " (" + f.get("parameters") + " parameters), " + f.get("method")
                + ", on " + f.get("dataset") + (f.get("world_size") instanceof Number w && w.intValue() > 1
                        ? ", " + w + " ranks" : "");
    }

    /** Finished checkpoints, newest first (hidden temporary directories are ignored). */
    private List<Path> candidates() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(PREFIX))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void prune() throws IOException {
        List<Path> all = new ArrayList<>(candidates());
        for (int i = keep; i < all.size(); i++) {
            AtomicFiles.deleteRecursively(all.get(i));
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path stale : s.filter(p -> p.getFileName().toString().startsWith(".writing-")).toList()) {
                AtomicFiles.deleteRecursively(stale);
            }
        }
    }

    /** SHA-256 of a file, streamed (a checkpoint of 5 ResNet-18 is 447 MB: never read it whole). */
    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A checkpoint that fails its integrity check; the next older one is tried. */
    static final class CorruptCheckpointException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CorruptCheckpointException(String message) {
            super(message);
        }
    }
}

package io.github.washjava.experiment;

import io.github.washjava.collective.Collective;
import io.github.washjava.collective.GlooCollective;
import io.github.washjava.collective.LaunchSettings;
import io.github.washjava.collective.Rendezvous;
import io.github.washjava.collective.RunIdentity;
import io.github.washjava.collective.SingleProcess;
import io.github.washjava.config.ConfigLoader;
import io.github.washjava.config.TrainConfig;
import io.github.washjava.util.Seeds;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The processes a command runs on: this process alone, or one rank of a distributed run joined through
 * {@link Rendezvous}. Hands the experiments their collective and their share of this machine's cores.
 */
public final class Cluster implements AutoCloseable {
    private final Collective collective;
    private final int cores;

    private Cluster(Collective collective, int cores) {
        this.collective = collective;
        this.cores = cores;
    }

    /** This process alone, with every core. */
    public static Cluster local() {
        return new Cluster(new SingleProcess(), Runtime.getRuntime().availableProcessors());
    }

    /**
     * Joins the run of {@code settings} (a single process when its world size is 1). Every rank must
     * pass the same {@code command} and config; the run id defaults to one derived from them, so that
     * ranks of two different runs never mistake each other.
     */
    public static Cluster join(LaunchSettings settings, String command, TrainConfig config) {
        return join(settings, command, ConfigLoader.toMap(config));
    }

    /** The same, for a command whose config is a whole plan (compare, sweep). */
    public static Cluster join(LaunchSettings settings, String command, Map<String, Object> plan) {
        if (!settings.distributed()) {
            return local();
        }
        Map<String, Object> canonical = new LinkedHashMap<>(plan);
        String runId = settings.runId() != null ? settings.runId()
                : Long.toHexString(Seeds.derive(settings.worldSize(), "run-id",
                        io.github.washjava.util.Json.line(canonical).hashCode(), command.hashCode()));
        RunIdentity identity = new RunIdentity(runId, command, version(), settings.worldSize(), canonical);
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors() / settings.localWorldSize());
        return new Cluster(Rendezvous.join(settings, identity), cores);
    }

    public Collective collective() {
        return collective;
    }

    /** Cores this process may use. */
    public int cores() {
        return cores;
    }

    /** Gives {@code experiment} this cluster's collective and cores. */
    public Experiment configure(Experiment experiment) {
        return experiment.collective(collective).cores(cores);
    }

    /** Tells the other ranks why this one stops (they quote it in their own error). */
    public void fail(Throwable e) {
        if (collective instanceof GlooCollective gloo) {
            gloo.reportFailure(String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName()));
        }
    }

    @Override
    public void close() {
        collective.close();
    }

    /** The code's version and a digest of the jar it runs from: ranks of different builds are refused. */
    static String version() {
        String v = Cluster.class.getPackage().getImplementationVersion();
        String base = "wash " + (v != null ? v : "dev");
        try {
            Path source = Path.of(Cluster.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(source)) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                try (InputStream in = Files.newInputStream(source)) {
                    byte[] buffer = new byte[1 << 16];
                    for (int r = in.read(buffer); r >= 0; r = in.read(buffer)) {
                        digest.update(buffer, 0, r);
                    }
                }
                return base + " (" + HexFormat.of().formatHex(digest.digest()).substring(0, 12) + ")";
            }
        } catch (IOException | URISyntaxException | java.security.NoSuchAlgorithmException | SecurityException e) {
            // no digest: the version alone
        }
        return base;
    }
}

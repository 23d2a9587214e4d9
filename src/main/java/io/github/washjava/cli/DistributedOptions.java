package io.github.washjava.cli;

import io.github.washjava.collective.LaunchSettings;
import io.github.washjava.config.TrainConfig;
import io.github.washjava.experiment.Cluster;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where this process stands in a distributed run. Each flag falls back to the environment variable
 * torchrun and cluster launchers set (RANK, WORLD_SIZE, MASTER_ADDR/MASTER_PORT, WASH_RUN_ID); with
 * none of them the command runs in this process alone and nothing listens on any port.
 */
public final class DistributedOptions {
    @Option(names = "--rank", paramLabel = "R", description = "This process's rank, 0..world-size−1 (default: $RANK).")
    Integer rank;
    @Option(names = "--world-size", paramLabel = "W", description = "Number of processes (default: $WORLD_SIZE, or 1).")
    Integer worldSize;
    @Option(names = "--master", paramLabel = "HOST:PORT", description = "Rank 0's address; rank 0 listens there "
            + "(default: $MASTER_ADDR:$MASTER_PORT, port 29500).")
    String master;
    @Option(names = "--run-id", paramLabel = "ID", description = "Names the run at rendezvous; ranks of another run are "
            + "refused (default: $WASH_RUN_ID, or derived from the command and config).")
    String runId;
    @Option(names = "--rendezvous-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "How long ranks wait for each other to arrive (default ${DEFAULT-VALUE}).")
    int rendezvousTimeout;
    @Option(names = "--peer-timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "How long a silent rank is waited for before the others stop (default ${DEFAULT-VALUE}).")
    int peerTimeout;

    /** The launch settings from flags and the environment. */
    LaunchSettings settings() {
        return settings(System.getenv());
    }

    LaunchSettings settings(Map<String, String> env) {
        if (rendezvousTimeout < 1 || peerTimeout < 1) {
            throw new io.github.washjava.util.InvalidInputException((rendezvousTimeout < 1 ? "rendezvous-timeout"
                    : "peer-timeout") + ": expected a number of seconds >= 1, found "
                    + Math.min(rendezvousTimeout, peerTimeout));
        }
        return LaunchSettings.resolve(rank, worldSize, master, runId, Duration.ofSeconds(rendezvousTimeout),
                Duration.ofSeconds(peerTimeout), env);
    }

    /** Joins the run of a single config (train). */
    Cluster join(TrainConfig config, String command, boolean resume) {
        return Cluster.join(settings(), command + (resume ? " --resume" : ""), config);
    }

    /** Joins the run of a plan (compare, sweep). */
    Cluster join(Map<String, Object> plan, String command) {
        return Cluster.join(settings(), command, plan);
    }
}

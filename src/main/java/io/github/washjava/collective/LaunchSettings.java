package io.github.washjava.collective;

import io.github.washjava.util.InvalidInputException;
import java.time.Duration;
import java.util.Map;

/**
 * Where this process stands in a distributed run, from flags or the environment variables torchrun,
 * Slurm wrappers and Kubernetes' PyTorchJob set: {@code RANK}, {@code WORLD_SIZE},
 * {@code MASTER_ADDR}, {@code MASTER_PORT}, {@code LOCAL_RANK}, {@code LOCAL_WORLD_SIZE}, and the run
 * id ({@code WASH_RUN_ID}, or torchrun's {@code TORCHELASTIC_RUN_ID}). A flag wins over its variable.
 *
 * @param localWorldSize ranks on this machine (they share its cores)
 * @param runId names the run at rendezvous; null derives one from the config
 * @param rendezvousTimeout how long to wait for every rank to arrive
 * @param peerTimeout how long a rank may stay silent before the others stop
 */
public record LaunchSettings(int rank, int worldSize, String masterAddress, int masterPort, int localRank,
        int localWorldSize, String runId, Duration rendezvousTimeout, Duration peerTimeout) {
    /** torchrun's default port. */
    public static final int DEFAULT_PORT = 29500;
    public static final Duration DEFAULT_RENDEZVOUS_TIMEOUT = Duration.ofSeconds(300);
    public static final Duration DEFAULT_PEER_TIMEOUT = Duration.ofSeconds(5);

    /** One process, no rendezvous: nothing listens. */
    public static LaunchSettings single() {
        return new LaunchSettings(0, 1, null, 0, 0, 1, null, DEFAULT_RENDEZVOUS_TIMEOUT, DEFAULT_PEER_TIMEOUT);
    }

    public boolean distributed() {
        return worldSize > 1;
    }

    /**
     * Resolves flags (null when not given) over the environment; a single process when neither
     * names a world size above 1.
     *
     * @param master {@code HOST:PORT} or {@code HOST}
     */
    public static LaunchSettings resolve(Integer rankFlag, Integer worldSizeFlag, String master, String runIdFlag,
            Duration rendezvousTimeout, Duration peerTimeout, Map<String, String> env) {
        int worldSize = worldSizeFlag != null ? worldSizeFlag : integer(env, "WORLD_SIZE", 1);
        if (worldSize < 1) {
            throw new InvalidInputException("world-size: expected an integer >= 1, found " + worldSize);
        }
        if (worldSize == 1) {
            return single();
        }
        int rank = rankFlag != null ? rankFlag : integer(env, "RANK", -1);
        if (rank < 0 || rank >= worldSize) {
            throw new InvalidInputException("rank: expected an integer in 0.." + (worldSize - 1) + " (--rank or RANK) for "
                    + "world size " + worldSize + ", found " + (rank < 0 && rankFlag == null && !env.containsKey("RANK")
                            ? "none" : String.valueOf(rank)));
        }
        String host;
        int port;
        if (master != null) {
            int colon = master.lastIndexOf(':');
            host = colon >= 0 ? master.substring(0, colon) : master;
            port = colon >= 0 ? parsePort(master.substring(colon + 1), "master") : DEFAULT_PORT;
        } else {
            host = env.get("MASTER_ADDR");
            port = env.containsKey("MASTER_PORT") ? parsePort(env.get("MASTER_PORT"), "MASTER_PORT") : DEFAULT_PORT;
        }
        if (host == null || host.isBlank()) {
            throw new InvalidInputException("master: expected the address of rank 0 (--master HOST:PORT or MASTER_ADDR), "
                    + "found none");
        }
        int localWorldSize = integer(env, "LOCAL_WORLD_SIZE", 1);
        int localRank = integer(env, "LOCAL_RANK", 0);
        String runId = runIdFlag != null ? runIdFlag : env.getOrDefault("WASH_RUN_ID", env.get("TORCHELASTIC_RUN_ID"));
        return new LaunchSettings(rank, worldSize, host, port, localRank, Math.max(1, localWorldSize), runId,
                rendezvousTimeout, peerTimeout);
    }

    private static int parsePort(String text, String what) {
        try {
            int p = Integer.parseInt(text.trim());
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(what + ": expected a port in 1..65535, found \"" + text + "\"");
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name + ": expected an integer, found \"" + v + "\"");
        }
    }
}

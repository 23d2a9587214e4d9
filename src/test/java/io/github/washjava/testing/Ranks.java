package io.github.washjava.testing;

import io.github.washjava.collective.Collective;
import io.github.washjava.collective.LaunchSettings;
import io.github.washjava.collective.Rendezvous;
import io.github.washjava.collective.RunIdentity;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * W ranks of a real Gloo process group inside the test JVM, one thread each, on 127.0.0.1: the same
 * engine and rendezvous the CLI uses, without starting JVMs.
 */
public final class Ranks implements AutoCloseable {
    private final List<Collective> collectives;
    private final ExecutorService pool;

    private Ranks(List<Collective> collectives, ExecutorService pool) {
        this.collectives = collectives;
        this.pool = pool;
    }

    /** Joins {@code worldSize} ranks on a free loopback port. */
    public static Ranks join(int worldSize) throws Exception {
        int port = freePort();
        ExecutorService pool = Executors.newFixedThreadPool(worldSize, r -> {
            Thread t = new Thread(r, "test-rank");
            t.setDaemon(true);
            return t;
        });
        List<Future<Collective>> joins = new ArrayList<>();
        for (int r = 0; r < worldSize; r++) {
            LaunchSettings s = new LaunchSettings(r, worldSize, "127.0.0.1", port, r, worldSize, "test-" + port,
                    Duration.ofSeconds(30), Duration.ofSeconds(10));
            joins.add(pool.submit(() -> Rendezvous.join(s, new RunIdentity(s.runId(), "test", "v", worldSize, Map.of()))));
        }
        List<Collective> out = new ArrayList<>();
        for (Future<Collective> f : joins) {
            out.add(f.get(60, TimeUnit.SECONDS));
        }
        return new Ranks(out, pool);
    }

    /** A free TCP port on 127.0.0.1 (closed again; a small race the tests accept). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public Collective get(int rank) {
        return collectives.get(rank);
    }

    public int size() {
        return collectives.size();
    }

    /** Runs {@code work} on every rank at once, each on its own thread; returns the results by rank. */
    public <T> List<T> run(IntFunction<T> work) throws Exception {
        List<Future<T>> futures = new ArrayList<>();
        for (int r = 0; r < collectives.size(); r++) {
            final int rank = r;
            futures.add(pool.submit(() -> work.apply(rank)));
        }
        List<T> out = new ArrayList<>();
        for (Future<T> f : futures) {
            out.add(f.get(120, TimeUnit.SECONDS));
        }
        return out;
    }

    @Override
    public void close() {
        try {
            run(r -> {
                collectives.get(r).close();
                return null;
            });
        } catch (Exception e) {
            throw new IllegalStateException("closing the ranks failed", e);
        } finally {
            pool.shutdownNow();
        }
    }
}

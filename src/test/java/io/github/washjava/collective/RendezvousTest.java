package io.github.washjava.collective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.washjava.testing.Ranks;
import io.github.washjava.util.InvalidInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Who may join a run: refusals are clear on both sides, and a missing rank is named after the timeout. */
class RendezvousTest {
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-rendezvous");
        t.setDaemon(true);
        return t;
    });

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static LaunchSettings settings(int rank, int world, int port, String runId, int timeoutSeconds) {
        return new LaunchSettings(rank, world, "127.0.0.1", port, rank, world, runId, Duration.ofSeconds(timeoutSeconds),
                Duration.ofSeconds(5));
    }

    private Future<Collective> join(LaunchSettings s, RunIdentity identity) {
        return pool.submit(() -> Rendezvous.join(s, identity));
    }

    private static String failure(Future<?> f) throws InterruptedException {
        try {
            f.get(60, TimeUnit.SECONDS);
            return "joined";
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause().getMessage();
        } catch (java.util.concurrent.TimeoutException e) {
            return "still waiting";
        }
    }

    @Test
    void aRankWithAnotherConfigIsRefusedOnBothSidesNamingTheDifference() throws Exception {
        int port = Ranks.freePort();
        Future<Collective> zero = join(settings(0, 2, port, "run-a", 20),
                new RunIdentity("run-a", "train", "v1", 2, Map.of("p", 0.001, "epochs", 3)));
        Future<Collective> one = join(settings(1, 2, port, "run-a", 20),
                new RunIdentity("run-a", "train", "v1", 2, Map.of("p", 0.01, "epochs", 3)));
        assertThat(failure(one)).isEqualTo("rendezvous: rank 1 refused: config key p: 0.01 here, 0.001 on rank 0");
        assertThat(failure(zero)).isEqualTo(
                "rendezvous: rank 1 was refused: config key p: 0.01 here, 0.001 on rank 0");
    }

    @Test
    void anotherCodeVersionOrWorldSizeIsRefused() throws Exception {
        int port = Ranks.freePort();
        Future<Collective> zero = join(settings(0, 2, port, "run-b", 20), new RunIdentity("run-b", "train", "v1", 2,
                Map.of()));
        Future<Collective> one = join(settings(1, 2, port, "run-b", 20), new RunIdentity("run-b", "train", "v2", 3,
                Map.of()));
        assertThat(failure(one)).isEqualTo(
                "rendezvous: rank 1 refused: code version: v2 here, v1 on rank 0; world size: 3 here, 2 on rank 0");
        assertThat(failure(zero)).startsWith("rendezvous: rank 1 was refused: code version");
    }

    @Test
    void aProcessOfAnotherRunOnTheSameAddressIsRefusedAndTheRunGoesOn() throws Exception {
        int port = Ranks.freePort();
        Future<Collective> zero = join(settings(0, 2, port, "run-c", 20), new RunIdentity("run-c", "train", "v", 2,
                Map.of()));
        Future<Collective> stray = join(settings(1, 2, port, "run-other", 20), new RunIdentity("run-other", "train", "v",
                2, Map.of()));
        assertThat(failure(stray)).isEqualTo("rendezvous at 127.0.0.1:" + port + ": expected run run-other, found run "
                + "run-c there; refused (another run uses this address: choose another --master port or --run-id)");
        Future<Collective> one = join(settings(1, 2, port, "run-c", 20), new RunIdentity("run-c", "train", "v", 2,
                Map.of()));
        Collective c0 = zero.get(60, TimeUnit.SECONDS);
        Collective c1 = one.get(60, TimeUnit.SECONDS);
        assertThat(c0.worldSize()).isEqualTo(2);
        assertThat(c1.rank()).isEqualTo(1);
        List<Future<Object>> closing = new ArrayList<>();
        closing.add(pool.submit(() -> {
            c0.close();
            return null;
        }));
        c1.close();
        closing.get(0).get(30, TimeUnit.SECONDS);
    }

    @Test
    void aRankThatNeverArrivesIsNamedAfterTheTimeout() throws Exception {
        int port = Ranks.freePort();
        long t0 = System.nanoTime();
        Future<Collective> zero = join(settings(0, 3, port, "run-d", 3), new RunIdentity("run-d", "train", "v", 3,
                Map.of()));
        Future<Collective> one = join(settings(1, 3, port, "run-d", 3), new RunIdentity("run-d", "train", "v", 3,
                Map.of()));
        assertThat(failure(zero)).isEqualTo("rendezvous: rank 2 of 3 did not arrive at 127.0.0.1:" + port
                + " within 3 s");
        assertThat((System.nanoTime() - t0) / 1e9).isBetween(2.5, 15.0);
        assertThat(failure(one)).startsWith("rendezvous: rank 2 of 3 did not arrive");
    }

    @Test
    void aTakenMasterPortIsABadInputNamingIt() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> Rendezvous.join(settings(0, 2, port, "run-e", 3),
                    new RunIdentity("run-e", "train", "v", 2, Map.of()))).isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("master 127.0.0.1:" + port + ": expected a free address of this machine");
        }
    }

    @Test
    void withoutAWorldSizeNothingIsDistributed() {
        assertThat(LaunchSettings.resolve(null, null, null, null, Duration.ofSeconds(1), Duration.ofSeconds(1), Map.of())
                .distributed()).isFalse();
        LaunchSettings s = LaunchSettings.resolve(null, null, null, null, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Map.of("WORLD_SIZE", "4", "RANK", "2", "MASTER_ADDR", "node0", "MASTER_PORT", "29400",
                        "LOCAL_WORLD_SIZE", "2", "TORCHELASTIC_RUN_ID", "job-7"));
        assertThat(s).isEqualTo(new LaunchSettings(2, 4, "node0", 29400, 0, 2, "job-7", Duration.ofSeconds(1),
                Duration.ofSeconds(1)));
        assertThatThrownBy(() -> LaunchSettings.resolve(5, 4, "node0:1", null, Duration.ofSeconds(1),
                Duration.ofSeconds(1), Map.of())).hasMessage("rank: expected an integer in 0..3 (--rank or RANK) for world "
                        + "size 4, found 5");
        assertThatThrownBy(() -> LaunchSettings.resolve(0, 2, null, null, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Map.of())).hasMessage("master: expected the address of rank 0 (--master HOST:PORT or MASTER_ADDR), found none");
        assertThatThrownBy(() -> LaunchSettings.resolve(0, 2, "node0:http", null, Duration.ofSeconds(1),
                Duration.ofSeconds(1), Map.of())).hasMessage("master: expected a port in 1..65535, found \"http\"");
    }
}

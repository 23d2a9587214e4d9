package io.github.washjava.collective;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.pytorch.Store;

/**
 * Notices a rank that is gone even when no collective is waiting for it. Every rank writes a counter
 * into the rendezvous store every {@link #PERIOD} and reads everyone else's; a rank whose counter has
 * not moved for the peer timeout, or a store that stops answering (rank 0 serves it), stops this rank
 * at once with one line naming the lost rank and exit code 1 — this rank may be blocked inside a
 * collective that would otherwise wait for Gloo's own 30-minute timeout. Checkpoints are written
 * atomically, so they are intact whenever this happens.
 *
 * <p>The same knowledge names the lost rank when a collective fails ({@link #diagnose}). A rank that
 * fails on its own (a diverged member, bad data) posts its message first, and the others quote it.
 */
final class Heartbeat implements AutoCloseable {
    static final Duration PERIOD = Duration.ofMillis(500);
    private static final AtomicBoolean REPORTED = new AtomicBoolean();

    private final KeyStore store;
    private final int rank;
    private final int worldSize;
    private final Duration timeout;
    private final String where;
    private final long[] lastValue;
    private final java.util.concurrent.atomic.AtomicLongArray lastChange;
    private final String[] aliveKeys;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile String lost;
    private volatile String resumeCommand;

    Heartbeat(Store store, int rank, int worldSize, Duration timeout, String where) {
        this.store = new KeyStore(store, "wash/");
        this.rank = rank;
        this.worldSize = worldSize;
        this.timeout = timeout;
        this.where = where;
        this.lastValue = new long[worldSize];
        this.lastChange = new java.util.concurrent.atomic.AtomicLongArray(worldSize);
        this.aliveKeys = new String[worldSize];
        for (int q = 0; q < worldSize; q++) {
            aliveKeys[q] = "alive/" + q;
        }
        java.util.Arrays.fill(lastValue, -1);
        for (int q = 0; q < worldSize; q++) {
            lastChange.set(q, System.nanoTime());
        }
        this.thread = new Thread(this::beat, "wash-heartbeat");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void beat() {
        long counter = 0;
        while (!stopping) {
            try {
                store.set("alive/" + rank, Long.toString(counter++));
                if (store.has(aliveKeys)) {
                    long now = System.nanoTime();
                    for (int q = 0; q < worldSize; q++) {
                        long v = Long.parseLong(store.get("alive/" + q));
                        if (v != lastValue[q]) {
                            lastValue[q] = v;
                            lastChange.set(q, now);
                        } else if (q != rank && now - lastChange.get(q) > timeout.toNanos()) {
                            stop(describe(q, "stopped responding (no heartbeat for " + timeout.toSeconds() + " s)"));
                        }
                    }
                }
                Thread.sleep(PERIOD.toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!stopping) {
                    stop(rank == 0 ? "the rendezvous store of this rank failed (" + Rendezvous.firstLine(e) + ")"
                            : describe(0, "is gone (its rendezvous store at " + where + " stopped answering)"));
                }
                return;
            }
        }
    }

    /** "rank 2 failed: <its message>" when it posted one, else "rank 2 <what>". */
    private String describe(int q, String what) {
        try {
            if (q != 0 && store.has("failed/" + q)) {
                return "rank " + q + " failed: " + store.get("failed/" + q);
            }
        } catch (RuntimeException e) {
            // the store is gone too
        }
        return "rank " + q + " " + what;
    }

    /** Stops this process: one line, exit code 1 (the main thread may be blocked in a collective). */
    private void stop(String reason) {
        lost = reason;
        if (stopping || !REPORTED.compareAndSet(false, true)) {
            return;
        }
        System.out.flush();
        System.err.println((rank == 0 ? "\n" : "") + "error: " + reason + "; this rank stops. " + resumeHint());
        System.err.flush();
        Runtime.getRuntime().halt(1);
    }

    /**
     * Names the lost rank behind a failed collective: the ranks alive keep beating after the failure,
     * a rank that is gone does not; a few heartbeat periods tell them apart.
     */
    PeerLostException diagnose(RuntimeException failure) {
        long failedAt = System.nanoTime();
        long settle = failedAt + 4 * PERIOD.toNanos();
        long deadline = failedAt + timeout.toNanos() + 2 * PERIOD.toNanos();
        String reason = null;
        while (reason == null && System.nanoTime() < deadline && !stopping) {
            if (lost != null) {
                reason = lost;
                break;
            }
            if (System.nanoTime() > settle) {
                List<Integer> silent = new ArrayList<>();
                for (int q = 0; q < worldSize; q++) {
                    if (q != rank && lastChange.get(q) < failedAt) {
                        silent.add(q);
                    }
                }
                if (silent.size() == 1) {
                    reason = describe(silent.get(0), "is gone (its connection closed and its heartbeat stopped)");
                } else if (!silent.isEmpty()) {
                    reason = "ranks " + String.join(", ", silent.stream().map(String::valueOf).toList())
                            + " are gone (their connections closed and their heartbeats stopped)";
                }
            }
            sleep(50);
        }
        if (reason == null) {
            reason = "a collective failed (" + Rendezvous.firstLine(failure) + ")";
        }
        REPORTED.set(true); // this rank's own error line says it; the watchdog must not print a second
        return new PeerLostException(reason + "; this rank stops. " + resumeHint(), failure);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The command that continues the run, once the run directory is known. */
    void setResumeHint(String command) {
        this.resumeCommand = command;
    }

    private String resumeHint() {
        return "Checkpoints are intact: continue with " + (resumeCommand != null ? "\"" + resumeCommand + "\""
                : "the same command and --resume RUN_DIR") + " on every rank";
    }

    /** Posts this rank's failure for the others to quote. */
    void reportFailure(String message) {
        try {
            store.set("failed/" + rank, message);
        } catch (RuntimeException e) {
            // nobody to tell
        }
    }

    /**
     * Ends heartbeats after a run: every rank says it is done, and rank 0 (which serves the store) waits
     * for the others before it lets the store go, so nobody mistakes a finished rank 0 for a lost one.
     */
    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            store.set("done/" + rank, "1");
            if (rank == 0 && lost == null) { // after a lost rank nobody waits for anybody
                String[] done = new String[worldSize];
                for (int q = 0; q < worldSize; q++) {
                    done[q] = "done/" + q;
                }
                long deadline = System.nanoTime() + timeout.toNanos() * 2;
                while (!store.has(done) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            }
        } catch (RuntimeException | InterruptedException e) {
            // a rank that is gone cannot say it is done
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

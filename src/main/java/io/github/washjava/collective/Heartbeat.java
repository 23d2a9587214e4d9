package io.github.washjava.collective;

import java.time.Duration;
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
    private final long[] lastChange;
    private final String[] aliveKeys;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile String lost;

    Heartbeat(Store store, int rank, int worldSize, Duration timeout, String where) {
        this.store = new KeyStore(store, "wash/");
        this.rank = rank;
        this.worldSize = worldSize;
        this.timeout = timeout;
        this.where = where;
        this.lastValue = new long[worldSize];
        this.lastChange = new long[worldSize];
        this.aliveKeys = new String[worldSize];
        for (int q = 0; q < worldSize; q++) {
            aliveKeys[q] = "alive/" + q;
        }
        java.util.Arrays.fill(lastValue, -1);
        java.util.Arrays.fill(lastChange, System.nanoTime());
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
                            lastChange[q] = now;
                        } else if (q != rank && now - lastChange[q] > timeout.toNanos()) {
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
        System.err.println("error: " + reason + "; this rank stops. Checkpoints are intact: run the same command "
                + "with --resume RUN_DIR on every rank to continue");
        System.err.flush();
        Runtime.getRuntime().halt(1);
    }

    /** Names the lost rank behind a failed collective, waiting up to the peer timeout to find out. */
    PeerLostException diagnose(RuntimeException failure) {
        long deadline = System.nanoTime() + timeout.toNanos() + 2 * PERIOD.toNanos();
        while (lost == null && System.nanoTime() < deadline && !stopping) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        String reason = lost != null ? lost : "a collective failed (" + Rendezvous.firstLine(failure) + ")";
        return new PeerLostException(reason + "; this rank stops", failure);
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
            if (rank == 0) {
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

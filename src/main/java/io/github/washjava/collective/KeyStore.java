package io.github.washjava.collective;

import org.bytedeco.pytorch.Store;
import org.bytedeco.pytorch.StringVector;

/** The rendezvous store with the project's keys under one prefix, as strings. */
final class KeyStore {
    private static final long POLL_MILLIS = 50;
    private final Store store;
    private final String prefix;

    KeyStore(Store store, String prefix) {
        this.store = store;
        this.prefix = prefix;
    }

    void set(String key, String value) {
        store.set(prefix + key, value);
    }

    String get(String key) {
        return store.get_to_str(prefix + key);
    }

    long add(String key, long amount) {
        return store.add(prefix + key, amount);
    }

    /** Whether every key is set, without waiting. */
    boolean has(String... keys) {
        StringVector v = new StringVector();
        for (String k : keys) {
            v.push_back(prefix + k);
        }
        return store.check(v);
    }

    /** Waits until {@code key} is set; a {@link PeerLostException} at the deadline ({@link System#nanoTime()}). */
    void await(String key, long deadline) {
        while (!has(key)) {
            if (System.nanoTime() > deadline) {
                throw new PeerLostException("timed out waiting for " + key);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PeerLostException("interrupted waiting for " + key);
            }
        }
    }
}

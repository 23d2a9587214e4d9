package io.github.washjava.population;

import static org.bytedeco.pytorch.global.torch.set_num_threads;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Runs one task per member, either in parallel threads or one after another on the calling thread.
 * Each worker thread sets its own libtorch intra-op thread count once, so threads × intra-op threads
 * stays within the cores (oversubscription was measured 24% slower on 2 cores, docs/design.md).
 */
public final class MemberExecutor implements AutoCloseable {
    private final int threads;
    private final int intraOpThreads;
    private final ExecutorService pool;

    /**
     * @param threads members stepping at once (1 = sequential on the calling thread)
     * @param intraOpThreads libtorch threads each member uses inside its ops
     */
    public MemberExecutor(int threads, int intraOpThreads) {
        this.threads = Math.max(1, threads);
        this.intraOpThreads = Math.max(1, intraOpThreads);
        if (this.threads > 1) {
            pool = Executors.newFixedThreadPool(this.threads, runnable -> {
                Thread t = new Thread(() -> {
                    set_num_threads(this.intraOpThreads);
                    runnable.run();
                }, "member-worker");
                t.setDaemon(true);
                return t;
            });
        } else {
            pool = null;
            set_num_threads(this.intraOpThreads);
        }
    }

    public int threads() {
        return threads;
    }

    public int intraOpThreads() {
        return intraOpThreads;
    }

    /** Runs {@code task} for members 0..n−1 and returns their results in member order. */
    public <T> List<T> map(int n, IntFunction<T> task) {
        List<T> out = new ArrayList<>(n);
        if (pool == null) {
            for (int i = 0; i < n; i++) {
                out.add(task.apply(i));
            }
            return out;
        }
        List<Future<T>> futures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            final int member = i;
            futures.add(pool.submit(() -> task.apply(member)));
        }
        for (Future<T> f : futures) {
            try {
                out.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while members were stepping", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(cause);
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}

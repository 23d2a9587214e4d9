package io.github.washjava.train;

import io.github.washjava.data.Batch;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prepares each member's next batches in a pool of worker threads while the member trains (decoding and
 * augmenting image files is slower than a small model's step). Each member has at most {@code depth}
 * batches queued ahead of the one it takes, which bounds memory and gives back-pressure: the workers stop
 * when the members fall behind. A batch is a pure function of (member, epoch, batch, step), so what a worker
 * prepared is exactly what the member would have built; a request that is not the one foreseen (after a
 * resume, or a benchmark's jumps) is built directly and the stale work dropped. A worker's failure (too many
 * unreadable images) is thrown in the member's thread as itself. Workers are daemon threads that end after
 * a few idle seconds, so a finished or abandoned run leaves none behind.
 */
final class BatchPrefetcher {
    /** What a worker computes: member {@code member}'s batch {@code batch} of {@code epoch} at global step {@code step}. */
    interface Loader {
        Batch load(int member, int epoch, int batch, long step);
    }

    private record Key(int epoch, int batch, long step) {
    }

    private record Pending(Key key, Future<Batch> batch) {
    }

    private final ThreadPoolExecutor pool;
    private final Loader loader;
    private final int depth;
    private final int stepsPerEpoch;
    private final long endStep;
    /** Member i's queue of foreseen batches, in step order; guarded by itself. */
    private final ArrayDeque<Pending>[] ahead;

    @SuppressWarnings("unchecked")
    BatchPrefetcher(int threads, int members, int stepsPerEpoch, long endStep, Loader loader) {
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "wash-loader-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        this.loader = loader;
        // Enough batches in flight to keep every worker busy, and at least two per member.
        this.depth = Math.max(2, (threads + members - 1) / members);
        this.stepsPerEpoch = stepsPerEpoch;
        this.endStep = endStep;
        this.ahead = new ArrayDeque[members];
        for (int m = 0; m < members; m++) {
            ahead[m] = new ArrayDeque<>();
        }
    }

    int depth() {
        return depth;
    }

    /** Member {@code member}'s batch for (epoch, batch, step); queues the batches after it. */
    Batch take(int member, int epoch, int batch, long step) {
        Key key = new Key(epoch, batch, step);
        Future<Batch> ready = null;
        ArrayDeque<Pending> queue = ahead[member];
        synchronized (queue) {
            while (!queue.isEmpty() && ready == null) {
                Pending next = queue.pollFirst();
                if (next.key().equals(key)) {
                    ready = next.batch();
                } else {
                    next.batch().cancel(false); // not foreseen: the member went elsewhere
                }
            }
            Key last = key;
            for (Pending p : queue) {
                last = p.key();
            }
            for (int k = queue.size(); k < depth; k++) {
                last = successor(last);
                if (endStep > 0 && last.step() >= endStep) {
                    break;
                }
                Key job = last;
                queue.addLast(new Pending(job, pool.submit(() -> loader.load(member, job.epoch(), job.batch(), job.step()))));
            }
        }
        return ready == null ? loader.load(member, epoch, batch, step) : await(ready);
    }

    private Key successor(Key k) {
        return k.batch() + 1 < stepsPerEpoch ? new Key(k.epoch(), k.batch() + 1, k.step() + 1)
                : new Key(k.epoch() + 1, 0, k.step() + 1);
    }

    private static Batch await(Future<Batch> batch) {
        try {
            return batch.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("batch loader failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrainingInterruptedException("interrupted while waiting for a batch");
        } catch (CancellationException e) {
            throw new IllegalStateException("batch was cancelled while awaited", e);
        }
    }
}

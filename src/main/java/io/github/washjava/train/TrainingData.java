package io.github.washjava.train;

import io.github.washjava.util.Seeds;
import io.github.washjava.data.Batch;
import io.github.washjava.data.BatchBuilder;
import io.github.washjava.data.ImageSet;
import io.github.washjava.data.Regularization;
import io.github.washjava.util.RandomStreams;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Each member's view of the training set (docs/method.md §5): its own data order every epoch, its own
 * augmentation draws and its own regularisation. Both streams derive from (seed, member, epoch or
 * step), so a member's batches do not depend on which thread runs it or on the other members.
 * Incomplete last batches are dropped so every member takes the same number of steps. With loader
 * threads ({@link #prefetching}), the batches after each one taken are prepared ahead by a
 * {@link BatchPrefetcher}; only members that ask for batches get them, so a rank of a distributed run
 * reads only its own members' images.
 */
public final class TrainingData {
    private final ImageSet data;
    private final BatchBuilder builder;
    private final int batchSize;
    private final List<Regularization> regularization;
    private final long seed;
    private BatchPrefetcher prefetcher;

    public TrainingData(ImageSet data, BatchBuilder builder, int batchSize, List<Regularization> regularization, long seed) {
        if (batchSize < 1 || batchSize > data.size()) {
            throw new IllegalArgumentException("batch-size: expected 1.." + data.size() + " (the training set), found "
                    + batchSize);
        }
        this.data = data;
        this.builder = builder;
        this.batchSize = batchSize;
        this.regularization = List.copyOf(regularization);
        this.seed = seed;
        this.orders = new EpochOrders[regularization.size()];
        java.util.Arrays.setAll(orders, m -> new EpochOrders());
    }

    /**
     * Prepares batches ahead in {@code threads} worker threads (0: none, each batch is built when taken), up
     * to global step {@code endStep} (exclusive; 0: no end). Call before training starts.
     */
    public TrainingData prefetching(int threads, long endStep) {
        if (threads < 0) {
            throw new IllegalArgumentException("loader-threads: expected an integer >= 0, found " + threads);
        }
        prefetcher = threads == 0 ? null
                : new BatchPrefetcher(threads, regularization.size(), stepsPerEpoch(), endStep, this::build);
        return this;
    }

    /** Batches each member may have prepared ahead of the one it takes (0 without loader threads). */
    public int prefetchDepth() {
        return prefetcher == null ? 0 : prefetcher.depth();
    }

    public int stepsPerEpoch() {
        return data.size() / batchSize;
    }

    public int batchSize() {
        return batchSize;
    }

    public Regularization regularization(int member) {
        return regularization.get(member);
    }

    /** Member {@code member}'s batch {@code batch} of {@code epoch}, taken at global step {@code step}. */
    public Batch batch(int member, int epoch, int batch, long step) {
        return prefetcher == null ? build(member, epoch, batch, step) : prefetcher.take(member, epoch, batch, step);
    }

    private Batch build(int member, int epoch, int batch, long step) {
        int[] order = order(member, epoch);
        int[] indices = new int[batchSize];
        System.arraycopy(order, batch * batchSize, indices, 0, batchSize);
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, "augment", member, step));
        return builder.build(indices, regularization.get(member), rng);
    }

    /**
     * Member i's permutations of its two most recent epochs (at an epoch's end, loader threads may build
     * the last batches of one and the first of the next at once); guarded by {@code orders[i]} itself.
     */
    private final EpochOrders[] orders;

    private static final class EpochOrders {
        int epoch = -1;
        int[] order;
        int previousEpoch = -1;
        int[] previous;
    }

    /** The member's permutation of the training set for an epoch. */
    int[] order(int member, int epoch) {
        EpochOrders o = orders[member];
        synchronized (o) {
            if (o.epoch == epoch) {
                return o.order;
            }
            if (o.previousEpoch == epoch) {
                return o.previous;
            }
            int[] perm = new int[data.size()];
            RandomStreams.permutation(new SplittableRandom(Seeds.derive(seed, "order", member, epoch)), perm);
            if (epoch > o.epoch) {
                o.previousEpoch = o.epoch;
                o.previous = o.order;
                o.epoch = epoch;
                o.order = perm;
            } else {
                o.previousEpoch = epoch;
                o.previous = perm;
            }
            return perm;
        }
    }
}

package io.github.washjava.train;

import io.github.washjava.util.Seeds;
import io.github.washjava.data.Batch;
import io.github.washjava.data.BatchBuilder;
import io.github.washjava.data.Dataset;
import io.github.washjava.data.Regularization;
import io.github.washjava.util.RandomStreams;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Each member's view of the training set (docs/method.md §5): its own data order every epoch, its own
 * augmentation draws and its own regularisation. Both streams derive from (seed, member, epoch or
 * step), so a member's batches do not depend on which thread runs it or on the other members.
 * Incomplete last batches are dropped so every member takes the same number of steps.
 */
public final class TrainingData {
    private final Dataset data;
    private final BatchBuilder builder;
    private final int batchSize;
    private final List<Regularization> regularization;
    private final long seed;

    public TrainingData(Dataset data, BatchBuilder builder, int batchSize, List<Regularization> regularization, long seed) {
        if (batchSize < 1 || batchSize > data.size()) {
            throw new IllegalArgumentException("batch-size: expected 1.." + data.size() + " (the training set), found "
                    + batchSize);
        }
        this.data = data;
        this.builder = builder;
        this.batchSize = batchSize;
        this.regularization = List.copyOf(regularization);
        this.seed = seed;
        this.cachedOrder = new int[regularization.size()][];
        this.cachedEpoch = new int[regularization.size()];
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
        int[] order = order(member, epoch);
        int[] indices = new int[batchSize];
        System.arraycopy(order, batch * batchSize, indices, 0, batchSize);
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, "augment", member, step));
        return builder.build(indices, regularization.get(member), rng);
    }

    /** Member i's permutation for epoch {@code cachedEpoch[i]}: only member i's own task touches slot i. */
    private final int[][] cachedOrder;
    private final int[] cachedEpoch;

    /** The member's permutation of the training set for an epoch (cached for the current epoch). */
    int[] order(int member, int epoch) {
        if (cachedOrder[member] == null || cachedEpoch[member] != epoch) {
            int[] perm = new int[data.size()];
            RandomStreams.permutation(new SplittableRandom(Seeds.derive(seed, "order", member, epoch)), perm);
            cachedOrder[member] = perm;
            cachedEpoch[member] = epoch;
        }
        return cachedOrder[member];
    }
}

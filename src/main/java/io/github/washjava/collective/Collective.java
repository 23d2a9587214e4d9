package io.github.washjava.collective;

import org.bytedeco.pytorch.Tensor;

/**
 * How the ranks of one run talk: the four collectives the exchanges, merges and metrics need. Every
 * rank calls the same collectives in the same order with matching sizes (each computes the sizes
 * from state all ranks share: the seed, the step, the placement), as with PyTorch's
 * {@code torch.distributed}. With one rank ({@link SingleProcess}) every call is a no-op; with
 * several, {@link GlooCollective} runs them on libtorch's c10d {@code ProcessGroupGloo}.
 *
 * <p>Tensors are flat and contiguous, of one dtype, on any device: an implementation whose transport
 * moves host memory only copies a device tensor to the host and back at this boundary (see
 * {@link GlooCollective}). Every implementation counts the bytes
 * this rank put on the wire and the time spent inside collectives ({@link #traffic()}).
 */
public interface Collective extends AutoCloseable {
    /** This process's rank, 0..worldSize−1. */
    int rank();

    /** Number of ranks. */
    int worldSize();

    /**
     * All-to-all with split sizes: {@code send} holds, rank by rank, {@code sendCounts[q]} elements
     * for rank q; returns, rank by rank, the {@code receiveCounts[q]} elements rank q sent here.
     * The part for this rank itself is copied locally.
     */
    Tensor allToAll(Tensor send, long[] sendCounts, long[] receiveCounts);

    /** Sums {@code values} over all ranks, in place; every rank ends with the same bits. */
    void allReduceSum(Tensor values);

    /** Overwrites {@code values} on every rank with rank {@code root}'s. */
    void broadcast(Tensor values, int root);

    /** Returns once every rank has called it. */
    void barrier();

    /** Bytes this rank sent and seconds it spent in collectives so far. */
    WireTraffic traffic();

    @Override
    void close();

    /** Whether there are other ranks at all. */
    default boolean isDistributed() {
        return worldSize() > 1;
    }

    /**
     * Every rank's {@code local} (of {@code counts[rank()]} elements), concatenated in rank order, on
     * every rank: an all-gather with uneven sizes, over {@link #allToAll}.
     */
    default Tensor allGather(Tensor local, long[] counts) {
        int w = worldSize();
        if (w == 1) {
            return local;
        }
        long mine = counts[rank()];
        long[] send = new long[w];
        java.util.Arrays.fill(send, mine);
        Tensor repeated = local.repeat(w);
        return allToAll(repeated, send, counts.clone());
    }
}

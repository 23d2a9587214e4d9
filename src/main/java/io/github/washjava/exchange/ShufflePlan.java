package io.github.washjava.exchange;

import io.github.washjava.util.RandomStreams;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The random part of one WASH shuffle of one tensor (docs/method.md §3): which coordinates are selected and,
 * for each, the permutation σ_k of the members. It depends only on the random stream, so every worker
 * that derives the stream from (seed, step, tensor) draws the same plan without any index traffic.
 */
public final class ShufflePlan {
    private final long[] coordinates;
    private final int[] permutations; // row j holds σ for coordinates[j]
    private final int members;

    private ShufflePlan(long[] coordinates, int[] permutations, int members) {
        this.coordinates = coordinates;
        this.permutations = permutations;
        this.members = members;
    }

    /**
     * Draws the plan for a tensor of {@code numel} coordinates shared by {@code members} members:
     * coordinates from a Bernoulli(p) mask (geometric gaps), then an independent uniform permutation
     * per selected coordinate, interleaved in one stream.
     */
    public static ShufflePlan draw(SplittableRandom rng, long numel, double p, int members) {
        long[] coords = new long[16];
        int[] perms = new int[16 * members];
        int[] perm = new int[members];
        int count = 0;
        for (long k = CoordinateSampler.next(rng, -1, p); k < numel; k = CoordinateSampler.next(rng, k, p)) {
            if (count == coords.length) {
                coords = Arrays.copyOf(coords, count * 2);
                perms = Arrays.copyOf(perms, count * 2 * members);
            }
            RandomStreams.permutation(rng, perm);
            coords[count] = k;
            System.arraycopy(perm, 0, perms, count * members, members);
            count++;
        }
        return new ShufflePlan(Arrays.copyOf(coords, count), Arrays.copyOf(perms, count * members), members);
    }

    /** Number of selected coordinates. */
    public int size() {
        return coordinates.length;
    }

    /** The k-th selected coordinate (flat index). */
    public long coordinate(int j) {
        return coordinates[j];
    }

    /** σ_k(i) for the j-th selected coordinate. */
    public int source(int j, int member) {
        return permutations[j * members + member];
    }

    /** Values that land in a different member: Σ_k #{i : σ_k(i) ≠ i}. */
    public long movedValues() {
        long moved = 0;
        for (int j = 0; j < coordinates.length; j++) {
            for (int i = 0; i < members; i++) {
                if (permutations[j * members + i] != i) {
                    moved++;
                }
            }
        }
        return moved;
    }
}

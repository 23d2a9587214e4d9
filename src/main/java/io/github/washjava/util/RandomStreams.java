package io.github.washjava.util;

import java.util.SplittableRandom;

/**
 * The project's one shuffling routine. Every random order in the project (data order, the shuffle's
 * permutations σ_k, PAPA-2's pairs, the validation hold-out, BatchNorm batches) is drawn here from a
 * {@link SplittableRandom} seeded by {@link Seeds#derive}, so the same seed gives the same order on
 * every machine and JVM.
 */
public final class RandomStreams {
    private RandomStreams() {
    }

    /** A uniform random permutation of 0..n−1 into {@code perm} (Fisher–Yates, from the end). */
    public static void permutation(SplittableRandom rng, int[] perm) {
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        shuffle(rng, perm);
    }

    /** Shuffles {@code values} in place, uniformly over its permutations (Fisher–Yates). */
    public static void shuffle(SplittableRandom rng, int[] values) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    /** A fresh permutation of 0..n−1 from the stream {@code (seed, purpose, coordinates...)}. */
    public static int[] permutation(int n, long seed, String purpose, long... coordinates) {
        int[] perm = new int[n];
        permutation(new SplittableRandom(Seeds.derive(seed, purpose, coordinates)), perm);
        return perm;
    }
}

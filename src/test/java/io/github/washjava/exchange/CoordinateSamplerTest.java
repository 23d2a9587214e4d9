package io.github.washjava.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CoordinateSamplerTest {
    @Test
    void geometricGapsGiveTheBernoulliMasksDistribution() {
        // docs/method.md §3 "Efficient sampling": the geometric walk has the distribution of an i.i.d. Bernoulli(p)
        // mask. Checked with a fixed seed: each coordinate's marginal is p, adjacent pairs are
        // independent (joint p²), and the count has the binomial variance; bounds are 5σ.
        int m = 40;
        double p = 0.2;
        int trials = 100_000;
        long[] hits = new long[m];
        long[] pairHits = new long[m - 1];
        double sumCount = 0;
        double sumCountSq = 0;
        SplittableRandom rng = new SplittableRandom(123);
        for (int t = 0; t < trials; t++) {
            boolean[] mask = new boolean[m];
            int count = 0;
            for (long k = CoordinateSampler.next(rng, -1, p); k < m; k = CoordinateSampler.next(rng, k, p)) {
                mask[(int) k] = true;
                hits[(int) k]++;
                count++;
            }
            for (int k = 0; k + 1 < m; k++) {
                if (mask[k] && mask[k + 1]) {
                    pairHits[k]++;
                }
            }
            sumCount += count;
            sumCountSq += (double) count * count;
        }
        double sigma = Math.sqrt(p * (1 - p) / trials);
        for (int k = 0; k < m; k++) {
            assertThat(hits[k] / (double) trials).as("marginal of coordinate %d", k).isCloseTo(p, within(5 * sigma));
        }
        double pairSigma = Math.sqrt(p * p * (1 - p * p) / trials);
        for (int k = 0; k + 1 < m; k++) {
            assertThat(pairHits[k] / (double) trials).as("pair %d", k).isCloseTo(p * p, within(5 * pairSigma));
        }
        double mean = sumCount / trials;
        double variance = sumCountSq / trials - mean * mean;
        assertThat(variance).isCloseTo(m * p * (1 - p), within(0.05 * m * p * (1 - p)));
    }

    @Test
    void extremeProbabilitiesSelectAllOrNothing() {
        SplittableRandom rng = new SplittableRandom(1);
        assertThat(CoordinateSampler.next(rng, -1, 0)).isEqualTo(CoordinateSampler.END);
        assertThat(CoordinateSampler.next(rng, 4, 1)).isEqualTo(5);
    }

    @Test
    void permutationsAreUniform() {
        // Fisher–Yates over N = 3: each of the 6 permutations has probability 1/6 (5σ bound).
        SplittableRandom rng = new SplittableRandom(5);
        int[] perm = new int[3];
        int[] counts = new int[6];
        int trials = 60_000;
        for (int t = 0; t < trials; t++) {
            io.github.washjava.util.RandomStreams.permutation(rng, perm);
            counts[perm[0] * 2 + (perm[1] > perm[2] ? 1 : 0)]++;
        }
        double sigma = Math.sqrt(trials * (1 / 6.0) * (5 / 6.0));
        for (int c : counts) {
            assertThat((double) c).isCloseTo(trials / 6.0, within(5 * sigma));
        }
    }
}

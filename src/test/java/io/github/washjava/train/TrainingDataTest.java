package io.github.washjava.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.washjava.data.Augmentation;
import io.github.washjava.data.BatchBuilder;
import io.github.washjava.data.Dataset;
import io.github.washjava.data.Normalization;
import io.github.washjava.data.Regularization;
import io.github.washjava.data.SyntheticDataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TrainingDataTest {
    private static TrainingData data(int members) {
        Dataset d = SyntheticDataset.generate(1, 2, 100, 1, 4, 4, 3, 10);
        return new TrainingData(d, new BatchBuilder(d, Normalization.of(d), Augmentation.NONE), 10,
                Regularization.homogeneous(members), 5);
    }

    @Test
    void eachEpochIsAPermutationAndMembersHaveTheirOwnOrder() {
        // docs/method.md §5: each member has its own data order.
        TrainingData td = data(2);
        int[] a = td.order(0, 0);
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertThat(sorted[i]).isEqualTo(i);
        }
        assertThat(td.order(1, 0)).isNotEqualTo(a);
        assertThat(td.order(0, 1)).isNotEqualTo(a);
        assertThat(data(2).order(0, 0)).isEqualTo(a); // derived from the seed, not from call history
    }

    @Test
    void membersInParallelThreadsCrossEpochBoundariesWithoutBlocking() throws Exception {
        // Regression: a shared cache once deadlocked two member threads at the first epoch boundary.
        TrainingData td = data(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int epoch = 0; epoch < 200; epoch++) {
                List<Future<?>> steps = new ArrayList<>();
                for (int member = 0; member < 2; member++) {
                    final int m = member;
                    final int e = epoch;
                    steps.add(pool.submit(() -> td.batch(m, e, 9, e * 10L + 9)));
                }
                for (Future<?> f : steps) {
                    f.get(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void prefetchedBatchesAreTheBatchesBuiltDirectlyEvenAcrossEpochsAndJumps() {
        TrainingData plain = data(2);
        TrainingData ahead = data(2).prefetching(3, 0);
        assertThat(ahead.prefetchDepth()).isEqualTo(2);
        long[][] requests = {{0, 0, 0}, {0, 1, 1}, {0, 9, 9}, {1, 0, 10}, {1, 1, 11}, {3, 4, 34}, {3, 5, 35}};
        for (long[] r : requests) {
            for (int m = 0; m < 2; m++) {
                assertThat(ahead.batch(m, (int) r[0], (int) r[1], r[2]).images())
                        .containsExactly(plain.batch(m, (int) r[0], (int) r[1], r[2]).images());
            }
        }
    }

    @Test
    void aLoaderFailureIsThrownInTheMembersThreadAsItself() {
        BatchPrefetcher p = new BatchPrefetcher(2, 1, 10, 0, (m, e, b, s) -> {
            throw new IllegalStateException("bad file at step " + s);
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.take(0, 0, 0, 0)).hasMessage("bad file at step 0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.take(0, 0, 1, 1)).hasMessage("bad file at step 1");
    }
}

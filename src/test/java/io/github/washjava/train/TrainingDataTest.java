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
}

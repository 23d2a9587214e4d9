package io.github.washjava.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BatchBuilderTest {
    private static final Normalization IDENTITY = new Normalization(new float[] {0f}, new float[] {1 / 255f});

    /** n grey 4×4 images; image i has every pixel equal to 10·i. */
    private static Dataset flat(int n, int classes) {
        byte[] px = new byte[n * 16];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(px, i * 16, (i + 1) * 16, (byte) (10 * i));
            labels[i] = i % classes;
        }
        return new Dataset("flat", px, labels, 1, 4, 4, classes);
    }

    @Test
    void labelSmoothingGivesOneMinusEpsPlusEpsOverK() {
        // docs/method.md §5: smoothed one-hot targets.
        float[] t = BatchBuilder.smoothedOneHot(new int[] {2}, 4, 0.1);
        assertThat(t).containsExactly(new float[] {0.025f, 0.025f, 0.925f, 0.025f}, within(1e-6f));
    }

    @Test
    void mixupMixesWithTheReversedBatchAndTheSameLambdaForTargets() {
        // docs/method.md §5: per batch one λ ~ Beta(α, α), partner = the reversed batch, soft targets mixed with λ.
        Dataset d = flat(4, 4);
        BatchBuilder b = new BatchBuilder(d, IDENTITY, Augmentation.NONE);
        Batch batch = b.build(new int[] {0, 1, 2, 3}, new Regularization(1.0, 0, 0, 0), new SplittableRandom(3));
        float x0 = batch.images()[0]; // λ·0 + (1 − λ)·30
        float lambda = 1 - x0 / 30f;
        assertThat(batch.targets()[0]).isCloseTo(lambda, within(1e-5f)); // own class 0
        assertThat(batch.targets()[3]).isCloseTo(1 - lambda, within(1e-5f)); // partner's class 3
        assertThat(batch.images()[16]).isCloseTo(lambda * 10 + (1 - lambda) * 20, within(1e-3f));
    }

    @Test
    void cutmixLambdaIsOneMinusTheBoxArea() {
        // docs/method.md §5: CutMix λ is recomputed from the clipped box area.
        Dataset d = flat(2, 2);
        BatchBuilder b = new BatchBuilder(d, IDENTITY, Augmentation.NONE);
        for (int seed = 0; seed < 20; seed++) {
            Batch batch = b.build(new int[] {0, 1}, new Regularization(0, 0, 1.0, 0), new SplittableRandom(seed));
            int pasted = 0;
            for (int k = 0; k < 16; k++) {
                pasted += batch.images()[k] != 0f ? 1 : 0; // image 0 is 0 everywhere, pasted pixels are 10
            }
            assertThat(batch.targets()[0]).isCloseTo(1 - pasted / 16f, within(1e-6f));
        }
    }

    @Test
    void randomErasingZeroesOneBoxAfterNormalisation() {
        // docs/method.md §5: one box, area fraction U(0.02, 1/3), filled with 0 after normalisation.
        byte[] px = new byte[32 * 32];
        java.util.Arrays.fill(px, (byte) 200);
        Dataset d = new Dataset("bright", px, new int[] {0}, 1, 32, 32, 2);
        BatchBuilder b = new BatchBuilder(d, IDENTITY, Augmentation.NONE);
        Batch batch = b.build(new int[] {0}, new Regularization(0, 0, 0, 1.0), new SplittableRandom(1));
        long zeros = 0;
        for (float v : batch.images()) {
            zeros += v == 0f ? 1 : 0;
        }
        assertThat(zeros).isBetween((long) (0.02 * 1024) - 30, (long) (1024 / 3.0) + 30);
    }

    @Test
    void cropPadsWithNormalisedZeroPixels() {
        // docs/method.md §5: random crop with zero padding (on raw pixels, then normalised).
        Normalization norm = new Normalization(new float[] {0.5f}, new float[] {0.25f});
        byte[] px = new byte[16];
        java.util.Arrays.fill(px, (byte) 255);
        Dataset d = new Dataset("white", px, new int[] {0}, 1, 4, 4, 2);
        BatchBuilder b = new BatchBuilder(d, norm, new Augmentation(2, false));
        boolean sawPadding = false;
        for (int seed = 0; seed < 10; seed++) {
            for (float v : b.build(new int[] {0}, Regularization.NONE, new SplittableRandom(seed)).images()) {
                assertThat(v).isIn(-2f, 2f); // (0 − 0.5)/0.25 or (1 − 0.5)/0.25
                sawPadding |= v == -2f;
            }
        }
        assertThat(sawPadding).isTrue();
    }

    @Test
    void heterogeneousGridGivesDistinctCellsAndIsSeeded() {
        // docs/method.md §5: 81 cells shuffled by a seed; member i takes cell i.
        assertThat(Regularization.grid()).hasSize(81).doesNotHaveDuplicates();
        assertThat(Regularization.heterogeneous(10, 4)).doesNotHaveDuplicates()
                .containsExactlyElementsOf(Regularization.heterogeneous(10, 4));
        assertThat(Regularization.heterogeneous(10, 4)).isNotEqualTo(Regularization.heterogeneous(10, 5));
    }
}

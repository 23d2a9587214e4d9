package io.github.washjava.collective;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.washjava.testing.Ranks;
import java.nio.FloatBuffer;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class GlooCollectiveTest {
    @Test
    void allToAllWithUnevenSplitsDeliversEachRanksPartAndCountsItsBytes() throws Exception {
        try (Ranks ranks = Ranks.join(3)) {
            // rank r sends (q + 1) values "100·r + q" to every rank q (itself included).
            List<float[]> received = ranks.run(r -> {
                Collective c = ranks.get(r);
                long[] send = {1, 2, 3};
                long[] receive = {r + 1, r + 1, r + 1};
                float[] values = new float[6];
                int at = 0;
                for (int q = 0; q < 3; q++) {
                    for (int j = 0; j <= q; j++) {
                        values[at++] = 100 * r + q;
                    }
                }
                for (int repeat = 0; repeat < 2; repeat++) { // a second call must use its own split sizes too
                    Tensor out = c.allToAll(Tensor.create(values), send, receive);
                    if (repeat == 1) {
                        float[] got = new float[(int) out.numel()];
                        FloatBuffer fb = out.createBuffer();
                        fb.get(got);
                        return got;
                    }
                }
                return null;
            });
            assertThat(received.get(0)).containsExactly(0f, 100f, 200f);
            assertThat(received.get(1)).containsExactly(1f, 1f, 101f, 101f, 201f, 201f);
            assertThat(received.get(2)).containsExactly(2f, 2f, 2f, 102f, 102f, 102f, 202f, 202f, 202f);
            // Rank 1 sent 1 + 3 values to ranks 0 and 2, twice: 8 floats = 32 bytes.
            assertThat(ranks.get(1).traffic().bytesSent()).isEqualTo(32);
        }
    }

    @Test
    void allReduceSumsAndEveryRankGetsTheSameBits() throws Exception {
        try (Ranks ranks = Ranks.join(2)) {
            List<float[]> sums = ranks.run(r -> {
                Tensor t = Tensor.create(new float[] {r + 1, 0.1f * (r + 1), 1e-7f});
                ranks.get(r).allReduceSum(t);
                float[] out = new float[3];
                FloatBuffer fb = t.createBuffer();
                fb.get(out);
                return out;
            });
            assertThat(sums.get(0)).containsExactly(sums.get(1));
            assertThat(sums.get(0)[0]).isEqualTo(3f);
            // ring all-reduce of 3 floats over 2 ranks: 2·(W−1)/W·12 bytes = 12
            assertThat(ranks.get(0).traffic().bytesSent()).isEqualTo(12);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void agreementTakesStepsPresentOnEveryRankAndRootsText() throws Exception {
        try (Ranks ranks = Ranks.join(3)) {
            List<Object> out = ranks.run(r -> {
                java.util.TreeSet<Long> mine = new java.util.TreeSet<>(List.of(10L, 20L, 30L));
                if (r == 1) {
                    mine.remove(30L);
                }
                if (r == 2) {
                    mine.add(40L);
                }
                return List.of(Agreement.commonSteps(ranks.get(r), mine),
                        Agreement.rootText(ranks.get(r), r == 0 ? "runs/wash-x" : "ignored"),
                        Agreement.all(ranks.get(r), r != 2), Agreement.rootValue(ranks.get(r), r == 0));
            });
            for (Object o : out) {
                assertThat((List<Object>) o).containsExactly(new java.util.TreeSet<Long>(List.of(10L, 20L)), "runs/wash-x", false,
                        true);
            }
        }
    }
}

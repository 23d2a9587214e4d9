package io.github.washjava.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeedStatisticsTest {
    @Test
    void meanAndSampleStandardDeviation() {
        SeedStatistics.Summary s = SeedStatistics.summary(List.of(0.80, 0.82, 0.84));
        assertThat(s.n()).isEqualTo(3);
        assertThat(s.mean()).isCloseTo(0.82, within(1e-12));
        assertThat(s.sd()).isCloseTo(0.02, within(1e-12)); // sqrt((0.0004 + 0 + 0.0004) / 2)
        assertThat(SeedStatistics.summary(List.of(0.5)).sd()).isNaN();
    }

    @Test
    void pairedDifferencesUseTheSeedsBothArmsHaveAndStudentsT() {
        // differences 0.01, 0.03, 0.02 on seeds 1..3; seed 4 only in A is left out
        SeedStatistics.Paired p = SeedStatistics.paired(Map.of(1L, 0.81, 2L, 0.83, 3L, 0.82, 4L, 0.99),
                Map.of(3L, 0.80, 1L, 0.80, 2L, 0.80));
        assertThat(p.seeds()).containsExactly(1L, 2L, 3L);
        assertThat(p.differences()).containsExactly(0.81 - 0.80, 0.83 - 0.80, 0.82 - 0.80);
        assertThat(p.mean()).isCloseTo(0.02, within(1e-12));
        double half = 4.303 * 0.01 / Math.sqrt(3); // sd of {0.01, 0.03, 0.02} is 0.01; t(0.975, 2) = 4.303
        assertThat(p.low()).isCloseTo(0.02 - half, within(1e-12));
        assertThat(p.high()).isCloseTo(0.02 + half, within(1e-12));
        assertThat(p.significant()).isFalse(); // 0.02 ± 0.0248 contains 0

        SeedStatistics.Paired clear = SeedStatistics.paired(Map.of(1L, 0.90, 2L, 0.91, 3L, 0.92, 4L, 0.91),
                Map.of(1L, 0.80, 2L, 0.81, 3L, 0.82, 4L, 0.80));
        assertThat(clear.significant()).isTrue();
        assertThat(SeedStatistics.paired(Map.of(1L, 0.9), Map.of(1L, 0.8)).low()).isNaN();
    }

    @Test
    void tQuantilesAtKnownDegreesOfFreedom() {
        assertThat(SeedStatistics.tQuantile975(1)).isEqualTo(12.706);
        assertThat(SeedStatistics.tQuantile975(4)).isEqualTo(2.776);
        assertThat(SeedStatistics.tQuantile975(30)).isEqualTo(2.042);
        assertThat(SeedStatistics.tQuantile975(200)).isEqualTo(1.960);
    }
}

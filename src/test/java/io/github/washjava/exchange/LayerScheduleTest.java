package io.github.washjava.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.washjava.util.InvalidInputException;
import org.junit.jupiter.api.Test;

class LayerScheduleTest {
    @Test
    void schedulesFollowSpecFormulas() {
        // docs/method.md §3: constant 1; decreasing 1 − l/(L−1); increasing l/(L−1); halves by index.
        int count = 5;
        for (int l = 0; l < count; l++) {
            assertThat(LayerSchedule.CONSTANT.scale(l, count)).isEqualTo(1.0);
            assertThat(LayerSchedule.DECREASING.scale(l, count)).isCloseTo(1 - l / 4.0, within(1e-15));
            assertThat(LayerSchedule.INCREASING.scale(l, count)).isCloseTo(l / 4.0, within(1e-15));
            assertThat(LayerSchedule.FIRST_HALF.scale(l, count)).isEqualTo(l < 2.5 ? 1.0 : 0.0);
            assertThat(LayerSchedule.SECOND_HALF.scale(l, count)).isEqualTo(l < 2.5 ? 0.0 : 1.0);
        }
        assertThat(LayerSchedule.DECREASING.scale(0, 1)).isEqualTo(1.0);
    }

    @Test
    void parsesCliSpellingAndRejectsOthersNamingTheChoices() {
        assertThat(LayerSchedule.parse("first-half")).isEqualTo(LayerSchedule.FIRST_HALF);
        assertThatThrownBy(() -> LayerSchedule.parse("down")).isInstanceOf(InvalidInputException.class)
                .hasMessage("schedule: expected one of constant, decreasing, increasing, first-half, second-half, found \"down\"");
    }
}

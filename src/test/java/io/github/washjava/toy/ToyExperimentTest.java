package io.github.washjava.toy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.washjava.toy.ToyExperiment.Options;
import io.github.washjava.toy.ToyExperiment.Outcome;
import io.github.washjava.toy.ToyExperiment.Trajectory;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Issue 5: the 2D illustration's claims, over 20 seeds with the documented defaults. */
class ToyExperimentTest {
    static final int SEEDS = 20;
    static final ToyLoss LOSS = ToyLoss.standard();
    static final Map<ToyMethod, List<Outcome>> OUTCOMES = new EnumMap<>(ToyMethod.class);

    @BeforeAll
    static void runDefaultsOverTwentySeeds() {
        for (ToyMethod m : List.of(ToyMethod.SEPARATE, ToyMethod.PAPA, ToyMethod.WASH)) {
            List<Outcome> outcomes = new ArrayList<>();
            for (long seed = 0; seed < SEEDS; seed++) {
                ToyExperiment e = new ToyExperiment(LOSS, Options.defaults().withSeed(seed));
                outcomes.add(e.outcome(e.run(m)));
            }
            OUTCOMES.put(m, outcomes);
        }
    }

    private static List<String> labels(ToyMethod m) {
        return OUTCOMES.get(m).stream().map(Outcome::label).toList();
    }

    @Test
    void separateTrainingEndsInTheTwoLocalMinimaForEverySeed() {
        assertThat(OUTCOMES.get(ToyMethod.SEPARATE)).as(labels(ToyMethod.SEPARATE).toString())
                .allMatch(Outcome::twoLocalMinima);
    }

    @Test
    void papaEndsWithBothPointsInTheSameMinimumForEverySeed() {
        assertThat(OUTCOMES.get(ToyMethod.PAPA)).as(labels(ToyMethod.PAPA).toString()).allMatch(Outcome::sameMinimum);
    }

    @Test
    void washEndsWithBothPointsInTheGlobalMinimumInAtLeast80PercentOfSeeds() {
        long global = OUTCOMES.get(ToyMethod.WASH).stream().filter(Outcome::bothGlobal).count();
        assertThat(global).as(labels(ToyMethod.WASH).toString()).isGreaterThanOrEqualTo(16);
    }

    @Test
    void theShuffleKeepsTheMeanOfTheTwoPointsAndOnlySwapsCoordinates() {
        List<float[][][]> events = new ArrayList<>();
        ToyExperiment e = new ToyExperiment(LOSS, Options.defaults().withSeed(3));
        e.run(ToyMethod.WASH, (step, before, after, sent) -> events.add(new float[][][] {before, after}));
        assertThat(events).isNotEmpty();
        for (float[][][] ev : events) {
            float[][] before = ev[0];
            float[][] after = ev[1];
            for (int k = 0; k < 2; k++) {
                // The mean of the two points, per coordinate, is exactly unchanged (the values are only permuted).
                assertThat((after[0][k] + after[1][k]) / 2).isEqualTo((before[0][k] + before[1][k]) / 2);
                boolean kept = after[0][k] == before[0][k] && after[1][k] == before[1][k];
                boolean swapped = after[0][k] == before[1][k] && after[1][k] == before[0][k];
                assertThat(kept || swapped).isTrue();
            }
        }
        // With two points a permutation moves a coordinate's two values or none: a jump is horizontal or vertical
        // unless both coordinates swap at the same step.
        assertThat(events).anyMatch(ev -> ev[1][0][0] != ev[0][0][0] && ev[1][0][1] == ev[0][0][1]
                || ev[1][0][1] != ev[0][0][1] && ev[1][0][0] == ev[0][0][0]);
    }

    @Test
    void sameSeedGivesTheSameTrajectoryAndMethodsShareTheNoiseUntilTheFirstExchange() {
        Options o = Options.defaults().withSeed(7);
        Trajectory a = new ToyExperiment(LOSS, o).run(ToyMethod.WASH);
        Trajectory b = new ToyExperiment(LOSS, o).run(ToyMethod.WASH);
        assertThat(a.x()).isDeepEqualTo(b.x());
        assertThat(a.y()).isDeepEqualTo(b.y());
        int[] first = {-1};
        new ToyExperiment(LOSS, o).run(ToyMethod.WASH, (step, before, after, sent) -> {
            if (first[0] < 0) {
                first[0] = (int) step;
            }
        });
        assertThat(first[0]).isPositive();
        Trajectory separate = new ToyExperiment(LOSS, o).run(ToyMethod.SEPARATE);
        for (int t = 0; t <= first[0]; t++) {
            assertThat(separate.at(0, t)).isEqualTo(a.at(0, t));
            assertThat(separate.at(1, t)).isEqualTo(a.at(1, t));
        }
        assertThat(separate.valuesSent()).isZero();
        assertThat(a.valuesSent()).isPositive();
    }
}

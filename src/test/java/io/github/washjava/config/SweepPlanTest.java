package io.github.washjava.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.washjava.util.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepPlanTest {
    @TempDir
    Path dir;

    @Test
    void armsAreAppliedAsAWholeAndNameTheirCells() throws IOException {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, """
                base: {epochs: 2}
                grid:
                  seed: [1, 2]
                  arm:
                    - {method: wash, p: 0.01}
                    - {method: independent, init: different}
                """);
        List<SweepPlan.Cell> cells = SweepPlan.read(file).cells();
        assertThat(cells).extracting(SweepPlan.Cell::name).containsExactly("seed=1_method=wash_p=0.01",
                "seed=1_method=independent_init=different", "seed=2_method=wash_p=0.01",
                "seed=2_method=independent_init=different");
        TrainConfig wash = cells.get(2).config();
        assertThat(wash.method()).isEqualTo("wash");
        assertThat(wash.p()).isEqualTo(0.01);
        assertThat(wash.seed()).isEqualTo(2);
        assertThat(wash.epochs()).isEqualTo(2);
        TrainConfig independent = cells.get(1).config();
        assertThat(independent.init()).isEqualTo("different");
        assertThat(independent.p()).isEqualTo(0.001); // the default: the other arm's p does not leak
        assertThat(SweepPlan.label(cells.get(1).values().get("arm"))).isEqualTo("method=independent init=different");
    }

    @Test
    void anArmWithABadValueOrAGridAxisIsNamedWithItsLine() throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                grid:
                  arm:
                    - {method: wash}
                    - {method: fast}
                """);
        assertThatThrownBy(() -> SweepPlan.read(bad)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(bad + ":4").hasMessageContaining("method");
        Path clash = dir.resolve("clash.yaml");
        Files.writeString(clash, """
                grid:
                  p: [0.01, 0.1]
                  arm:
                    - {method: wash, p: 0.5}
                """);
        assertThatThrownBy(() -> SweepPlan.read(clash)).isInstanceOf(InvalidInputException.class)
                .hasMessage(clash + ":4: grid.arm: expected an arm without the grid's own axes, found p (also an axis "
                        + "of the grid)");
    }
}

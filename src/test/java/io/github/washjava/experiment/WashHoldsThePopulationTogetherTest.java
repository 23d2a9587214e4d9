package io.github.washjava.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.washjava.config.ConfigLoader;
import io.github.washjava.config.TrainConfig;
import io.github.washjava.data.DataBundle;
import io.github.washjava.report.RunDirectory;
import io.github.washjava.report.RunResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a correct run must reach, on the real Fashion-MNIST (3,000 training images, 2 epochs, 3 small
 * CNNs from different initialisations, seed 1): trained independently the members learn (about 70%)
 * but their average is a broken model (about 27%: the weights of different basins do not average);
 * with WASH shuffling 5% of the coordinates the same members stay in one basin and their average works
 * (about 57%, above the members themselves). A shuffle that moved nothing, or moved values to the wrong
 * coordinates, would leave the soup where the independent one is.
 */
class WashHoldsThePopulationTogetherTest {
    @TempDir
    Path dir;

    private RunResult run(String method) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("method", method);
        o.put("init", "different");
        o.put("p", 0.05);
        o.put("schedule", "constant");
        o.put("population", 3);
        o.put("epochs", 2);
        o.put("train-limit", 3000);
        o.put("test-limit", 1000);
        o.put("bn-batches", 4);
        o.put("save-members", false);
        TrainConfig config = ConfigLoader.resolve(null, o);
        DataBundle data = DataCache.load(config);
        return new Experiment(config).run(data, RunDirectory.create(dir.resolve(method).toString(), method));
    }

    @Test
    void theSoupOfAShuffledPopulationWorksWhereTheIndependentOneFails() {
        RunResult independent = run("independent");
        assertThat(independent.accuracy().memberMean()).as("members learn").isGreaterThan(0.6);
        assertThat(independent.accuracy().ensemble()).isGreaterThan(0.6);
        assertThat(independent.accuracy().uniformSoup()).as("averaging different basins fails").isLessThan(0.4);

        RunResult wash = run("wash");
        assertThat(wash.accuracy().uniformSoup()).as("one basin: the average works").isGreaterThan(0.5)
                .isGreaterThan(independent.accuracy().uniformSoup() + 0.2)
                .isGreaterThan(wash.accuracy().memberMean());
        assertThat(wash.communication().valuesPerMemberPerStep())
                .isCloseTo(wash.communication().expectedValuesPerMemberPerStep(),
                        org.assertj.core.api.Assertions.withinPercentage(5));
    }
}

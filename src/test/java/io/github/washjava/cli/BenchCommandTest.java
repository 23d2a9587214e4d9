package io.github.washjava.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.washjava.util.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void measuresEveryVariantAndTheLayoutARunWouldChoose() throws Exception {
        Path json = dir.resolve("bench.json");
        TrainCommandTest.Outcome o = TrainCommandTest.run("bench", "--dataset", "synthetic", "--model", "mlp",
                "--population", "3", "--steps", "3", "--rounds", "2", "--json", json.toString());
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("| one member |").contains("| population, sequential |")
                .contains("| population, measured layout (the default) |").contains("| population, parallel |")
                .contains("| population, parallel + WASH p=0.001 |").contains("measured layout at start: ")
                .contains("measured layout / best of sequential and parallel: ").contains("WASH shuffle alone, p = 0.001: ");
        JsonNode results = Json.MAPPER.readTree(json.toFile());
        assertThat(results.get("population, sequential").get("images_per_second")).hasSize(2);
        assertThat(results.get("population, sequential").get("median").asDouble()).isPositive();
        assertThat(results.get("population, parallel + WASH p=0.001").get("exchange_ms_per_step").asDouble()).isPositive();
        assertThat(results.get("measured_layout").get("ratio_to_best").asDouble()).isPositive();
        assertThat(results.get("shuffle_alone").get("ms_per_shuffle")).hasSize(2);
    }

    @Test
    void aVariantThatDoesNotExistIsNamed() {
        TrainCommandTest.Outcome o = TrainCommandTest.run("bench", "--dataset", "synthetic", "--variants", "sequential,fast");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).isEqualTo("error: variants: expected one, sequential, measured, parallel, wash or shuffle, "
                + "found \"fast\"");
    }
}

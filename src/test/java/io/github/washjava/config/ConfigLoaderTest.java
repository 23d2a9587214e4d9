package io.github.washjava.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaultsFollowSpec() {
        // SPEC §3 and §5: p = 0.001, decreasing schedule, lr 0.1, momentum 0.9, wd 1e-4, batch 64, same init.
        TrainConfig c = ConfigLoader.resolve(null, Map.of());
        assertThat(c.p()).isEqualTo(0.001);
        assertThat(c.schedule()).isEqualTo("decreasing");
        assertThat(c.lr()).isEqualTo(0.1);
        assertThat(c.minLr()).isEqualTo(1e-4);
        assertThat(c.momentum()).isEqualTo(0.9);
        assertThat(c.weightDecay()).isEqualTo(1e-4);
        assertThat(c.batchSize()).isEqualTo(64);
        assertThat(c.init()).isEqualTo("same");
        assertThat(c.shuffleEvery()).isEqualTo(1);
        assertThat(c.validationFraction()).isEqualTo(0.02);
        assertThat(c.bnBatches()).isEqualTo(50);
    }

    @Test
    void everyConfigKeyIsACommandLineOptionOfTheSameName() {
        // DESIGN.md: config keys are exactly the CLI long-option names.
        var spec = new picocli.CommandLine(new io.github.washjava.cli.Main()).getSubcommands().get("train").getCommandSpec();
        java.util.Set<String> options = new java.util.TreeSet<>();
        spec.options().forEach(o -> options.add(o.longestName().replaceFirst("^--", "")));
        options.removeAll(java.util.Set.of("config", "resume", "help", "version", "stacktrace"));
        assertThat(options).containsExactlyInAnyOrderElementsOf(ConfigLoader.toMap(TrainConfig.defaults()).keySet());
    }

    @Test
    void yamlRoundTripGivesTheSameConfig() throws IOException {
        TrainConfig c = ConfigLoader.resolve(null, Map.of("p", 0.01, "population", 7, "schedule", "first-half"));
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, ConfigLoader.toYaml(c));
        assertThat(ConfigLoader.resolve(file, Map.of())).isEqualTo(c);
    }

    @Test
    void flagsOverrideTheFileWhichOverridesDefaults() throws IOException {
        Path file = dir.resolve("c.json");
        Files.writeString(file, "{\"p\": 0.05, \"epochs\": 4}");
        TrainConfig c = ConfigLoader.resolve(file, Map.of("p", 0.2));
        assertThat(c.p()).isEqualTo(0.2);
        assertThat(c.epochs()).isEqualTo(4);
    }

    @Test
    void rejectsPOutsideUnitIntervalNamingTheKey() {
        assertThatThrownBy(() -> ConfigLoader.resolve(null, Map.of("p", 1.5))).isInstanceOf(InvalidConfigException.class)
                .hasMessage("p: expected a value in [0, 1], found 1.5");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        assertThatThrownBy(() -> ConfigLoader.resolve(null, Map.of("method", "wsh", "epochs", 0, "population", 1)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "method: expected one of wash, papa, papa-all, papa-2, dart, sparta, independent, found \"wsh\"",
                        "population: expected an integer >= 2, found 1",
                        "epochs: expected an integer >= 1, found 0").hasSize(3));
    }

    @Test
    void washNeedsAtLeastTwoMembers() {
        assertThatThrownBy(() -> ConfigLoader.resolve(null, Map.of("population", 1)))
                .hasMessage("population: expected an integer >= 2, found 1");
    }

    @Test
    void unknownKeyInFileIsRejectedWithTheFileName() throws IOException {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "p: 0.01\nshufle-every: 2\n");
        assertThatThrownBy(() -> ConfigLoader.resolve(file, Map.of())).isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(file + ": unknown key \"shufle-every\"; expected one of dataset, data, model");
    }

    @Test
    void wrongTypeNamesKeyAndExpectedType() throws IOException {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "epochs: many\n");
        assertThatThrownBy(() -> ConfigLoader.resolve(file, Map.of()))
                .hasMessage(file + ": epochs: expected an integer, found \"many\"");
    }

    @Test
    void syntaxErrorNamesTheLine() throws IOException {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "p: 0.01\n  epochs: [3\n");
        assertThatThrownBy(() -> ConfigLoader.resolve(file, Map.of()))
                .hasMessageStartingWith(file + ": expected valid YAML or JSON, found a syntax error at line");
    }
}

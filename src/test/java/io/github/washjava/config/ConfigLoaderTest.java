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
        // docs/method.md §3 and §5: p = 0.001, decreasing schedule, lr 0.1, momentum 0.9, wd 1e-4, batch 64, same init.
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
        assertThat(c.memoryFormat()).isEqualTo("auto");
    }

    @Test
    void everyConfigKeyIsACommandLineOptionOfTheSameName() {
        // docs/design.md: config keys are exactly the CLI long-option names.
        var spec = new picocli.CommandLine(new io.github.washjava.cli.Main()).getSubcommands().get("train").getCommandSpec();
        java.util.Set<String> options = new java.util.TreeSet<>();
        spec.options().forEach(o -> options.add(o.longestName().replaceFirst("^--", "")));
        options.removeAll(java.util.Set.of("config", "resume", "help", "version", "stacktrace", "rank", "world-size",
                "master", "run-id", "rendezvous-timeout", "peer-timeout"));
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
    void rejectsAnUnknownMemoryFormatNamingTheChoices() {
        assertThatThrownBy(() -> ConfigLoader.resolve(null, Map.of("memory-format", "nhwc")))
                .hasMessage("memory-format: expected auto, channels-last or contiguous, found nhwc");
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
                .hasMessageStartingWith(file + ":2: unknown key \"shufle-every\"; expected one of dataset, data, model");
    }

    @Test
    void wrongTypeNamesKeyAndExpectedType() throws IOException {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "epochs: many\n");
        assertThatThrownBy(() -> ConfigLoader.resolve(file, Map.of()))
                .hasMessage(file + ":1: epochs: expected an integer, found \"many\"");
    }

    @Test
    void syntaxErrorNamesTheLine() throws IOException {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "p: 0.01\n  epochs: [3\n");
        assertThatThrownBy(() -> ConfigLoader.resolve(file, Map.of()))
                .hasMessageStartingWith(file + ":2: expected valid YAML, found a syntax error (");
    }

    @Test
    void jsonIsParsedByJsonRulesNotYamlOnes() throws IOException {
        // Issue 9, defect 5: a .json file with a YAML-only construct (an unquoted key, a comment) is malformed JSON.
        Path file = dir.resolve("c.json");
        Files.writeString(file, "{\n  \"p\": 0.01,\n  epochs: 3\n}\n");
        assertThatThrownBy(() -> ConfigLoader.resolve(file, Map.of()))
                .hasMessageStartingWith(file + ":3: expected valid JSON, found a syntax error (");
        Files.writeString(file, "{\"p\": 0.01, // fast\n \"epochs\": 3}\n");
        assertThatThrownBy(() -> ConfigLoader.resolve(file, Map.of()))
                .hasMessageStartingWith(file + ":1: expected valid JSON, found a syntax error (");
    }

    @Test
    void duplicateKeysAreRefusedInBothFormats() throws IOException {
        Path yaml = dir.resolve("c.yaml");
        Files.writeString(yaml, "p: 0.01\nepochs: 3\np: 0.1\n");
        assertThatThrownBy(() -> ConfigLoader.resolve(yaml, Map.of()))
                .hasMessage(yaml + ":3: expected valid YAML, found the key \"p\" twice");
        Path json = dir.resolve("c.json");
        Files.writeString(json, "{\"p\": 0.01,\n \"p\": 0.1}");
        assertThatThrownBy(() -> ConfigLoader.resolve(json, Map.of()))
                .hasMessage(json + ":2: expected valid JSON, found the key \"p\" twice");
    }

    @Test
    void valuesAreNotCoercedAcrossTypes() throws IOException {
        // A quoted number is a string, 3.5 is not an integer, "yes" in JSON is a string: each is refused with its line.
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "epochs: \"3\"\npopulation: 3.5\nsave-members: \"yes\"\ndataset: 7\n");
        assertThatThrownBy(() -> ConfigLoader.resolve(file, Map.of())).isInstanceOfSatisfying(InvalidConfigException.class,
                e -> assertThat(e.problems()).containsExactly(
                        file + ":1: epochs: expected an integer, found \"3\"",
                        file + ":2: population: expected an integer, found 3.5",
                        file + ":3: save-members: expected true or false, found \"yes\"",
                        file + ":4: dataset: expected a string, found 7"));
    }

    @Test
    void otherExtensionsAndNonMappingsAreRefused() throws IOException {
        Path txt = dir.resolve("c.txt");
        Files.writeString(txt, "p: 0.01\n");
        assertThatThrownBy(() -> ConfigLoader.resolve(txt, Map.of()))
                .hasMessage(txt + ": expected a config file named *.yaml, *.yml or *.json, found another extension");
        Path list = dir.resolve("l.yaml");
        Files.writeString(list, "- p\n- 0.01\n");
        assertThatThrownBy(() -> ConfigLoader.resolve(list, Map.of()))
                .hasMessage(list + ":1: expected a mapping of keys to values, found a list");
    }

    @Test
    void aValidationProblemNamesTheLineItCameFrom() throws IOException {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "epochs: 2\np: 1.5\n");
        assertThatThrownBy(() -> ConfigLoader.resolve(file, Map.of()))
                .hasMessage(file + ":2: p: expected a value in [0, 1], found 1.5");
        // ... and a flag's problem is named by the key alone, as the user typed it.
        assertThatThrownBy(() -> ConfigLoader.resolve(file, Map.of("p", 2.0)))
                .hasMessage("p: expected a value in [0, 1], found 2.0");
    }
}

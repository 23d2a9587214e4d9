package io.github.washjava.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.washjava.bench.LayerBenchmark;
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
        JsonNode measured = results.get("measured_layout");
        assertThat(measured.get("ratio_to_best").asDouble()).isPositive();
        // The choice's own fixed variant, when it has one, is what says how good the choice is.
        double best = Math.max(results.get("population, sequential").get("median").asDouble(),
                results.get("population, parallel").get("median").asDouble());
        for (String fixed : new String[] {"population, sequential", "population, parallel"}) {
            JsonNode v = results.get(fixed);
            if (v.get("threads").asInt() == measured.get("threads").asInt()
                    && v.get("intra_op_threads").asInt() == measured.get("intra_op_threads").asInt()) {
                assertThat(measured.get("chosen_layout_ratio_to_best").asDouble())
                        .isCloseTo(v.get("median").asDouble() / best, org.assertj.core.data.Offset.offset(1e-9));
                assertThat(o.out()).contains("its fixed variant (" + fixed + ") / best: ");
                break; // on one core both fixed variants are 1 × 1; the first is named
            }
        }
        assertThat(results.get("shuffle_alone").get("ms_per_shuffle")).hasSize(2);
    }

    /** Long runs load enough images for their steps once the validation share is held out (250 steps once failed). */
    @Test
    void aLongBenchLoadsImagesForAllItsSteps() {
        TrainCommandTest.Outcome o = TrainCommandTest.run("bench", "--dataset", "fashion-mnist", "--model", "mlp",
                "--population", "1", "--variants", "one", "--steps", "250", "--rounds", "1");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("| one member |");
    }

    @Test
    void loaderBenchmarkMeasuresEveryThreadCountAgainstTheTrainer() throws Exception {
        Path json = dir.resolve("loader.json");
        java.util.Set<String> before = generatedFolders();
        TrainCommandTest.Outcome o = TrainCommandTest.run("bench-loader", "--model", "small-cnn", "--generate", "24",
                "--source-size", "64x48", "--image-size", "16", "--batch-size", "4", "--threads", "1,2", "--batches", "4",
                "--rounds", "2", "--train-steps", "1", "--json", json.toString());
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("24 generated 64x48 JPEGs cut to 16×16").contains("| 1 |").contains("| 2 |")
                .contains("trainer: one small-cnn member, 16×16").contains("loading keeps up with ");
        JsonNode results = Json.MAPPER.readTree(json.toFile());
        assertThat(results.get("loader")).hasSize(2);
        assertThat(results.get("loader").get(1).get("threads").asInt()).isEqualTo(2);
        assertThat(results.get("loader").get(1).get("images_per_second")).hasSize(2);
        assertThat(results.get("loader").get(0).get("median").asDouble()).isPositive();
        assertThat(results.get("trainer").get("images_per_second").asDouble()).isPositive();
        assertThat(results.get("cores_needed_for_loading").asDouble()).isPositive();
        assertThat(generatedFolders()).as("the generated folder is deleted").isEqualTo(before);
        Path folder = dir.resolve("generated");
        TrainCommandTest.Outcome written = TrainCommandTest.run("bench-loader", "--write-folder", folder.toString(),
                "--generate", "8", "--source-size", "20x10");
        assertThat(written.code()).as(written.err()).isZero();
        try (var files = java.nio.file.Files.walk(folder)) {
            assertThat(files.filter(p -> p.toString().endsWith(".jpg")).count()).isEqualTo(8 + 4);
        }
        TrainCommandTest.Outcome again = TrainCommandTest.run("bench-loader", "--write-folder", folder.toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err().strip()).isEqualTo("error: write-folder: expected a new or empty directory, found existing "
                + folder);
        TrainCommandTest.Outcome bad = TrainCommandTest.run("bench-loader", "--source-size", "640");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("error: source-size: expected WIDTHxHEIGHT of at least 8x8 pixels, found "
                + "\"640\"");
        TrainCommandTest.Outcome missing = TrainCommandTest.run("bench-loader", "--data", dir.resolve("none").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).startsWith("error: " + dir.resolve("none"));
    }

    private static java.util.Set<String> generatedFolders() throws java.io.IOException {
        try (var files = java.nio.file.Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("wash-loader-bench"))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    @Test
    void aVariantThatDoesNotExistIsNamed() {
        TrainCommandTest.Outcome o = TrainCommandTest.run("bench", "--dataset", "synthetic", "--variants", "sequential,fast");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).isEqualTo("error: variants: expected one, sequential, contiguous, measured, parallel, wash or shuffle, "
                + "found \"fast\"");
    }

    @Test
    void layerBenchmarkTimesEveryLayerAtEveryThreadCountUnderThePeerScriptsNames() throws Exception {
        Path json = dir.resolve("layers.json");
        TrainCommandTest.Outcome o = TrainCommandTest.run("bench-layers", "--threads", "1", "--calls", "1", "--rounds", "2",
                "--json", json.toString());
        assertThat(o.code()).as(o.err()).isZero();
        java.util.List<LayerBenchmark.Case> cases = LayerBenchmark.cases();
        assertThat(o.out()).contains("| layer | 1 thread |");
        JsonNode layers = Json.MAPPER.readTree(json.toFile()).get("layers");
        assertThat(layers).hasSize(cases.size());
        // bin/bench-peer --layers joins the two sides by name: PyTorch's script must time the same layers.
        String peer = java.nio.file.Files.readString(Path.of("bench/peer/layer_bench.py"));
        for (int i = 0; i < cases.size(); i++) {
            String name = cases.get(i).name();
            assertThat(o.out()).contains("| " + name + " | ");
            assertThat(layers.get(i).get("layer").asText()).isEqualTo(name);
            assertThat(layers.get(i).get("ms_per_round")).hasSize(2);
            assertThat(layers.get(i).get("median_ms").asDouble()).isPositive();
            // The script spells ResNet-20's names as the kind of layer plus f" {c} @{side}".
            String spelled = name.startsWith("resnet20") ? name.replaceAll(" \\d+ @\\d+$", "") + "\" + at" : name + "\"";
            assertThat(peer).as("layer_bench.py names %s", name).contains("\"" + spelled);
        }
        TrainCommandTest.Outcome bad = TrainCommandTest.run("bench-layers", "--threads", "0");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("error: threads: expected intra-op thread counts of at least 1, found [0]");
    }
}

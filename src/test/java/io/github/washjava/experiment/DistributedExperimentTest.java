package io.github.washjava.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.washjava.config.ConfigLoader;
import io.github.washjava.config.TrainConfig;
import io.github.washjava.data.DataBundle;
import io.github.washjava.model.ModelArchive;
import io.github.washjava.report.RunDirectory;
import io.github.washjava.report.RunResult;
import io.github.washjava.testing.Ranks;
import io.github.washjava.testing.TinyPopulations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A whole run — training with its synchronised records and per-rank checkpoints, the gathered final
 * evaluation, the run directory — over 2 or 3 in-JVM Gloo ranks against the same run in one process:
 * identical results for the methods that only move values, the soup's weights within float rounding
 * for the averaging ones: their sums are grouped by rank, and the last-bit differences grow through 18
 * steps of training to at most 1.6e-4 of a weight (measured), so 1e-3 relative is tested.
 */
class DistributedExperimentTest {
    @TempDir
    Path dir;

    private static TrainConfig config(String method) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("dataset", "synthetic");
        o.put("method", method);
        o.put("population", 5);
        o.put("epochs", 2);
        o.put("train-limit", 600);
        o.put("test-limit", 100);
        o.put("bn-batches", 2);
        o.put("threads", 1);
        o.put("intra-op-threads", 1);
        o.put("merge-every", 1);
        o.put("dart-every", 5);
        o.put("papa-every", 3);
        o.put("p", 0.05);
        o.put("save-members", false);
        o.put("sync-every", 4);
        o.put("checkpoint-every", 5);
        o.put("consensus-every", 7);
        return ConfigLoader.resolve(null, o);
    }

    @ParameterizedTest(name = "{0} over {1} ranks")
    @CsvSource({"sparta, 3, 0", "papa-2, 2, 0", "independent, 2, 0", "papa, 2, 1e-3", "dart, 3, 1e-3", "papa-all, 2, 1e-3"})
    void runOverRanksMatchesTheRunInOneProcess(String method, int ranks, double tolerance) throws Exception {
        TrainConfig config = config(method);
        DataBundle data = DataCache.load(config);
        Path single = dir.resolve("single");
        RunResult expected = new Experiment(config).run(data, RunDirectory.create(single.toString(), "x"));

        Path multi = dir.resolve("multi");
        try (Ranks group = Ranks.join(ranks)) {
            List<Experiment> experiments = new ArrayList<>();
            List<RunSetup> setups = new ArrayList<>();
            for (int r = 0; r < ranks; r++) { // built one after another: model init uses libtorch's global generator
                Experiment e = new Experiment(config).collective(group.get(r)).cores(1);
                experiments.add(e);
                setups.add(e.prepare(data));
            }
            List<RunResult> results = group.run(r -> experiments.get(r).run(setups.get(r),
                    RunDirectories.create(group.get(r), multi.toString(), "x")));
            for (int r = 1; r < ranks; r++) {
                assertThat(results.get(r)).isNull();
            }
            RunResult actual = results.get(0);
            assertThat(actual.run().ranks()).isEqualTo(ranks);
            assertThat(actual.communication().valuesSentTotal()).isEqualTo(expected.communication().valuesSentTotal());
            assertThat(actual.communication().wireBytesPerRank()).hasSize(ranks);
            if (tolerance == 0) {
                assertThat(actual.accuracy()).isEqualTo(expected.accuracy());
            }
            for (String model : new String[] {"average", "greedy-soup"}) {
                List<Tensor> a = params(single.resolve("models/" + model + ".pt"));
                List<Tensor> b = params(multi.resolve("models/" + model + ".pt"));
                for (int l = 0; l < a.size(); l++) {
                    float[] x = TinyPopulations.snapshot(new Tensor[] {a.get(l)})[0];
                    float[] y = TinyPopulations.snapshot(new Tensor[] {b.get(l)})[0];
                    if (tolerance == 0) {
                        assertThat(y).as("%s tensor %d", model, l).containsExactly(x);
                    } else {
                        for (int k = 0; k < x.length; k++) {
                            assertThat((double) y[k]).as("%s tensor %d value %d", model, l, k)
                                    .isCloseTo(x[k], within(tolerance * Math.max(1, Math.abs(x[k]))));
                        }
                    }
                }
            }
        }
        assertThat(multi.resolve("checkpoints/rank-1")).isDirectory();
        assertThat(multi.resolve("summary.json")).isRegularFile();
    }

    private static List<Tensor> params(Path file) {
        var loaded = ModelArchive.load(file);
        List<Tensor> out = new ArrayList<>();
        var named = loaded.model().named_parameters();
        for (long i = 0; i < named.size(); i++) {
            out.add(named.get(i).value().clone()); // a copy: the loaded model is garbage after this
        }
        return out;
    }
}

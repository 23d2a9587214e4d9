package io.github.washjava.cli;

import io.github.washjava.util.AtomicFiles;
import io.github.washjava.bench.ThroughputBenchmark;
import io.github.washjava.data.DataBundle;
import io.github.washjava.data.Datasets;
import io.github.washjava.experiment.LayoutProbe;
import io.github.washjava.model.ActivationLayout;
import io.github.washjava.model.ComputeDevice;
import io.github.washjava.model.ModelSpec;
import io.github.washjava.util.Json;
import io.github.washjava.util.Stats;
import io.github.washjava.report.RunDirectory;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code wash bench}: training throughput of one member vs the population, sequential vs parallel. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measure images/s of one member and of the population (sequential and parallel), and the "
                + "WASH shuffle's share of step time, in interleaved rounds; prints medians.")
public final class BenchCommand implements Callable<Integer> {
    private static final int SHUFFLES = 200;
    private static final double VALIDATION_FRACTION = 0.02;
    private static final int SHUFFLE_WARMUP = 300;

    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", defaultValue = "fashion-mnist", description = "Dataset (default ${DEFAULT-VALUE}).")
    String dataset;
    @Option(names = "--data", paramLabel = "DIR", description = "Data directory.")
    Path data;
    @Option(names = "--model", defaultValue = "small-cnn", description = "Architecture (default ${DEFAULT-VALUE}).")
    String model;
    @Option(names = "--population", defaultValue = "5", description = "Members (default ${DEFAULT-VALUE}).")
    int population;
    @Option(names = "--steps", defaultValue = "30", description = "Timed steps per round, after 5 warm-up steps (default ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--rounds", defaultValue = "3", description = "Interleaved rounds; medians are reported (default ${DEFAULT-VALUE}).")
    int rounds;
    @Option(names = "--p", defaultValue = "0.001", description = "WASH p for the shuffle variant (default ${DEFAULT-VALUE}).")
    double p;
    @Option(names = "--variants", split = ",", paramLabel = "KIND", defaultValue = "one,sequential,contiguous,measured,parallel,wash,shuffle",
            description = "Variants to run: one (member alone), sequential, contiguous (sequential with contiguous "
                    + "NCHW activations), measured (the layout a run measures at its start, its default), parallel, "
                    + "wash (parallel with the shuffle), shuffle (the shuffle alone, in steady state) "
                    + "(default ${DEFAULT-VALUE}).")
    List<String> variantNames;
    @Option(names = "--memory-format", defaultValue = "auto", description = "Activation layout of every variant but "
            + "contiguous: auto (channels-last on the CPU), channels-last or contiguous (default ${DEFAULT-VALUE}).")
    String memoryFormat;
    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;
    @Mixin
    DeviceOption device;

    @Override
    public Integer call() {
        ComputeDevice on = device.resolve();
        ActivationLayout activations = ActivationLayout.resolve("--memory-format", memoryFormat, on);
        java.util.EnumSet<ThroughputBenchmark.Kind> kinds = java.util.EnumSet.noneOf(ThroughputBenchmark.Kind.class);
        for (String name : variantNames) {
            try {
                kinds.add(ThroughputBenchmark.Kind.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new io.github.washjava.util.InvalidInputException("variants: expected one, sequential, "
                        + "contiguous, measured, parallel, wash or shuffle, found \"" + name + "\"");
            }
        }
        Path dir = data != null ? data : Datasets.defaultDirectory(dataset);
        // Enough images for the warm-up and timed steps once the validation share is held out of them.
        int images = (int) Math.ceil(64.0 * (steps + 10) / (1 - VALIDATION_FRACTION));
        DataBundle bundle = Datasets.load(dataset, dir, images, 100, VALIDATION_FRACTION, 32);
        ModelSpec modelSpec = new ModelSpec(model, bundle.train().channels(), bundle.train().height(),
                bundle.train().width(), bundle.train().classes());
        int cores = Runtime.getRuntime().availableProcessors();
        ThroughputBenchmark bench = new ThroughputBenchmark(bundle, modelSpec, population, steps, p, cores).device(on)
                .activations(activations);
        LayoutProbe.Choice auto = kinds.contains(ThroughputBenchmark.Kind.MEASURED) ? bench.autoLayout() : null;
        List<ThroughputBenchmark.Variant> variants = bench.run(rounds, auto, kinds);
        ThroughputBenchmark.Variant alone = byName(variants, "one member");
        double one = alone != null ? alone.median() : Double.NaN;
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s, %s, N = %d, batch 64, %d cores%s, %d rounds of %d steps (medians)%n%n", model, dataset,
                population, cores, on.isCpu() ? "" : ", on " + on, rounds, steps);
        out.println("| variant | threads × intra-op | images/s (all members) | vs one member alone | exchange share of step "
                + "| exchange ms / step |");
        out.println("|---|---|---|---|---|---|");
        Map<String, Object> results = new LinkedHashMap<>();
        for (ThroughputBenchmark.Variant v : variants) {
            out.printf(Locale.ROOT, "| %s | %d × %d | %.0f | %s | %.2f%% | %.3f |%n", v.name(), v.threads(),
                    v.intraOpThreads(), v.median(), v.members() == 1 || Double.isNaN(one) ? "-" : String.format(Locale.ROOT, "%.2f",
                            v.median() / one), 100 * v.medianExchangeShare(), v.medianExchangeMillis());
            results.put(v.name(), Map.of("images_per_second", v.imagesPerSecond(), "median", v.median(),
                    "exchange_share", v.medianExchangeShare(), "exchange_ms_per_step", v.medianExchangeMillis(),
                    "threads", v.threads(), "intra_op_threads", v.intraOpThreads(),
                    "activations", v.activations().key()));
        }
        ThroughputBenchmark.Variant sequential = byName(variants, "population, sequential");
        ThroughputBenchmark.Variant parallel = byName(variants, "population, parallel");
        ThroughputBenchmark.Variant measured = byName(variants, "population, measured layout");
        ThroughputBenchmark.Variant contiguous = byName(variants, "population, sequential, contiguous");
        out.println();
        if (sequential != null && contiguous != null) {
            out.printf(Locale.ROOT, "sequential, %s / contiguous activations: %.2f%n", activations,
                    sequential.median() / contiguous.median());
        }
        if (sequential != null && parallel != null) {
            out.printf(Locale.ROOT, "parallel / sequential: %.2f%n", parallel.median() / sequential.median());
        }
        if (measured != null) {
            double best = Math.max(sequential != null ? sequential.median() : 0, parallel != null ? parallel.median() : 0);
            out.printf(Locale.ROOT, "measured layout at start: %s%n", auto.describe());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("threads", auto.layout().threads());
            m.put("intra_op_threads", auto.layout().intraOpThreads());
            m.put("probe_seconds", auto.seconds());
            if (best > 0) {
                out.printf(Locale.ROOT, "measured layout / best of sequential and parallel: %.2f%n", measured.median() / best);
                m.put("ratio_to_best", measured.median() / best);
                // When the choice is one of the fixed variants' layouts, that variant measured the same thing in
                // the same rounds: its ratio tells how good the choice is, apart from round-to-round noise.
                ThroughputBenchmark.Variant same = sameLayout(auto, sequential, parallel);
                if (same != null) {
                    out.printf(Locale.ROOT, "its fixed variant (%s) / best: %.2f%n", same.name(),
                            same.median() / best);
                    m.put("chosen_layout_ratio_to_best", same.median() / best);
                }
            }
            results.put("measured_layout", m);
        }
        if (kinds.contains(ThroughputBenchmark.Kind.SHUFFLE)) {
            List<Double> ms = bench.shuffleMillis(rounds, SHUFFLES, SHUFFLE_WARMUP);
            out.printf(Locale.ROOT, "WASH shuffle alone, p = %s: %.3f ms per shuffle (median of %d rounds of %d, after %d "
                    + "warm-up shuffles)%n", p, Stats.median(ms), rounds, SHUFFLES, SHUFFLE_WARMUP);
            results.put("shuffle_alone", Map.of("ms_per_shuffle", ms, "median", Stats.median(ms)));
        }
        out.flush();
        if (json != null) {
            AtomicFiles.write(json, Json.pretty(results).getBytes(StandardCharsets.UTF_8));
        }
        return ExitCodes.OK;
    }

    private static ThroughputBenchmark.Variant sameLayout(LayoutProbe.Choice auto, ThroughputBenchmark.Variant... fixed) {
        for (ThroughputBenchmark.Variant v : fixed) {
            if (v != null && v.layout().equals(auto.layout())) {
                return v;
            }
        }
        return null;
    }

    private static ThroughputBenchmark.Variant byName(List<ThroughputBenchmark.Variant> variants, String prefix) {
        return variants.stream().filter(v -> v.name().startsWith(prefix)).findFirst().orElse(null);
    }
}

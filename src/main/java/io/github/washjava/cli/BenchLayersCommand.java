package io.github.washjava.cli;

import io.github.washjava.bench.LayerBenchmark;
import io.github.washjava.util.AtomicFiles;
import io.github.washjava.util.InvalidInputException;
import io.github.washjava.util.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wash bench-layers}: the forward and backward pass of each layer alone, per intra-op thread count. */
@Command(name = "bench-layers", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Time the forward and backward pass of each layer of the small CNN and of ResNet-20's blocks "
                + "alone (batch 64, channels-last), for each intra-op thread count; prints medians in milliseconds. "
                + "bin/bench-peer --layers runs the same layers in PyTorch, side by side.")
public final class BenchLayersCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--threads", split = ",", paramLabel = "T", description = "Intra-op thread counts to measure "
            + "(default: 1 and the number of cores).")
    List<Integer> threads;
    @Option(names = "--calls", defaultValue = "40", description = "Timed calls per layer, thread count and round, after "
            + "10 warm-up calls (default ${DEFAULT-VALUE}).")
    int calls;
    @Option(names = "--rounds", defaultValue = "2", description = "Interleaved rounds; medians are reported (default "
            + "${DEFAULT-VALUE}).")
    int rounds;
    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Override
    public Integer call() throws IOException {
        if (calls < 1) {
            throw new InvalidInputException("calls: expected at least 1, found " + calls);
        }
        if (rounds < 1) {
            throw new InvalidInputException("rounds: expected at least 1, found " + rounds);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        List<Integer> counts = ThreadCounts.orOneAndCores(threads, "intra-op");
        List<LayerBenchmark.Timing> timings = LayerBenchmark.run(LayerBenchmark.cases(), counts, calls, rounds);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "forward + backward of each layer alone, batch %d, channels-last, %d cores; medians of "
                + "%d calls, then of %d rounds (ms)%n%n", LayerBenchmark.BATCH, cores, calls, rounds);
        StringBuilder header = new StringBuilder("| layer |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int t : counts) {
            header.append(' ').append(t).append(t == 1 ? " thread |" : " threads |");
            rule.append("---|");
        }
        out.println(header);
        out.println(rule);
        Map<String, StringBuilder> rows = new LinkedHashMap<>();
        List<Object> records = new ArrayList<>();
        for (LayerBenchmark.Timing t : timings) {
            rows.computeIfAbsent(t.name(), n -> new StringBuilder("| " + n + " |"))
                    .append(String.format(Locale.ROOT, " %.3f |", t.medianMs()));
            records.add(Map.of("layer", t.name(), "threads", t.threads(), "ms_per_round", t.msPerRound(),
                    "median_ms", t.medianMs()));
        }
        rows.values().forEach(out::println);
        out.flush();
        if (json != null) {
            Map<String, Object> results = new LinkedHashMap<>();
            results.put("side", "java");
            results.put("batch_size", LayerBenchmark.BATCH);
            results.put("cores", cores);
            results.put("layers", records);
            AtomicFiles.write(json, Json.pretty(results).getBytes(StandardCharsets.UTF_8));
        }
        return ExitCodes.OK;
    }
}

package io.github.washjava.cli;

import io.github.washjava.bench.LoaderBenchmark;
import io.github.washjava.data.FolderImages;
import io.github.washjava.model.Models;
import io.github.washjava.report.RunDirectory;
import io.github.washjava.util.AtomicFiles;
import io.github.washjava.util.InvalidInputException;
import io.github.washjava.util.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

/** {@code wash bench-loader}: is loading an image folder the bottleneck of training on it? */
@Command(name = "bench-loader", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measure images/s decoded and augmented by the image-folder loader for each thread count, "
                + "against the images/s a member's training step consumes; prints medians and how many cores "
                + "loading needs to keep up.")
public final class BenchLoaderCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", description = "An image folder (its train/ is read); default: a "
            + "generated folder of JPEGs, deleted afterwards.")
    Path data;
    @Option(names = "--generate", paramLabel = "N", defaultValue = "256", description = "Without --data: JPEGs to "
            + "generate (default ${DEFAULT-VALUE}).")
    int generate;
    @Option(names = "--source-size", paramLabel = "WxH", defaultValue = "500x375", description = "Without --data: size "
            + "of the generated JPEGs, ImageNet's typical (default ${DEFAULT-VALUE}).")
    String sourceSize;
    @Option(names = "--model", defaultValue = "resnet50", description = "The trainer's architecture (default ${DEFAULT-VALUE}).")
    String model;
    @Option(names = "--image-size", defaultValue = "0", description = "Side the images are cut to; 0 = the model's own "
            + "(224 for resnet18-imagenet and resnet50) (default ${DEFAULT-VALUE}).")
    int imageSize;
    @Option(names = "--batch-size", defaultValue = "32", description = "Images per batch (default ${DEFAULT-VALUE}).")
    int batchSize;
    @Option(names = "--threads", split = ",", paramLabel = "T", description = "Loader thread counts to measure "
            + "(default: 1 and the number of cores).")
    List<Integer> threads;
    @Option(names = "--batches", defaultValue = "24", description = "Timed batches per thread count and round (default "
            + "${DEFAULT-VALUE}).")
    int batches;
    @Option(names = "--train-steps", defaultValue = "3", description = "Timed training steps, after 3 warm-up ones "
            + "(default ${DEFAULT-VALUE}).")
    int trainSteps;
    @Option(names = "--rounds", defaultValue = "3", description = "Interleaved rounds; medians are reported (default "
            + "${DEFAULT-VALUE}).")
    int rounds;
    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;
    @Option(names = "--write-folder", paramLabel = "DIR", description = "Only write the generated folder (--generate "
            + "JPEGs of --source-size, 4 classes) into DIR, a new or empty directory, and measure nothing: test data "
            + "for --dataset folder.")
    Path writeFolder;

    @Override
    public Integer call() throws IOException {
        if (!Models.NAMES.contains(model)) {
            throw new InvalidInputException("model: expected one of " + String.join(", ", Models.NAMES) + ", found \""
                    + model + "\"");
        }
        atLeastOne("batch-size", batchSize);
        atLeastOne("batches", batches);
        atLeastOne("train-steps", trainSteps);
        atLeastOne("rounds", rounds);
        atLeastOne("generate", generate);
        if (writeFolder != null) {
            if (Files.exists(writeFolder) && !RunDirectory.isEmptyDirectory(writeFolder)) {
                throw new InvalidInputException("write-folder: expected a new or empty directory, found existing "
                        + writeFolder);
            }
            int[] wh = size(sourceSize);
            LoaderBenchmark.generateFolder(writeFolder, generate, 4, wh[0], wh[1]);
            spec.commandLine().getOut().printf(Locale.ROOT, "wrote %d JPEGs of %s into %s/train (and 4 into val)%n",
                    generate, sourceSize, writeFolder);
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        List<Integer> counts = ThreadCounts.orOneAndCores(threads, "loader");
        int side = imageSize > 0 ? imageSize : Models.defaultImageSize(model);
        Path folder = data;
        Path generated = null;
        if (folder == null) {
            int[] wh = size(sourceSize);
            generated = Files.createTempDirectory("wash-loader-bench");
            LoaderBenchmark.generateFolder(generated, generate, 4, wh[0], wh[1]);
            folder = generated;
        }
        try {
            FolderImages train = FolderImages.open(folder.resolve("train"), null, side);
            LoaderBenchmark bench = new LoaderBenchmark(train, batchSize);
            List<LoaderBenchmark.LoaderRate> rates = bench.loaderRates(counts, batches, rounds);
            double trainer = bench.trainerImagesPerSecond(model, cores, trainSteps);
            report(train, side, cores, rates, trainer, data == null);
        } finally {
            if (generated != null) {
                AtomicFiles.deleteRecursively(generated);
            }
        }
        return ExitCodes.OK;
    }

    private void report(FolderImages train, int side, int cores, List<LoaderBenchmark.LoaderRate> rates, double trainer,
            boolean wasGenerated) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        String source = wasGenerated ? train.size() + " generated " + sourceSize + " JPEGs" : train.size() + " images of "
                + data;
        out.printf(Locale.ROOT, "%s cut to %d×%d (random resized crop, flip, ImageNet normalisation), batch %d, %d cores, "
                + "%d rounds (medians)%n%n", source, side, side, batchSize, cores, rounds);
        out.println("| loader threads | images/s | per thread |");
        out.println("|---|---|---|");
        Map<String, Object> results = new LinkedHashMap<>();
        List<Object> loader = new ArrayList<>();
        double perCore = 0;
        for (LoaderBenchmark.LoaderRate r : rates) {
            out.printf(Locale.ROOT, "| %d | %.0f | %.0f |%n", r.threads(), r.median(), r.median() / r.threads());
            loader.add(Map.of("threads", r.threads(), "images_per_second", r.imagesPerSecond(), "median", r.median()));
            perCore = Math.max(perCore, r.median() / Math.min(r.threads(), cores));
        }
        double coresNeeded = trainer / perCore;
        out.printf(Locale.ROOT, "%ntrainer: one %s member, %d×%d, %d intra-op threads, in-memory batches: %.1f images/s "
                + "(a population trained one member after another consumes at this rate)%n", model, side, side, cores,
                trainer);
        out.printf(Locale.ROOT, "loading keeps up with %.2f cores of decoding (%.1f images/s / %.0f per core): %s%n",
                coresNeeded, trainer, perCore, coresNeeded < 0.25 * cores ? "not the bottleneck"
                        : coresNeeded < cores ? "a noticeable share of the machine" : "the bottleneck on this machine");
        out.flush();
        results.put("images", train.size());
        results.put("image_size", side);
        results.put("batch_size", batchSize);
        results.put("cores", cores);
        results.put("loader", loader);
        results.put("trainer", Map.of("model", model, "images_per_second", trainer));
        results.put("cores_needed_for_loading", coresNeeded);
        if (json != null) {
            AtomicFiles.write(json, Json.pretty(results).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void atLeastOne(String option, int value) {
        if (value < 1) {
            throw new InvalidInputException(option + ": expected at least 1, found " + value);
        }
    }

    private static int[] size(String wxh) {
        String[] parts = wxh.toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                int w = Integer.parseInt(parts[0].trim());
                int h = Integer.parseInt(parts[1].trim());
                if (w >= 8 && h >= 8) {
                    return new int[] {w, h};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException("source-size: expected WIDTHxHEIGHT of at least 8x8 pixels, found \"" + wxh + "\"");
    }

}

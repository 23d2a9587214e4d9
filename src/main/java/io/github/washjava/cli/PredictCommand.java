package io.github.washjava.cli;

import io.github.washjava.eval.Predictor;
import io.github.washjava.model.ActivationLayout;
import io.github.washjava.model.ComputeDevice;
import io.github.washjava.model.ModelArchive;
import io.github.washjava.util.AtomicFiles;
import io.github.washjava.util.Csv;
import io.github.washjava.util.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wash predict}: the most probable classes of images under a saved model. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Print the top classes, with probabilities, of image files (or of the images in folders) under a "
                + "saved model.")
public final class PredictCommand implements Callable<Integer> {
    static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model archive written by train (models/*.pt).")
    Path model;
    @Option(names = "--top", defaultValue = "3", paramLabel = "K", description = "Classes shown per image (default ${DEFAULT-VALUE}).")
    int top;
    @Option(names = "--resize", description = "Scale images of another size to the model's input (bilinear) instead of refusing them.")
    boolean resize;
    @Option(names = "--out", paramLabel = "FILE", description = "Also write the predictions as CSV (file,rank,label,class,probability).")
    Path out;
    @Mixin
    DeviceOption device;
    @Parameters(arity = "1..*", paramLabel = "IMAGE|DIR", description = "Image files (png, jpg, bmp, gif), or folders of them.")
    List<Path> inputs;

    @Override
    public Integer call() {
        if (top < 1) {
            throw new InvalidInputException("top: expected at least 1, found " + top);
        }
        ComputeDevice on = device.resolve();
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            files.addAll(images(input));
        }
        ModelArchive.Loaded loaded = ModelArchive.load(model);
        on.moveModule(loaded.model());
        loaded.model().activationLayout(ActivationLayout.resolve("memory-format", "auto", on)); // as training's default
        List<Predictor.Prediction> predictions = new Predictor(loaded, resize).predict(files, top);
        PrintWriter w = spec.commandLine().getOut();
        StringBuilder csv = new StringBuilder("file,rank,label,class,probability\n");
        for (Predictor.Prediction p : predictions) {
            List<String> shown = new ArrayList<>();
            for (int r = 0; r < p.top().size(); r++) {
                Predictor.Guess g = p.top().get(r);
                shown.add(String.format(Locale.ROOT, "%s %.1f%%", g.className(), 100 * g.probability()));
                csv.append(Csv.field(p.file().toString())).append(',').append(r + 1).append(',').append(g.label()).append(',')
                        .append(Csv.field(g.className())).append(',')
                        .append(String.format(Locale.ROOT, "%.6f", g.probability())).append('\n');
            }
            w.println(p.file() + ": " + String.join(", ", shown));
        }
        w.flush();
        if (out != null) {
            AtomicFiles.writeText(out, csv.toString());
        }
        return ExitCodes.OK;
    }

    /** A file as itself; a folder as its image files (by extension, sorted); anything else is refused. */
    static List<Path> images(Path input) {
        if (Files.isRegularFile(input)) {
            return List.of(input);
        }
        if (!Files.isDirectory(input)) {
            throw new InvalidInputException(input + ": expected an image file or a folder of images, found no such file");
        }
        try (Stream<Path> s = Files.list(input)) {
            List<Path> found = s.filter(Files::isRegularFile).filter(PredictCommand::hasImageExtension).sorted().toList();
            if (found.isEmpty()) {
                throw new InvalidInputException(input + ": expected image files (" + String.join(", ",
                        EXTENSIONS.stream().sorted().toList()) + "), found none");
            }
            return found;
        } catch (IOException e) {
            throw new InvalidInputException(input + ": cannot list (" + e.getMessage() + ")");
        }
    }

    private static boolean hasImageExtension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return !name.startsWith(".") && dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}

package io.github.washjava.cli;

import io.github.washjava.model.ModelArchive;
import io.github.washjava.model.Safetensors;
import io.github.washjava.util.InvalidInputException;
import io.github.washjava.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wash export}: a saved model's weights in a format other frameworks read. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write a saved model's parameters and buffers as safetensors, with its architecture, input "
                + "shape, normalisation and class names as metadata.")
public final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model archive written by train (models/*.pt).")
    Path model;
    @Option(names = "--format", defaultValue = "safetensors", description = "Output format: safetensors (default ${DEFAULT-VALUE}).")
    String format;
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The file to write (must not exist).")
    Path out;

    @Override
    public Integer call() {
        if (!"safetensors".equals(format)) {
            throw new InvalidInputException("format: expected safetensors, found \"" + format + "\"");
        }
        if (Files.exists(out)) {
            throw new InvalidInputException("out: expected a new file, found " + out + " (never overwritten)");
        }
        ModelArchive.Loaded loaded = ModelArchive.load(model);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "wash-java/1");
        meta.put("architecture", loaded.spec().architecture());
        meta.put("input", loaded.spec().channels() + "x" + loaded.spec().height() + "x" + loaded.spec().width());
        meta.put("classes", String.valueOf(loaded.spec().classes()));
        meta.put("mean", Arrays.toString(loaded.normalization().mean()));
        meta.put("std", Arrays.toString(loaded.normalization().std()));
        meta.put("class_names", Json.line(loaded.classNames()));
        Safetensors.write(loaded.model(), meta, out);
        spec.commandLine().getOut().println("Wrote " + out);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}

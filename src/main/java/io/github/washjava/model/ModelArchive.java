package io.github.washjava.model;

import io.github.washjava.util.AtomicFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.washjava.util.InvalidInputException;
import io.github.washjava.data.Normalization;
import io.github.washjava.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;

/**
 * A trained model as a libtorch archive (parameters and BatchNorm buffers, the format of
 * {@code torch::save}) plus a {@code wash.meta} entry naming the architecture, the input shape, the
 * normalisation, the class names and how pictures become inputs, so {@code wash eval} and {@code wash predict} can rebuild and run
 * it from the file alone.
 */
public final class ModelArchive {
    static final String META_KEY = "wash.meta";

    /**
     * A loaded archive: the model, how its inputs must be normalised, its classes' names, and whether it
     * takes pictures of any size resized and centre-cropped to its input (a model trained on an image
     * folder) rather than pictures of exactly its input's shape.
     */
    public record Loaded(WashModel model, ModelSpec spec, Normalization normalization, List<String> classNames,
            boolean centreCrop) {
    }

    private ModelArchive() {
    }

    /** Saves atomically to {@code file}, the classes named by their label numbers. */
    public static void save(WashModel model, ModelSpec spec, Normalization norm, Path file) {
        save(model, spec, norm, numbered(spec.classes()), false, file);
    }

    /**
     * Saves atomically to {@code file}; {@code classNames} in label order; {@code centreCrop}: the model
     * was trained on views of pictures of any size, so it takes them resized and centre-cropped.
     */
    public static void save(WashModel model, ModelSpec spec, Normalization norm, List<String> classNames,
            boolean centreCrop, Path file) {
        if (classNames.size() != spec.classes()) {
            throw new IllegalArgumentException("class names: expected " + spec.classes() + ", found " + classNames.size());
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("format", 1);
        meta.put("architecture", spec.architecture());
        meta.put("channels", spec.channels());
        meta.put("height", spec.height());
        meta.put("width", spec.width());
        meta.put("classes", spec.classes());
        meta.put("mean", norm.mean());
        meta.put("std", norm.std());
        meta.put("class_names", classNames);
        meta.put("input", centreCrop ? "centre-crop" : "exact");
        OutputArchive out = new OutputArchive();
        model.save(out);
        out.write(META_KEY, new IValue(Json.line(meta)));
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            // libtorch names the archive's top folder after the file, so the temporary file keeps the final
            // name (inside a temporary directory): the same model always gives the same bytes.
            Path tmpDir = Files.createTempDirectory(parent, "." + file.getFileName() + ".");
            Path tmp = tmpDir.resolve(file.getFileName());
            try {
                out.save_to(tmp.toString());
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                AtomicFiles.move(tmp, file);
            } finally {
                Files.deleteIfExists(tmp);
                Files.deleteIfExists(tmpDir);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(file + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    /** Loads a model saved by {@link #save}. */
    public static Loaded load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": expected a model archive, found no such file");
        }
        InputArchive in = new InputArchive();
        try {
            // Onto the host whatever device the model was saved from: a model trained on a GPU loads on a
            // machine without one; callers move it where they compute.
            in.load_from(file.toString(), new DeviceOptional(ComputeDevice.CPU.device()));
        } catch (RuntimeException e) {
            throw new InvalidInputException(file + ": expected a libtorch model archive, found unreadable data");
        }
        IValue metaValue = new IValue();
        if (!in.try_read(META_KEY, metaValue) || !metaValue.isString()) {
            throw new InvalidInputException(file + ": expected a WASH model archive with " + META_KEY
                    + ", found an archive without it");
        }
        ModelSpec spec;
        Normalization norm;
        List<String> names;
        boolean centreCrop;
        try {
            Map<?, ?> meta = Json.MAPPER.readValue(metaValue.toStringRef().getString(), Map.class);
            spec = new ModelSpec((String) meta.get("architecture"), ((Number) meta.get("channels")).intValue(),
                    ((Number) meta.get("height")).intValue(), ((Number) meta.get("width")).intValue(),
                    ((Number) meta.get("classes")).intValue());
            norm = new Normalization(floats((List<?>) meta.get("mean")), floats((List<?>) meta.get("std")));
            names = meta.get("class_names") == null ? numbered(spec.classes()) // archives written before names were kept
                    : ((List<?>) meta.get("class_names")).stream().map(String::valueOf).toList();
            Object input = meta.get("input"); // absent in archives written before image folders
            if (input != null && !input.equals("exact") && !input.equals("centre-crop")) {
                throw new IllegalArgumentException("input");
            }
            centreCrop = "centre-crop".equals(input);
            if (names.size() != spec.classes()) {
                throw new IllegalArgumentException("class names");
            }
        } catch (JsonProcessingException | RuntimeException e) {
            throw new InvalidInputException(file + ": expected valid " + META_KEY + " metadata, found corrupt metadata");
        }
        WashModel model = Models.create(spec);
        try {
            model.load(in);
        } catch (RuntimeException e) {
            throw new InvalidInputException(file + ": expected the weights of a " + spec.architecture() + ", found "
                    + "weights that do not fit (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        return new Loaded(model, spec, norm, names, centreCrop);
    }

    private static List<String> numbered(int classes) {
        return java.util.stream.IntStream.range(0, classes).mapToObj(String::valueOf).toList();
    }

    private static float[] floats(List<?> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) values.get(i)).floatValue();
        }
        return out;
    }
}

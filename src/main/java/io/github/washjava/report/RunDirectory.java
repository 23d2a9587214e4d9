package io.github.washjava.report;

import io.github.washjava.util.AtomicFiles;
import io.github.washjava.util.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;

/**
 * A run's directory, {@code runs/<name>/} by default: everything the run produces goes under it, and
 * a run never writes into another run's directory. Files are written atomically (temporary file, then
 * rename), so a crash never leaves a half-written result that looks complete.
 */
public final class RunDirectory {
    private final Path root;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /**
     * Creates the directory for a new run. An explicit {@code out} must not exist or be empty; without
     * one, {@code runs/<prefix>-<timestamp>} is used (with a numeric suffix if taken).
     */
    public static RunDirectory create(String out, String prefix) {
        Path dir;
        if (out != null && !out.isBlank()) {
            dir = Path.of(out);
            if (Files.exists(dir) && !isEmptyDirectory(dir)) {
                throw new InvalidInputException("out: expected a new or empty directory, found existing " + dir
                        + "; a run never overwrites another, choose another --out");
            }
        } else {
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            dir = Path.of("runs", prefix + "-" + stamp);
            for (int i = 2; Files.exists(dir); i++) {
                dir = Path.of("runs", prefix + "-" + stamp + "-" + i);
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InvalidInputException("out: expected a writable directory, found " + dir + " cannot be created ("
                    + e.getMessage() + ")");
        }
        if (!Files.isWritable(dir)) {
            throw new InvalidInputException("out: expected a writable directory, found " + dir + " is read-only");
        }
        return new RunDirectory(dir);
    }

    /**
     * The directory of a distributed run on a rank other than 0: rank 0 chose and checked it; on
     * another machine it does not exist yet and is created (for this rank's checkpoints).
     */
    public static RunDirectory joinOrCreate(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InvalidInputException("out: expected a writable directory, found " + dir + " cannot be created ("
                    + e.getMessage() + ")");
        }
        return new RunDirectory(dir);
    }

    /** Opens an existing run directory (for reading, or for tools that add to a finished run). */
    public static RunDirectory open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(dir + ": expected a run directory, found none");
        }
        return new RunDirectory(dir);
    }

    /** Whether {@code dir} is a directory with nothing in it (a file, or an unreadable directory, is not). */
    public static boolean isEmptyDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    public Path root() {
        return root;
    }

    /** A path inside the run directory. */
    public Path resolve(String relative) {
        return root.resolve(relative);
    }

    /** Writes a text file atomically. */
    public Path writeText(String relative, String text) {
        return AtomicFiles.writeText(resolve(relative), text);
    }
}

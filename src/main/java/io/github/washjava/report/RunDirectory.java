package io.github.washjava.report;

import io.github.washjava.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    /** Opens an existing run directory (for reading, or for tools that add to a finished run). */
    public static RunDirectory open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(dir + ": expected a run directory, found none");
        }
        return new RunDirectory(dir);
    }

    private static boolean isEmptyDirectory(Path dir) {
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
        return writeAtomically(resolve(relative), text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes bytes to {@code target} through a temporary sibling and an atomic rename. */
    public static Path writeAtomically(Path target, byte[] bytes) {
        try {
            Path parent = target.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = newTempFile(parent, target);
            try {
                Files.write(tmp, bytes);
                moveAtomically(tmp, target);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(target + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    /** A temporary sibling of {@code target}, readable by all like an ordinary file (rw-r--r--). */
    public static Path newTempFile(Path parent, Path target) throws IOException {
        Path tmp = Files.createTempFile(parent, "." + target.getFileName(), ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep the default permissions
        }
        return tmp;
    }

    /** Deletes a file or a directory tree; nothing happens if it does not exist. */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Renames {@code tmp} over {@code target} atomically where the file system allows it. */
    public static void moveAtomically(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

package io.github.washjava.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Files that are either complete or absent: every write goes to a temporary sibling that is then
 * renamed over the target, so a crash never leaves a half-written file that looks finished.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes {@code text} (UTF-8) to {@code target} atomically. */
    public static Path writeText(Path target, String text) {
        return write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes bytes to {@code target} through a temporary sibling and an atomic rename. */
    public static Path write(Path target, byte[] bytes) {
        try {
            Path parent = target.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = newTempFile(parent, target);
            try {
                Files.write(tmp, bytes);
                move(tmp, target);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(target + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    /** A temporary sibling of {@code target}, readable by all like an ordinary file (rw-r--r--). */
    public static Path newTempFile(Path parent, Path target) throws IOException {
        Path tmp = Files.createTempFile(parent, "." + target.getFileName(), ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep the default permissions
        }
        return tmp;
    }

    /** Renames {@code tmp} over {@code target} atomically where the file system allows it. */
    public static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes a file or a directory tree; nothing happens if it does not exist. */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

package io.github.washjava.data;

import io.github.washjava.util.InvalidInputException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The policy for files of an image folder that do not decode (docs/method.md §11): each is named once in a
 * warning with the running count, and stands in for the next readable file of its class, so batches keep
 * their size and a run its determinism; past {@code max(10, 1%)} of the folder's files the run stops with an
 * error, since that many points to a broken copy rather than a few bad files. Shared by the threads that
 * decode, and by every subset of one folder split.
 */
final class UnreadableImages {
    private final Path folder;
    private final int limit;
    private final Set<Integer> bad = ConcurrentHashMap.newKeySet();

    UnreadableImages(Path folder, int files) {
        this.folder = folder;
        this.limit = limit(files);
    }

    /** The most unreadable files tolerated in a folder of {@code files}. */
    static int limit(int files) {
        return Math.max(10, files / 100);
    }

    boolean isKnownBad(int file) {
        return bad.contains(file);
    }

    /** Records that {@code file} (at {@code path}) did not decode; warns the first time, throws past the limit. */
    void record(int file, Path path, String why) {
        if (!bad.add(file)) {
            return;
        }
        int count = bad.size();
        if (count > limit) {
            throw new InvalidInputException(folder + ": expected at most " + limit + " unreadable images (1% of the files, "
                    + "at least 10), found " + count + "; the last: " + path + " (" + why + ")");
        }
        System.err.println("warning: " + path + ": unreadable image (" + why + "), replaced by the next image of its "
                + "class; " + count + " unreadable so far, the run stops past " + limit);
    }
}

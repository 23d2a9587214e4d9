package io.github.washjava.cli;

import io.github.washjava.util.InvalidInputException;
import java.util.List;

/** The {@code --threads T,...} of the benchmarks that measure several thread counts. */
final class ThreadCounts {
    private ThreadCounts() {
    }

    /** The counts given, or 1 and the number of cores; each at least 1 ({@code kind} names them in the error). */
    static List<Integer> orOneAndCores(List<Integer> given, String kind) {
        int cores = Runtime.getRuntime().availableProcessors();
        List<Integer> counts = given != null ? given : cores > 1 ? List.of(1, cores) : List.of(1);
        if (counts.isEmpty() || counts.stream().anyMatch(t -> t < 1)) {
            throw new InvalidInputException("threads: expected " + kind + " thread counts of at least 1, found " + counts);
        }
        return counts;
    }
}

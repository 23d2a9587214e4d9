package io.github.washjava.experiment;

import io.github.washjava.collective.Agreement;
import io.github.washjava.collective.Collective;
import io.github.washjava.report.RunDirectory;
import io.github.washjava.util.InvalidInputException;
import java.nio.file.Path;

/**
 * Run directories for every rank of a run: rank 0 chooses and checks the directory (new or empty,
 * writable) and tells the others its name; they join it — on another machine they create it, for
 * their own checkpoints. A problem on rank 0 stops every rank with the same message.
 */
public final class RunDirectories {
    private RunDirectories() {
    }

    /** A new run directory: {@code out}, or {@code runs/<prefix>-<time>} chosen by rank 0. */
    public static RunDirectory create(Collective collective, String out, String prefix) {
        String chosen = null;
        String problem = "";
        if (collective.rank() == 0) {
            try {
                chosen = RunDirectory.create(out, prefix).root().toString();
            } catch (InvalidInputException e) {
                problem = e.getMessage();
            }
        }
        problem = Agreement.rootText(collective, problem);
        if (!problem.isEmpty()) {
            throw new InvalidInputException(problem);
        }
        String name = Agreement.rootText(collective, chosen == null ? "" : chosen);
        return collective.rank() == 0 ? RunDirectory.open(Path.of(name)) : RunDirectory.joinOrCreate(Path.of(name));
    }

    /** A new run directory at {@code dir} exactly. */
    public static RunDirectory createNamed(Collective collective, Path dir) {
        return create(collective, dir.toString(), dir.getFileName().toString());
    }

    /** An existing run directory (to resume): rank 0 must have it; other ranks join or create it. */
    public static RunDirectory open(Collective collective, Path dir) {
        String problem = "";
        if (collective.rank() == 0) {
            try {
                RunDirectory.open(dir);
            } catch (InvalidInputException e) {
                problem = e.getMessage();
            }
        }
        problem = Agreement.rootText(collective, problem);
        if (!problem.isEmpty()) {
            throw new InvalidInputException(problem);
        }
        return collective.rank() == 0 ? RunDirectory.open(dir) : RunDirectory.joinOrCreate(dir);
    }
}

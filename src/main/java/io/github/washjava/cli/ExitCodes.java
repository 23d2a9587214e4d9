package io.github.washjava.cli;

import io.github.washjava.util.InvalidInputException;
import io.github.washjava.train.TrainingDivergedException;
import io.github.washjava.train.TrainingInterruptedException;
import picocli.CommandLine;

/**
 * The exit-code table (docs/usage.md): 0 ok, 1 runtime failure (I/O, diverged member), 2 invalid input
 * (option, config, data, model file), 130 interrupted.
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int RUNTIME_FAILURE = 1;
    public static final int INVALID_INPUT = 2;
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }

    /** Maps an exception to its exit code. */
    public static int of(Throwable e) {
        if (e instanceof InvalidInputException || e instanceof CommandLine.ParameterException) {
            return INVALID_INPUT;
        }
        if (e instanceof TrainingInterruptedException) {
            return INTERRUPTED;
        }
        if (e instanceof TrainingDivergedException) {
            return RUNTIME_FAILURE;
        }
        return RUNTIME_FAILURE;
    }
}

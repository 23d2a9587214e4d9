package io.github.washjava.train;

/** Training stopped on request (Ctrl-C, SIGTERM) after writing a checkpoint; the message says how to resume. */
public final class TrainingInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingInterruptedException(String message) {
        super(message);
    }
}

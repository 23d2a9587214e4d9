package io.github.washjava.train;

/** A member's loss became NaN or infinite; averaging it into a soup would be silent garbage. */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }
}

package io.github.washjava.train;

/** Runs at the trainer's synchronised steps; checkpoints and interrupt handling hook in here. */
public interface StepHook {
    /**
     * After step {@code trainer.state().nextStep() − 1} (and after the epoch listeners when it ended an
     * epoch). {@code stopRequested} is true on every rank when any rank was asked to stop.
     */
    void afterStep(Trainer trainer, boolean endOfEpoch, boolean stopRequested);

    /** Whether the hook must run right after {@code step} (e.g. a checkpoint is due). */
    boolean needsStateAfter(long step);

    /** A phrase naming the last good checkpoint, for error messages. */
    String lastGood();
}

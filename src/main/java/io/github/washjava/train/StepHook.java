package io.github.washjava.train;

/** Runs after every training step; checkpoints and interrupt handling hook in here. */
public interface StepHook {
    /** After step {@code trainer.state().nextStep() − 1} (and after the epoch listeners when it ended an epoch). */
    void afterStep(Trainer trainer, boolean endOfEpoch);

    /** A phrase naming the last good checkpoint, for error messages. */
    String lastGood();
}

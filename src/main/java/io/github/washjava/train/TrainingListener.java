package io.github.washjava.train;

/**
 * Observes training: metrics files, progress bars, trackers. Called on the training thread of every
 * rank, with the records of all N members, at the trainer's synchronised steps: in one process after
 * every step; across ranks after each group of steps (see {@link Trainer}), the records in step order.
 */
public interface TrainingListener {
    /** After a step and its exchange. */
    default void onStep(StepRecord record) {
    }

    /** After the last step (and exchange) of an epoch. */
    default void onEpoch(EpochRecord record) {
    }

    /**
     * Whether this listener must see the population as it is right after {@code step} (the trainer then
     * synchronises at that step, so {@link #onStep} for it is called before the next step runs).
     */
    default boolean needsStateAfter(long step) {
        return false;
    }

    /**
     * One optimizer step of the whole population.
     *
     * @param losses training loss of each member on its batch
     * @param correct training images each member classified correctly (against the un-mixed label)
     * @param valuesSent values the exchange moved after this step, summed over members
     * @param stepSeconds this rank's time for the step (its members' steps and the exchange)
     * @param exchangeSeconds this rank's time in the exchange
     * @param wireBytes bytes this rank's exchange put on the wire after this step
     * @param commSeconds this rank's time inside the exchange's collectives
     */
    record StepRecord(long step, int epoch, double lr, float[] losses, int[] correct, int batchSize, long valuesSent,
            double stepSeconds, double exchangeSeconds, long wireBytes, double commSeconds) {
    }

    /**
     * One finished epoch.
     *
     * @param trainAccuracy each member's accuracy on its training batches over the epoch
     * @param meanLoss each member's mean training loss over the epoch
     * @param valuesSentTotal values sent since the start of training, summed over members
     * @param imagesPerSecond training images (all members) per second over the epoch
     * @param exchangeShare share of the epoch's step time spent in the exchange
     */
    record EpochRecord(int epoch, long step, double[] trainAccuracy, double[] meanLoss, long valuesSentTotal,
            double imagesPerSecond, double exchangeShare, double rssMb, double peakRssMb) {
    }
}

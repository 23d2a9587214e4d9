package io.github.washjava.train;

/** Observes training: metrics files, progress bars, charts. Called on the training thread. */
public interface TrainingListener {
    /** After a step and its exchange. */
    default void onStep(StepRecord record) {
    }

    /** After the last step (and exchange) of an epoch. */
    default void onEpoch(EpochRecord record) {
    }

    /**
     * One optimizer step of the whole population.
     *
     * @param losses training loss of each member on its batch
     * @param correct training images each member classified correctly (against the un-mixed label)
     * @param valuesSent values the exchange moved after this step, summed over members
     */
    record StepRecord(long step, int epoch, double lr, float[] losses, int[] correct, int batchSize, long valuesSent,
            double stepSeconds, double exchangeSeconds) {
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

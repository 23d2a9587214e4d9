package io.github.washjava.train;

/**
 * Everything the training loop carries from one step to the next, besides the members' tensors:
 * the next step, the values sent so far and the running sums of the current epoch. Every random
 * stream (data order, augmentation, shuffle) derives from (seed, member, step or epoch), so this and
 * the tensors are the whole state a checkpoint needs to continue exactly.
 *
 * @param nextStep the first step not yet taken
 * @param valuesSent values the exchange has sent so far, summed over members
 * @param epochLossSum per member, the sum of losses over the current epoch's steps
 * @param epochCorrect per member, correctly classified training images in the current epoch
 * @param epochStepSeconds time spent in steps of the current epoch (this process)
 * @param epochExchangeSeconds time spent in the exchange during the current epoch (this process)
 * @param epochStepsRun steps of the current epoch this process ran (for images/s)
 */
public record TrainerState(long nextStep, long valuesSent, double[] epochLossSum, long[] epochCorrect,
        double epochStepSeconds, double epochExchangeSeconds, int epochStepsRun) {

    /** Before the first step. */
    public static TrainerState initial(int members) {
        return new TrainerState(0, 0, new double[members], new long[members], 0, 0, 0);
    }

    /** Fresh epoch sums at the first step of an epoch. */
    TrainerState startEpoch(int members) {
        return new TrainerState(nextStep, valuesSent, new double[members], new long[members], 0, 0, 0);
    }

    /** The state after step {@code step}. */
    TrainerState afterStep(long step, float[] losses, int[] correct, long sent, double stepSeconds, double exchangeSeconds) {
        double[] loss = epochLossSum.clone();
        long[] right = epochCorrect.clone();
        for (int i = 0; i < loss.length; i++) {
            loss[i] += losses[i];
            right[i] += correct[i];
        }
        return new TrainerState(step + 1, valuesSent + sent, loss, right, epochStepSeconds + stepSeconds,
                epochExchangeSeconds + exchangeSeconds, epochStepsRun + 1);
    }

    /** A resumed state starts timing afresh (time spent before the crash is not known). */
    public TrainerState resumed() {
        return new TrainerState(nextStep, valuesSent, epochLossSum, epochCorrect, 0, 0, 0);
    }
}

package io.github.washjava.train;

/**
 * Everything the training loop carries from one step to the next, besides the members' tensors:
 * the next step, the values sent so far, the running sums of the current epoch (for all N members)
 * and this rank's wire traffic. Every random stream (data order, augmentation, shuffle) derives from
 * (seed, member, step or epoch), so this and the tensors are the whole state a checkpoint needs to
 * continue exactly.
 *
 * @param nextStep the first step not yet taken
 * @param valuesSent values the exchange has sent so far, summed over members
 * @param epochLossSum per member, the sum of losses over the current epoch's steps
 * @param epochCorrect per member, correctly classified training images in the current epoch
 * @param wireBytes bytes this rank's exchange has put on the wire since the run started
 * @param commSeconds seconds this rank's exchange spent in collectives since the run started
 * @param epochStepSeconds time spent in steps of the current epoch (this process)
 * @param epochExchangeSeconds time spent in the exchange during the current epoch (this process)
 * @param epochStepsRun steps of the current epoch this process ran (for images/s)
 */
public record TrainerState(long nextStep, long valuesSent, double[] epochLossSum, long[] epochCorrect, long wireBytes,
        double commSeconds, double epochStepSeconds, double epochExchangeSeconds, int epochStepsRun) {

    /** Before the first step. */
    public static TrainerState initial(int members) {
        return new TrainerState(0, 0, new double[members], new long[members], 0, 0, 0, 0, 0);
    }

    /** Fresh epoch sums at the first step of an epoch. */
    TrainerState startEpoch(int members) {
        return new TrainerState(nextStep, valuesSent, new double[members], new long[members], wireBytes, commSeconds, 0,
                0, 0);
    }

    /** The state after the step of {@code r}. */
    TrainerState after(TrainingListener.StepRecord r) {
        double[] loss = epochLossSum.clone();
        long[] right = epochCorrect.clone();
        for (int i = 0; i < loss.length; i++) {
            loss[i] += r.losses()[i];
            right[i] += r.correct()[i];
        }
        return new TrainerState(r.step() + 1, valuesSent + r.valuesSent(), loss, right, wireBytes + r.wireBytes(),
                commSeconds + r.commSeconds(), epochStepSeconds + r.stepSeconds(),
                epochExchangeSeconds + r.exchangeSeconds(), epochStepsRun + 1);
    }

    /** A resumed state starts timing afresh (time spent before the crash is not known). */
    public TrainerState resumed() {
        return new TrainerState(nextStep, valuesSent, epochLossSum, epochCorrect, wireBytes, commSeconds, 0, 0, 0);
    }
}

package io.github.washjava;

import java.util.List;

/**
 * What a training run reports (SPEC §6, §8): test accuracy of every member, the ensemble and both
 * soups, the communication the exchange actually used beside SPEC's formula, and cost.
 *
 * @param memberAccuracy test accuracy of each member
 * @param ensembleAccuracy test accuracy of the ensemble (argmax of the mean logits)
 * @param uniformSoupAccuracy test accuracy of the average of all members, BN recalibrated
 * @param greedySoupAccuracy test accuracy of the greedy soup
 * @param greedyIngredients members in the greedy soup, in the order they were added
 * @param valuesSentTotal values the exchange moved between members over the run, summed over members
 * @param valuesPerMemberPerStep valuesSentTotal / (N · steps)
 * @param expectedValuesPerMemberPerStep SPEC §8's formula for the same run
 * @param papaValuesPerMemberPerStep SPEC §8's PAPA formula for the same model, N and T: the reference
 *     the paper compares communication with
 * @param consensusDistance final distance to consensus D (SPEC §7)
 * @param checkpointSeconds time spent writing checkpoints during training (part of trainSeconds)
 */
public record RunResult(String method, int population, String dataset, String model, int epochs, long steps, long seed,
        long parameters, List<Double> memberAccuracy, double ensembleAccuracy, double uniformSoupAccuracy,
        double greedySoupAccuracy, List<Integer> greedyIngredients, double greedyValidationAccuracy, long valuesSentTotal,
        double valuesPerMemberPerStep, double expectedValuesPerMemberPerStep, double papaValuesPerMemberPerStep,
        double consensusDistance, double wallSeconds,
        double trainSeconds, double checkpointSeconds, double imagesPerSecond, double exchangeShare, double peakRssMb,
        int threads, int intraOpThreads) {

    public double memberMean() {
        return memberAccuracy.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    public double memberMin() {
        return memberAccuracy.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    public double memberMax() {
        return memberAccuracy.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}

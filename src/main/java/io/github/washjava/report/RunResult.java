package io.github.washjava.report;

import java.util.List;

/**
 * What a training run reports (docs/method.md §6, §8): which run it was, the test accuracy of every
 * member, the ensemble and both soups, the communication the exchange used (counted, by formula and
 * on the wire), and what the run cost.
 */
public record RunResult(Identity run, Accuracy accuracy, Communication communication, Cost cost) {
    /**
     * @param steps optimizer steps of the whole run
     * @param parameters d, trainable scalars per member
     * @param ranks processes the members were placed over
     */
    public record Identity(String method, int population, String dataset, String model, int epochs, long steps,
            long seed, long parameters, int ranks) {
    }

    /**
     * @param members test accuracy of each member
     * @param ensemble test accuracy of the ensemble (argmax of the mean logits)
     * @param uniformSoup test accuracy of the average of all members, BN recalibrated
     * @param greedySoup test accuracy of the greedy soup
     * @param greedyIngredients members in the greedy soup, in the order they were added
     * @param greedyValidation the greedy soup's validation accuracy (what chose it)
     * @param consensusDistance final distance to consensus D
     */
    public record Accuracy(List<Double> members, double ensemble, double uniformSoup, double greedySoup,
            List<Integer> greedyIngredients, double greedyValidation, double consensusDistance) {
        public double memberMean() {
            return members.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        public double memberMin() {
            return members.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }

        public double memberMax() {
            return members.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }
    }

    /**
     * @param valuesSentTotal values the exchange moved between members over the run, summed over members
     * @param valuesPerMemberPerStep valuesSentTotal / (N · steps)
     * @param expectedValuesPerMemberPerStep the method's formula for the same run (docs/method.md §8)
     * @param papaValuesPerMemberPerStep PAPA's formula for the same model, N and T: the reference the
     *     paper compares communication with
     * @param wireBytesPerRank bytes each rank's exchange sent through the process group (0 in one process)
     * @param collectiveSecondsPerRank seconds each rank's exchange spent inside collectives
     */
    public record Communication(long valuesSentTotal, double valuesPerMemberPerStep,
            double expectedValuesPerMemberPerStep, double papaValuesPerMemberPerStep, List<Long> wireBytesPerRank,
            List<Double> collectiveSecondsPerRank) {
        /** Counted values against PAPA's formula. */
        public double ratioToPapa() {
            return valuesPerMemberPerStep / papaValuesPerMemberPerStep;
        }

        /** Bytes all ranks put on the wire, summed. */
        public long wireBytesTotal() {
            return wireBytesPerRank.stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * @param checkpointSeconds time spent writing checkpoints during training (part of trainSeconds)
     * @param exchangeShare share of step time spent in the exchange (rank 0)
     * @param threads members stepping at once in a process
     * @param intraOpThreads libtorch threads inside each member's ops
     */
    public record Cost(double wallSeconds, double trainSeconds, double checkpointSeconds, double imagesPerSecond,
            double exchangeShare, double peakRssMb, int threads, int intraOpThreads) {
    }
}

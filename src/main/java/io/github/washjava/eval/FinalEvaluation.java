package io.github.washjava.eval;

import io.github.washjava.merge.GreedySoup;
import io.github.washjava.merge.Soups;
import io.github.washjava.model.RecalibrationData;
import io.github.washjava.model.WashModel;
import io.github.washjava.population.MemberExecutor;
import io.github.washjava.population.Population;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The end of training (docs/method.md §6): every member's test accuracy, the ensemble (argmax of the
 * mean logits), the uniform soup and the greedy soup — ranked and grown on the validation split only,
 * never on the test set — and the final distance to consensus. Works on a population held whole in
 * one process ({@link Population#gatherOnRoot()} brings it there from the ranks).
 */
public final class FinalEvaluation {
    /** What the end of training measured, and the two soups. */
    public record Outcome(List<Double> memberAccuracy, List<Double> memberValidationAccuracy, double ensembleAccuracy,
            WashModel uniformSoup, double uniformSoupAccuracy, WashModel greedySoup, double greedySoupAccuracy,
            GreedySoup.Result greedy, double consensusDistance) {
    }

    private FinalEvaluation() {
    }

    /**
     * @param test the test set (reported numbers)
     * @param validation the validation hold-out (greedy soup only)
     */
    public static Outcome evaluate(Population population, Evaluator test, Evaluator validation,
            RecalibrationData recalibration, MemberExecutor executor) {
        if (!population.holdsAll()) {
            throw new IllegalArgumentException("final evaluation needs every member in this process; gather them first");
        }
        int n = population.size();
        List<float[]> testLogits = executor.map(n, i -> test.logits(population.members().get(i).model()));
        List<Double> validationAccuracy = executor.map(n,
                i -> validation.accuracy(population.members().get(i).model()));
        List<Double> memberAccuracy = new ArrayList<>();
        for (float[] logits : testLogits) {
            memberAccuracy.add(test.accuracy(logits));
        }
        double ensemble = test.accuracy(Evaluator.meanLogits(testLogits));

        WashModel uniform = Soups.uniform(population, recalibration);
        double uniformAccuracy = test.accuracy(uniform);

        Map<List<Integer>, Double> soupScores = new HashMap<>();
        GreedySoup.Result greedy = GreedySoup.select(n, validationAccuracy::get, ingredients -> soupScores.computeIfAbsent(
                List.copyOf(ingredients), k -> validation.accuracy(Soups.average(population, k, recalibration))));
        WashModel greedySoup = Soups.average(population, greedy.ingredients(), recalibration);
        double greedyAccuracy = test.accuracy(greedySoup);
        return new Outcome(memberAccuracy, validationAccuracy, ensemble, uniform, uniformAccuracy, greedySoup,
                greedyAccuracy, greedy, ConsensusDistance.of(population));
    }
}

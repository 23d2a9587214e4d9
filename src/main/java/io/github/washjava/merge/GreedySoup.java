package io.github.washjava.merge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * The greedy soup (Wortsman et al., "Model soups", ICML 2022; docs/method.md §6): sort members by validation
 * accuracy, start from the best, and add the next member into the running mean only if the soup's
 * validation accuracy strictly improves.
 */
public final class GreedySoup {
    /** The chosen members (in the order they were added) and the soup's validation score. */
    public record Result(List<Integer> ingredients, double validationScore) {
    }

    private GreedySoup() {
    }

    /**
     * @param members population size
     * @param memberScore validation accuracy of member i alone
     * @param soupScore validation accuracy of the soup of a set of members
     */
    public static Result select(int members, IntToDoubleFunction memberScore, ToDoubleFunction<List<Integer>> soupScore) {
        double[] scores = new double[members];
        for (int i = 0; i < members; i++) {
            scores[i] = memberScore.applyAsDouble(i);
        }
        // Best first; ties keep member order so the result is deterministic.
        List<Integer> order = IntStream.range(0, members).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i)).toList();
        List<Integer> soup = new ArrayList<>(List.of(order.get(0)));
        double best = soupScore.applyAsDouble(soup);
        for (int j = 1; j < order.size(); j++) {
            List<Integer> candidate = new ArrayList<>(soup);
            candidate.add(order.get(j));
            double score = soupScore.applyAsDouble(candidate);
            if (score > best) {
                soup = candidate;
                best = score;
            }
        }
        return new Result(List.copyOf(soup), best);
    }
}

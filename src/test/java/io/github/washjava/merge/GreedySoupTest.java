package io.github.washjava.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GreedySoupTest {
    @Test
    void greedySoupRejectsMemberThatDoesNotStrictlyImproveValidation() {
        // docs/method.md §6: sort by validation accuracy, start from the best, add a member only if the soup's
        // validation accuracy strictly improves. Crafted: members ranked 2 > 0 > 3 > 1; {2,0} improves,
        // {2,0,3} ties (rejected), {2,0,1} improves.
        double[] member = {0.80, 0.60, 0.90, 0.70};
        var scores = java.util.Map.of(
                Set.of(2), 0.90,
                Set.of(2, 0), 0.92,
                Set.of(2, 0, 3), 0.92,
                Set.of(2, 0, 1), 0.95);
        GreedySoup.Result r = GreedySoup.select(4, i -> member[i], s -> scores.get(Set.copyOf(s)));
        assertThat(r.ingredients()).containsExactly(2, 0, 1);
        assertThat(r.validationScore()).isEqualTo(0.95);
    }

    @Test
    void aSoupThatNeverImprovesIsTheBestMemberAlone() {
        GreedySoup.Result r = GreedySoup.select(3, i -> new double[] {0.5, 0.7, 0.6}[i],
                s -> s.size() == 1 ? 0.7 : 0.1);
        assertThat(r.ingredients()).isEqualTo(List.of(1));
    }
}

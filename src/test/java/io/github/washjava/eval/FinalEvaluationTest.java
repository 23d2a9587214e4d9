package io.github.washjava.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.washjava.data.Dataset;
import io.github.washjava.data.Normalization;
import io.github.washjava.model.Mlp;
import io.github.washjava.model.RecalibrationData;
import io.github.washjava.population.InitMode;
import io.github.washjava.population.Member;
import io.github.washjava.population.MemberExecutor;
import io.github.washjava.population.Population;
import java.util.Arrays;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.junit.jupiter.api.Test;

class FinalEvaluationTest {
    /** 20 images of 2×2 pixels, every label {@code label}. */
    private static Dataset allLabelled(int label) {
        int[] labels = new int[20];
        Arrays.fill(labels, label);
        return new Dataset("crafted", new byte[20 * 4], labels, 1, 2, 2, 2);
    }

    @Test
    void theGreedySoupIsRankedAndGrownOnTheValidationSplitNeverOnTheTestSet() {
        // Member 0 always answers class 0, member 1 always class 1. The validation split is all class 0 and
        // the test set all class 1: ranked on validation the soup starts from member 0, on test from member 1.
        Population pop = Population.create(() -> new Mlp(4, 2), 2, InitMode.SAME, 1);
        try (NoGradGuard noGrad = new NoGradGuard()) {
            for (Member m : pop.members()) {
                m.parameters().forEach(t -> t.fill_(new Scalar(0.0)));
                m.parameters().get(m.parameters().size() - 1).select(0, m.id()).fill_(new Scalar(5.0)); // fc3.bias
            }
        }
        Normalization norm = new Normalization(new float[] {0f}, new float[] {1f});
        Evaluator test = new Evaluator(allLabelled(1), norm, 8);
        Evaluator validation = new Evaluator(allLabelled(0), norm, 8);
        FinalEvaluation.Outcome o;
        try (MemberExecutor executor = new MemberExecutor(1, 1)) {
            o = FinalEvaluation.evaluate(pop, test, validation, RecalibrationData.none(), executor);
        }
        assertThat(o.memberValidationAccuracy()).containsExactly(1.0, 0.0);
        assertThat(o.memberAccuracy()).containsExactly(0.0, 1.0);
        assertThat(o.greedy().ingredients()).containsExactly(0); // adding member 1 does not improve validation
        assertThat(o.greedy().validationScore()).isEqualTo(1.0);
        assertThat(o.greedySoupAccuracy()).isEqualTo(0.0); // and its test accuracy is reported as it is
    }
}

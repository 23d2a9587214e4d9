package io.github.washjava.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.FloatBuffer;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class SgdTest {
    @Test
    void matchesHandComputedValuesAfterOneAndTwoSteps() {
        // docs/method.md §5: momentum 0.9, coupled weight decay, no Nesterov. Loss = Σ c·θ with c = (3, 4),
        // θ_0 = (1, −2), lr 0.1, λ = 0.01. By hand: θ_1 = (0.699, −2.398); θ_2 = (0.127401, −3.153802).
        Tensor theta = Tensor.create(new float[] {1f, -2f}, 2).set_requires_grad(true);
        Tensor c = Tensor.create(new float[] {3f, 4f}, 2);
        Sgd sgd = new Sgd(Sgd.Options.paperDefaults().withWeightDecay(0.01));
        List<Tensor> momentum = List.of(Tensor.create(new float[] {0f, 0f}, 2));
        float[][] expected = {{0.699f, -2.398f}, {0.127401f, -3.153802f}};
        for (float[] want : expected) {
            try (PointerScope scope = new PointerScope()) {
                theta.mul(c).sum().backward();
            }
            sgd.step(List.of(theta), momentum, 0.1);
            FloatBuffer fb = theta.createBuffer();
            assertThat(fb.get(0)).isCloseTo(want[0], within(1e-5f));
            assertThat(fb.get(1)).isCloseTo(want[1], within(1e-5f));
        }
        assertThat(theta.grad().abs().sum().item_float()).isZero();
    }

    @Test
    void cosineScheduleStartsAtBaseAndEndsNearMinimum() {
        // docs/method.md §5: cosine stepped every iteration from lr down to 1e-4, no warm-up.
        CosineSchedule s = new CosineSchedule(0.1, 1e-4, 100);
        assertThat(s.lr(0)).isEqualTo(0.1);
        assertThat(s.lr(50)).isCloseTo((0.1 + 1e-4) / 2, within(1e-12));
        assertThat(s.lr(100)).isCloseTo(1e-4, within(1e-12));
        assertThat(s.lr(99)).isLessThan(s.lr(98));
    }
}

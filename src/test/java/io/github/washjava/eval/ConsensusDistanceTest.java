package io.github.washjava.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.washjava.testing.TinyPopulations;
import io.github.washjava.population.Population;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class ConsensusDistanceTest {
    @Test
    void matchesAHandComputationOnCraftedMembers() {
        // SPEC §7: D = (1/N)·Σ_i ‖θ_i − θ̄‖₂. Two members; member 0 has every parameter 0, member 1 every
        // parameter 2, so θ̄ = 1 and each member is at distance sqrt(d) from it: D = sqrt(d).
        Population pop = TinyPopulations.mlps(2, 4, 1);
        try (NoGradGuard ng = new NoGradGuard()) {
            for (int l = 0; l < pop.layout().parameters().size(); l++) {
                Tensor[] w = pop.parameters(l);
                w[0].fill_(new Scalar(0.0));
                w[1].fill_(new Scalar(2.0));
            }
        }
        double d = pop.layout().parameterCount();
        ConsensusDistance.Breakdown b = ConsensusDistance.breakdown(pop);
        assertThat(b.distance()).isCloseTo(Math.sqrt(d), within(1e-9));
        assertThat(b.meanSquared()).isCloseTo(d, within(1e-6));
        // MLP tensors: fc1.weight, fc1.bias | fc2.weight | fc2.bias, fc3.weight | fc3.bias → ⌊4l/6⌋ = 0,0,1,2,2,3.
        long q1 = pop.layout().parameters().get(0).numel() + pop.layout().parameters().get(1).numel();
        assertThat(b.quarterDistances()[0]).isCloseTo(Math.sqrt(q1), within(1e-9));
        assertThat(b.quarterDistances()[3]).isCloseTo(Math.sqrt(3), within(1e-9));
    }

    @Test
    void quarterSquaredDistancesAddUpToTheOverallOneAndDistancesAreSubadditive() {
        Population pop = TinyPopulations.mlps(4, 10, 2);
        ConsensusDistance.Breakdown b = ConsensusDistance.breakdown(pop);
        double sum = 0;
        double sumDistances = 0;
        for (int q = 0; q < 4; q++) {
            sum += b.quarterMeanSquared()[q];
            sumDistances += b.quarterDistances()[q];
        }
        assertThat(sum).isCloseTo(b.meanSquared(), within(1e-9 * b.meanSquared()));
        assertThat(b.distance()).isLessThanOrEqualTo(sumDistances + 1e-12); // triangle inequality per member
        assertThat(b.distance()).isPositive();
    }
}

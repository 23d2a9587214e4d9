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
        // docs/method.md §7: D = (1/N)·Σ_i ‖θ_i − θ̄‖₂. Two members; member 0 has every parameter 0, member 1 every
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
    void overallAndQuarterDistancesMatchAnIndependentComputation() {
        // D and its depth quarters recomputed here in plain Java (doubles) from the members' values.
        Population pop = TinyPopulations.mlps(4, 10, 2);
        int n = 4;
        int tensors = pop.layout().parameters().size();
        double[][] squared = new double[n][4];
        for (int l = 0; l < tensors; l++) {
            float[][] w = TinyPopulations.snapshot(pop.parameters(l));
            int quarter = 4 * l / tensors;
            for (int k = 0; k < w[0].length; k++) {
                double mean = 0;
                for (float[] member : w) {
                    mean += member[k];
                }
                mean /= n;
                for (int i = 0; i < n; i++) {
                    squared[i][quarter] += (w[i][k] - mean) * (w[i][k] - mean);
                }
            }
        }
        double distance = 0;
        double[] quarters = new double[4];
        for (int i = 0; i < n; i++) {
            distance += Math.sqrt(squared[i][0] + squared[i][1] + squared[i][2] + squared[i][3]) / n;
            for (int q = 0; q < 4; q++) {
                quarters[q] += Math.sqrt(squared[i][q]) / n;
            }
        }
        ConsensusDistance.Breakdown b = ConsensusDistance.breakdown(pop);
        assertThat(b.distance()).isCloseTo(distance, within(1e-5 * distance));
        for (int q = 0; q < 4; q++) {
            assertThat(b.quarterDistances()[q]).as("quarter %d", q).isCloseTo(quarters[q], within(1e-5 * quarters[q]));
        }
    }
}

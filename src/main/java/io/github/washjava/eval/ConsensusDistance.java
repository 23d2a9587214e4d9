package io.github.washjava.eval;

import io.github.washjava.train.Population;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * Distance to consensus (SPEC §7): D = (1/N)·Σ_i ‖θ_i − θ̄‖₂, the mean L2 distance of the members to
 * their average, over all parameters and for each quarter of the parameter tensors by depth (tensor l
 * of L belongs to quarter ⌊4l/L⌋), as in the paper's Figures 2 and 4.
 */
public final class ConsensusDistance {
    /**
     * D overall and per depth quarter, plus the mean squared distances S = (1/N)·Σ_i ‖θ_i − θ̄‖², which
     * add up exactly: S = S_q1 + S_q2 + S_q3 + S_q4.
     */
    public record Breakdown(double distance, double[] quarterDistances, double meanSquared, double[] quarterMeanSquared) {
    }

    private ConsensusDistance() {
    }

    /** D over all parameter tensors. */
    public static double of(Population population) {
        return breakdown(population).distance();
    }

    /** D overall and by depth quarter. */
    public static Breakdown breakdown(Population population) {
        int n = population.size();
        int tensors = population.layout().parameters().size();
        double[][] squared = new double[4][n]; // [quarter][member]
        try (PointerScope scope = new PointerScope()) {
            for (int l = 0; l < tensors; l++) {
                int quarter = 4 * l / tensors;
                Tensor[] w = population.parameters(l);
                Tensor mean = w[0].detach().clone();
                for (int i = 1; i < n; i++) {
                    mean.add_(w[i].detach());
                }
                mean.div_(new Scalar((double) n));
                for (int i = 0; i < n; i++) {
                    Tensor diff = w[i].detach().sub(mean);
                    squared[quarter][i] += diff.mul(diff).sum().item_double();
                }
            }
        }
        double[] quarterDistances = new double[4];
        double[] quarterMeanSquared = new double[4];
        double[] total = new double[n];
        for (int q = 0; q < 4; q++) {
            for (int i = 0; i < n; i++) {
                quarterDistances[q] += Math.sqrt(squared[q][i]) / n;
                quarterMeanSquared[q] += squared[q][i] / n;
                total[i] += squared[q][i];
            }
        }
        double distance = 0;
        double meanSquared = 0;
        for (int i = 0; i < n; i++) {
            distance += Math.sqrt(total[i]) / n;
            meanSquared += total[i] / n;
        }
        return new Breakdown(distance, quarterDistances, meanSquared, quarterMeanSquared);
    }
}

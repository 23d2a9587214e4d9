package io.github.washjava.eval;

import static org.bytedeco.pytorch.global.torch.stack;

import io.github.washjava.collective.Collective;
import io.github.washjava.population.Placement;
import io.github.washjava.population.Population;
import io.github.washjava.population.PopulationAverage;
import java.nio.DoubleBuffer;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Distance to consensus (docs/method.md §7): D = (1/N)·Σ_i ‖θ_i − θ̄‖₂, the mean L2 distance of the
 * members to their average, over all parameters and for each quarter of the parameter tensors by depth
 * (tensor l of L belongs to quarter ⌊4l/L⌋), as in the paper's Figures 2 and 4. Across ranks θ̄ takes
 * one all-reduce of the parameters and the members' distances one small all-gather.
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
        int local = population.members().size();
        int tensors = population.layout().parameters().size();
        double[] mine = new double[4 * local]; // [member][quarter] of ‖θ_i − θ̄‖² for the local members
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            List<Tensor[]> columns = PopulationAverage.columns(population, false);
            List<Tensor> means = PopulationAverage.means(population, columns);
            // Every ‖θ_i − θ̄‖² of tensor l stays on the device until one copy to the host at the end (a
            // GPU then synchronises once per record, not once per tensor and member).
            TensorVector squares = new TensorVector();
            for (int l = 0; l < tensors; l++) {
                for (int i = 0; i < local; i++) {
                    Tensor diff = columns.get(l)[i].detach().sub(means.get(l));
                    squares.push_back(diff.mul(diff).sum().to(ScalarType.Double));
                }
            }
            DoubleBuffer host = stack(squares).cpu().createBuffer(); // [tensors·local], l-major
            for (int l = 0; l < tensors; l++) {
                int quarter = 4 * l / tensors;
                for (int i = 0; i < local; i++) {
                    mine[4 * i + quarter] += host.get(l * local + i);
                }
            }
        }
        double[][] squared = new double[n][]; // [member][quarter]
        Collective collective = population.collective();
        Placement placement = population.placement();
        if (collective.isDistributed()) {
            try (PointerScope scope = new PointerScope()) {
                DoubleBuffer all = collective.allGather(Tensor.create(mine), placement.counts(4)).createBuffer();
                for (int i = 0; i < n; i++) {
                    squared[i] = new double[4];
                    all.get(squared[i]);
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                squared[i] = java.util.Arrays.copyOfRange(mine, 4 * i, 4 * i + 4);
            }
        }
        double[] quarterDistances = new double[4];
        double[] quarterMeanSquared = new double[4];
        double distance = 0;
        double meanSquared = 0;
        for (int i = 0; i < n; i++) {
            double total = 0;
            for (int q = 0; q < 4; q++) {
                quarterDistances[q] += Math.sqrt(squared[i][q]) / n;
                quarterMeanSquared[q] += squared[i][q] / n;
                total += squared[i][q];
            }
            distance += Math.sqrt(total) / n;
            meanSquared += total / n;
        }
        return new Breakdown(distance, quarterDistances, meanSquared, quarterMeanSquared);
    }
}

package io.github.washjava.eval;

import io.github.washjava.train.Population;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;

/**
 * Distance to consensus (SPEC §7): D = (1/N)·Σ_i ‖θ_i − θ̄‖₂ over all parameters, where θ̄ is the
 * members' mean. Used to watch members drift apart and be pulled back (the paper's Figure 2).
 */
public final class ConsensusDistance {
    private ConsensusDistance() {
    }

    /** D over all parameter tensors. */
    public static double of(Population population) {
        int n = population.size();
        double[] squared = new double[n];
        int tensors = population.layout().parameters().size();
        try (PointerScope scope = new PointerScope()) {
            for (int l = 0; l < tensors; l++) {
                Tensor[] w = population.parameters(l);
                Tensor mean = w[0].detach().clone();
                for (int i = 1; i < n; i++) {
                    mean.add_(w[i].detach());
                }
                mean.div_(new org.bytedeco.pytorch.Scalar((double) n));
                for (int i = 0; i < n; i++) {
                    Tensor diff = w[i].detach().sub(mean);
                    squared[i] += diff.mul(diff).sum().item_double();
                }
            }
        }
        double total = 0;
        for (double s : squared) {
            total += Math.sqrt(s);
        }
        return total / n;
    }
}

package io.github.washjava.population;

import static org.bytedeco.pytorch.global.torch.cat;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/**
 * The population average θ̄ = (1/N)·Σ_i θ_i of some tensors, over all ranks: each rank sums its own
 * members (in member order), one all-reduce adds the ranks' sums for every tensor at once, and the
 * total is divided by N. In one process the all-reduce is the identity; across ranks the sums are
 * grouped differently, so the mean can differ from one process's in the last bits (float rounding).
 * Call inside a pointer scope: the returned means are views of one flat tensor of that scope.
 */
public final class PopulationAverage {
    private PopulationAverage() {
    }

    /** Tensor l of every local member, for every parameter l and, with {@code buffers}, every BN statistic. */
    public static List<Tensor[]> columns(Population population, boolean buffers) {
        List<Tensor[]> out = new ArrayList<>();
        for (int l = 0; l < population.layout().parameters().size(); l++) {
            out.add(population.parameters(l));
        }
        if (buffers) {
            for (int b = 0; b < population.layout().buffers().size(); b++) {
                out.add(population.buffers(b));
            }
        }
        return out;
    }

    /** θ̄ of each column, shaped like the column's tensors. */
    public static List<Tensor> means(Population population, List<Tensor[]> columns) {
        TensorVector sums = new TensorVector();
        for (Tensor[] column : columns) {
            Tensor sum = column[0].detach().clone();
            for (int i = 1; i < column.length; i++) {
                sum.add_(column[i]);
            }
            sums.push_back(sum.reshape(-1));
        }
        Tensor flat = cat(sums);
        population.collective().allReduceSum(flat);
        flat.div_(new Scalar((double) population.size()));
        return split(flat, columns);
    }

    /** The consecutive parts of {@code flat} shaped like each column's tensors. */
    public static List<Tensor> split(Tensor flat, List<Tensor[]> columns) {
        List<Tensor> out = new ArrayList<>(columns.size());
        long offset = 0;
        for (Tensor[] column : columns) {
            long n = column[0].numel();
            out.add(flat.narrow(0, offset, n).view(column[0].shape()));
            offset += n;
        }
        return out;
    }

    /** The columns' tensors of the first local member, flattened into one (for a broadcast). */
    public static Tensor flatFirst(List<Tensor[]> columns) {
        TensorVector parts = new TensorVector();
        for (Tensor[] column : columns) {
            parts.push_back(column[0].detach().reshape(-1));
        }
        return cat(parts);
    }
}

package io.github.washjava.exchange;

import static org.bytedeco.pytorch.global.torch.cat;

import io.github.washjava.collective.Collective;
import io.github.washjava.model.ComputeDevice;
import io.github.washjava.population.Placement;
import io.github.washjava.population.Population;
import java.nio.FloatBuffer;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * SPARTA's step, θ_i[k] ← (1/N)·Σ_j θ_j[k] at every selected k of every parameter tensor, summed in
 * member order in double and rounded once to float, so every rank and both {@link ShufflePath}s give
 * the same bits. Across ranks each rank sends its members' values at the selected coordinates,
 * coordinate-major ({@code values[j·local + i]}), in one all-gather.
 */
final class SparseAverage {
    private SparseAverage() {
    }

    /** The CPU path: reads and writes the selected coordinates through zero-copy views of the tensors. */
    static void walkBuffers(Population population, List<long[]> selected, TensorViews views) {
        Placement placement = population.placement();
        Collective collective = population.collective();
        int me = collective.rank();
        int n = population.size();
        int first = placement.first(me);
        int local = placement.count(me);
        long coordinates = 0;
        for (long[] c : selected) {
            coordinates += c.length;
        }
        // values[j·n + i]: member i's value at the j-th selected coordinate (all tensors in order).
        float[] mine = new float[Math.toIntExact(coordinates * local)];
        int at = 0;
        for (int l = 0; l < selected.size(); l++) {
            FloatBuffer[] w = views.of(population.parameters(l));
            for (long k : selected.get(l)) {
                for (int i = 0; i < local; i++) {
                    mine[at++] = w[i].get(Math.toIntExact(k));
                }
            }
        }
        float[][] byRank = new float[collective.worldSize()][];
        byRank[me] = mine;
        if (collective.isDistributed() && coordinates > 0) {
            try (PointerScope scope = new PointerScope()) {
                Tensor gathered = collective.allGather(Tensor.create(mine), placement.counts(coordinates));
                FloatBuffer all = gathered.createBuffer();
                for (int q = 0; q < byRank.length; q++) {
                    byRank[q] = new float[Math.toIntExact(coordinates * placement.count(q))];
                    all.get(byRank[q]);
                }
            }
        }
        int j = 0;
        for (int l = 0; l < selected.size(); l++) {
            FloatBuffer[] w = views.of(population.parameters(l));
            for (long k : selected.get(l)) {
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    int q = placement.owner(i);
                    sum += byRank[q][j * placement.count(q) + i - placement.first(q)];
                }
                float mean = (float) (sum / n);
                for (int i = 0; i < local; i++) {
                    w[i].put(Math.toIntExact(k), mean);
                }
                j++;
            }
        }
    }

    /**
     * The same as tensor ops on the tensors' device: one {@code index_select} per tensor and member to
     * read, the sum over members as N element-wise additions in member order (a reduction kernel
     * could add in another order), one {@code index_copy_} per tensor and member to write.
     */
    static void tensorOps(Population population, List<long[]> selected) {
        Placement placement = population.placement();
        Collective collective = population.collective();
        ComputeDevice device = population.device();
        int n = population.size();
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor[] coordinates = new Tensor[selected.size()];
            TensorVector columns = new TensorVector();
            for (int l = 0; l < selected.size(); l++) {
                if (selected.get(l).length == 0) {
                    continue;
                }
                coordinates[l] = device.longs(selected.get(l));
                TensorVector rows = new TensorVector();
                for (Tensor member : population.parameters(l)) {
                    rows.push_back(member.view(-1).index_select(0, coordinates[l]).unsqueeze(0)); // [1, k_l]
                }
                columns.push_back(cat(rows)); // [local, k_l]
            }
            if (columns.size() == 0) {
                return; // nothing selected on any rank (the same draws everywhere): no collective either
            }
            Tensor values = cat(columns, 1); // [local, K]
            long k = values.size(1);
            Tensor all = values; // [N, K] once every rank's members are in
            if (collective.isDistributed()) {
                Tensor gathered = collective.allGather(values.t().contiguous().view(-1), placement.counts(k));
                TensorVector byRank = new TensorVector();
                long offset = 0;
                for (int q = 0; q < collective.worldSize(); q++) {
                    long count = placement.count(q);
                    byRank.push_back(gathered.narrow(0, offset, k * count).view(k, count).t()); // [count_q, K]
                    offset += k * count;
                }
                all = cat(byRank);
            }
            // From +0.0 as the Java sum starts, so that a coordinate of all −0.0 also gives the same bits.
            Tensor sum = all.select(0, 0).to(ScalarType.Double).zero_(); // [K]
            for (int i = 0; i < n; i++) {
                sum.add_(all.select(0, i).to(ScalarType.Double));
            }
            // A divisor on the device, not a host scalar: CUDA turns division by a host scalar into a
            // multiplication by its reciprocal, which can differ in the last bit.
            Tensor mean = sum.div_(device.put(Tensor.create(new double[] {n}))).to(values.scalar_type()); // [K]
            long at = 0;
            for (int l = 0; l < selected.size(); l++) {
                int kl = selected.get(l).length;
                if (kl == 0) {
                    continue;
                }
                for (Tensor member : population.parameters(l)) {
                    member.view(-1).index_copy_(0, coordinates[l], mean.narrow(0, at, kl));
                }
                at += kl;
            }
        }
    }
}

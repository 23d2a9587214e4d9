package io.github.washjava.exchange;

import static org.bytedeco.pytorch.global.torch.cat;

import io.github.washjava.model.ComputeDevice;
import io.github.washjava.population.Population;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/**
 * {@link ShuffleTransport}'s plans, θ_i[k] ← θ_{σ_k(i)}[k], as tensor ops on the tensors' own device
 * (docs/gpu.md): the indices are built once per step from the plans in Java, then each stream costs one
 * {@code index_select} per local member to read, one over the pool to permute, and one
 * {@code index_copy_} per local member to write. Nothing is read back to the host except what goes to
 * another rank (the collective's boundary copy).
 *
 * <pre>
 *   pool  = [ θ_i[k_j] for each stream s, local member i, selected coordinate j ]   (all reads first)
 *   full  = pool ++ values received from other ranks (in the buffer walk's wire order)
 *   θ_i[k_j] ← full[target_s(i, j)]   with target = the pool position of θ_{σ_j(i)}[k_j], or its slot in
 *                                      what arrived when σ_j(i) lives on another rank
 * </pre>
 */
final class TensorShuffle {
    private TensorShuffle() {
    }

    static void apply(Population population, List<ShuffleTransport.Stream> streams, ShuffleTransport.Routes routes) {
        int me = routes.me();
        int w = routes.worldSize();
        int first = routes.first();
        int local = routes.local();
        int[] owner = routes.owner();
        int n = owner.length;

        long[] base = new long[streams.size()]; // where stream s starts in the pool
        long poolSize = 0;
        for (int s = 0; s < streams.size(); s++) {
            base[s] = poolSize;
            poolSize += (long) local * streams.get(s).plan().size();
        }
        long[] sendOffset = new long[w]; // values for rank q start at Σ_{q'<q} sendCounts[q']
        long[] cursor = new long[w]; // what rank q sent here starts at poolSize + Σ_{q'<q} receiveCounts[q']
        long sendTotal = 0;
        long arriving = poolSize;
        for (int q = 0; q < w; q++) {
            sendOffset[q] = sendTotal;
            sendTotal += routes.sendCounts()[q];
            cursor[q] = arriving;
            arriving += routes.receiveCounts()[q];
        }
        long[] send = new long[Math.toIntExact(sendTotal)];
        long[][] target = new long[streams.size()][];
        for (int s = 0; s < streams.size(); s++) {
            ShufflePlan plan = streams.get(s).plan();
            int k = plan.size();
            target[s] = new long[local * k];
            for (int j = 0; j < k; j++) { // (stream, j, i) order: the order the buffer walk sends and reads
                for (int i = 0; i < n; i++) {
                    int source = plan.source(j, i);
                    int from = owner[source];
                    long inPool = base[s] + (long) (source - first) * k + j;
                    if (from == me && owner[i] != me) {
                        send[Math.toIntExact(sendOffset[owner[i]]++)] = inPool;
                    } else if (owner[i] == me) {
                        target[s][(i - first) * k + j] = from == me ? inPool : cursor[from]++;
                    }
                }
            }
        }

        ComputeDevice device = population.device();
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor[] coordinates = new Tensor[streams.size()];
            TensorVector reads = new TensorVector();
            for (int s = 0; s < streams.size(); s++) {
                if (streams.get(s).plan().size() == 0) {
                    continue;
                }
                coordinates[s] = device.longs(coordinatesOf(streams.get(s).plan()));
                for (Tensor member : streams.get(s).local()) {
                    reads.push_back(member.view(-1).index_select(0, coordinates[s])); // [k]
                }
            }
            if (reads.size() == 0) {
                return; // no coordinate selected anywhere: then no rank sends either (anyRemote is false)
            }
            Tensor full = cat(reads); // [poolSize]
            if (routes.anyRemote()) { // the same on every rank: all ranks call the collective, or none does
                Tensor arrived = population.collective().allToAll(full.index_select(0, device.longs(send)), routes.sendCounts(),
                        routes.receiveCounts());
                full = cat(new TensorVector(full, arrived));
            }
            for (int s = 0; s < streams.size(); s++) {
                int k = streams.get(s).plan().size();
                if (k == 0) {
                    continue;
                }
                Tensor moved = full.index_select(0, device.longs(target[s])); // [local·k]
                Tensor[] members = streams.get(s).local();
                for (int i = 0; i < local; i++) {
                    members[i].view(-1).index_copy_(0, coordinates[s], moved.narrow(0, (long) i * k, k));
                }
            }
        }
    }

    private static long[] coordinatesOf(ShufflePlan plan) {
        long[] out = new long[plan.size()];
        for (int j = 0; j < out.length; j++) {
            out[j] = plan.coordinate(j);
        }
        return out;
    }
}

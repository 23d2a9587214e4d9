package io.github.washjava.exchange;

import io.github.washjava.collective.Collective;
import io.github.washjava.population.Placement;
import io.github.washjava.population.Population;
import java.nio.FloatBuffer;
import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * Carries out one step's shuffle plans on the members of every rank (docs/method.md §3, "Distributed
 * form"): θ_i[k] ← θ_{σ_k(i)}[k]. Every rank drew the same plans from (seed, step, tensor), so each
 * knows what every other rank will send and in which order: only values travel, never indices, and
 * only the values whose σ_k moves them to a member on another rank — in one all-to-all per step for
 * all tensors together. In one process nothing is sent and the loop below is the whole shuffle.
 *
 * <p>Two ways to touch the selected coordinates, with the same routing and the same wire order: on the
 * CPU a walk over zero-copy views (the fastest there: it touches only the selected values), and on
 * any other device {@link TensorShuffle}'s gather and scatter ops (also selectable on the CPU, where
 * tests check that both give the same bits).
 */
final class ShuffleTransport {
    /** One plan and the local members' tensors it applies to (a parameter, its momentum, a buffer). */
    record Stream(ShufflePlan plan, Tensor[] local) {
    }

    private ShuffleTransport() {
    }

    /**
     * This rank (its first member and how many it holds), who holds member i, and how many moving values
     * each rank sends to and receives from each other rank this step — the same on every rank, since
     * every rank drew the same plans.
     */
    record Routes(int me, int worldSize, int first, int local, int[] owner, long[] sendCounts, long[] receiveCounts,
            boolean anyRemote) {
        static Routes of(Placement placement, int me, int worldSize, List<Stream> streams) {
            int n = placement.members();
            int[] owner = new int[n];
            for (int i = 0; i < n; i++) {
                owner[i] = placement.owner(i);
            }
            // σ_k(i) = s moves member s's value to member i.
            long[] sendCounts = new long[worldSize];
            long[] receiveCounts = new long[worldSize];
            boolean anyRemote = false;
            for (Stream stream : streams) {
                ShufflePlan plan = stream.plan();
                for (int j = 0; j < plan.size(); j++) {
                    for (int i = 0; i < n; i++) {
                        int from = owner[plan.source(j, i)];
                        int to = owner[i];
                        if (from != to) {
                            anyRemote = true;
                            if (from == me) {
                                sendCounts[to]++;
                            } else if (to == me) {
                                receiveCounts[from]++;
                            }
                        }
                    }
                }
            }
            return new Routes(me, worldSize, placement.first(me), placement.count(me), owner, sendCounts, receiveCounts,
                    anyRemote);
        }
    }

    /**
     * Applies the plans with {@code path}; {@code null} picks the buffer walk for CPU tensors and the
     * tensor ops for any other device.
     */
    static void apply(Population population, List<Stream> streams, ShufflePath path, TensorViews views) {
        Collective collective = population.collective();
        Routes routes = Routes.of(population.placement(), collective.rank(), collective.worldSize(), streams);
        if (ShufflePath.choose(path, population.device()) == ShufflePath.TENSOR_OPS) {
            TensorShuffle.apply(population, streams, routes);
        } else {
            walkBuffers(population, streams, routes, views);
        }
    }

    /** The CPU path: reads and writes the selected coordinates through zero-copy views of the tensors. */
    private static void walkBuffers(Population population, List<Stream> streams, Routes routes, TensorViews views) {
        Collective collective = population.collective();
        int me = routes.me();
        int w = routes.worldSize();
        int first = routes.first();
        int local = routes.local();
        int[] owner = routes.owner();
        long[] receiveCounts = routes.receiveCounts();
        FloatBuffer received = null;
        long[] cursor = new long[w];
        if (routes.anyRemote()) { // the same on every rank: all ranks call the collective, or none does
            received = exchange(collective, streams, owner, first, routes.sendCounts(), receiveCounts, views);
            for (int q = 1; q < w; q++) {
                cursor[q] = cursor[q - 1] + receiveCounts[q - 1];
            }
        }

        float[] before = new float[local];
        for (Stream stream : streams) {
            ShufflePlan plan = stream.plan();
            if (plan.size() == 0) {
                continue; // most tensors at small p: nothing to do
            }
            FloatBuffer[] values = views.of(stream.local());
            for (int j = 0; j < plan.size(); j++) {
                int k = Math.toIntExact(plan.coordinate(j));
                for (int i = 0; i < local; i++) {
                    before[i] = values[i].get(k);
                }
                for (int i = first; i < first + local; i++) {
                    int source = plan.source(j, i);
                    int from = owner[source];
                    float v = from == me ? before[source - first] : received.get(Math.toIntExact(cursor[from]++));
                    values[i - first].put(k, v);
                }
            }
        }
    }

    /** Sends this rank's moving values, destination by destination in plan order; returns what arrived. */
    private static FloatBuffer exchange(Collective collective, List<Stream> streams, int[] owner, int first,
            long[] sendCounts, long[] receiveCounts, TensorViews views) {
        int me = collective.rank();
        int w = collective.worldSize();
        long total = 0;
        long[] offset = new long[w];
        for (int q = 0; q < w; q++) {
            offset[q] = total;
            total += sendCounts[q];
        }
        float[] send = new float[Math.toIntExact(total)];
        for (Stream stream : streams) {
            ShufflePlan plan = stream.plan();
            if (plan.size() == 0) {
                continue;
            }
            FloatBuffer[] values = views.of(stream.local());
            for (int j = 0; j < plan.size(); j++) {
                int k = Math.toIntExact(plan.coordinate(j));
                for (int i = 0; i < owner.length; i++) {
                    int source = plan.source(j, i);
                    if (owner[source] == me && owner[i] != me) {
                        send[Math.toIntExact(offset[owner[i]]++)] = values[source - first].get(k);
                    }
                }
            }
        }
        Tensor sent = Tensor.create(send);
        Tensor arrived = collective.allToAll(sent, sendCounts, receiveCounts);
        FloatBuffer out = FloatBuffer.allocate(Math.toIntExact(arrived.numel()));
        if (arrived.numel() > 0) {
            FloatBuffer view = arrived.createBuffer();
            view.get(out.array());
        }
        if (arrived != sent) {
            arrived.close();
        }
        sent.close();
        return out;
    }
}

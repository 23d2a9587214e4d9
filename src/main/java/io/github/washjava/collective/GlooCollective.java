package io.github.washjava.collective;

import java.util.function.Function;
import org.bytedeco.pytorch.AllreduceOptions;
import org.bytedeco.pytorch.BroadcastOptions;
import org.bytedeco.pytorch.LongVector;
import org.bytedeco.pytorch.ProcessGroupGloo;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.Work;

/**
 * The collectives on libtorch's c10d {@code ProcessGroupGloo} — the engine behind PyTorch's own CPU
 * distributed training. Built by {@link Rendezvous}. Every call blocks until it completes; a failure
 * (a peer that died, a timeout) becomes a {@link PeerLostException} whose message names the lost
 * rank when {@code diagnosis} can tell.
 *
 * <p>Gloo moves host memory only. A tensor on a GPU is copied to the host for the call and the result
 * copied back (into the tensor itself for the in-place calls, onto the sender's device for the
 * all-to-all): the device-to-host copy is the synchronisation a collective needs anyway, and the
 * callers stay the same on every device. (NCCL would move device memory directly; it is not used.)
 */
public final class GlooCollective implements Collective {
    private final ProcessGroupGloo group;
    private final int rank;
    private final int worldSize;
    private final Function<RuntimeException, PeerLostException> diagnosis;
    private final java.util.function.Consumer<String> failureReport;
    private final java.util.function.Consumer<String> resumeHint;
    private final Runnable onClose;
    private final WireTraffic traffic = new WireTraffic();

    GlooCollective(ProcessGroupGloo group, int rank, int worldSize,
            Function<RuntimeException, PeerLostException> diagnosis, java.util.function.Consumer<String> failureReport,
            java.util.function.Consumer<String> resumeHint, Runnable onClose) {
        this.failureReport = failureReport;
        this.resumeHint = resumeHint;
        this.group = group;
        this.rank = rank;
        this.worldSize = worldSize;
        this.diagnosis = diagnosis;
        this.onClose = onClose;
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int worldSize() {
        return worldSize;
    }

    @Override
    public Tensor allToAll(Tensor send, long[] sendCounts, long[] receiveCounts) {
        if (!send.device().is_cpu()) {
            return allToAll(send.cpu(), sendCounts, receiveCounts).to(send.device(), send.scalar_type());
        }
        long total = 0;
        long remote = 0;
        for (int q = 0; q < worldSize; q++) {
            total += receiveCounts[q];
            remote += q == rank ? 0 : sendCounts[q];
        }
        Tensor received = send.new_empty(total);
        long t0 = System.nanoTime();
        // Gloo moves out of the split-size vectors: fresh ones for every call (a reused vector silently
        // turns the next call into equal splits).
        run(() -> group.alltoall_base(received, send, new LongVector(receiveCounts), new LongVector(sendCounts)));
        traffic.record(remote * send.element_size(), (System.nanoTime() - t0) / 1e9);
        return received;
    }

    @Override
    public void allReduceSum(Tensor values) {
        if (!values.device().is_cpu()) {
            Tensor host = values.cpu();
            allReduceSum(host);
            values.copy_(host);
            return;
        }
        long t0 = System.nanoTime();
        run(() -> group.allreduce(new TensorVector(values), new AllreduceOptions()));
        long ring = 2L * (worldSize - 1) * values.numel() * values.element_size() / worldSize;
        traffic.record(ring, (System.nanoTime() - t0) / 1e9);
    }

    @Override
    public void broadcast(Tensor values, int root) {
        if (!values.device().is_cpu()) {
            Tensor host = values.cpu();
            broadcast(host, root);
            values.copy_(host);
            return;
        }
        BroadcastOptions options = new BroadcastOptions();
        options.rootRank(root);
        long t0 = System.nanoTime();
        run(() -> group.broadcast(new TensorVector(values), options));
        long bytes = rank == root ? (long) (worldSize - 1) * values.numel() * values.element_size() : 0;
        traffic.record(bytes, (System.nanoTime() - t0) / 1e9);
    }

    @Override
    public void barrier() {
        long t0 = System.nanoTime();
        run(group::barrier);
        traffic.record(0, (System.nanoTime() - t0) / 1e9);
    }

    private void run(java.util.function.Supplier<Work> call) {
        try {
            call.get()._wait();
        } catch (RuntimeException e) {
            throw diagnosis.apply(e);
        }
    }

    /** The command that continues this run, named in the error when a rank is lost. */
    public void setResumeHint(String command) {
        resumeHint.accept(command);
    }

    /** Tells the other ranks why this one is about to stop, so that their errors can say it. */
    public void reportFailure(String message) {
        failureReport.accept(message);
    }

    @Override
    public WireTraffic traffic() {
        return traffic;
    }

    @Override
    public void close() {
        onClose.run();
    }
}

package io.github.washjava.collective;

import org.bytedeco.pytorch.Tensor;

/**
 * The world of one rank: every member lives in this process, so nothing crosses a wire and every
 * collective is the identity. This is the default; nothing listens on any port.
 */
public final class SingleProcess implements Collective {
    private final WireTraffic traffic = new WireTraffic();

    @Override
    public int rank() {
        return 0;
    }

    @Override
    public int worldSize() {
        return 1;
    }

    @Override
    public Tensor allToAll(Tensor send, long[] sendCounts, long[] receiveCounts) {
        if (sendCounts.length != 1 || receiveCounts.length != 1 || sendCounts[0] != receiveCounts[0]) {
            throw new IllegalArgumentException("one rank sends only to itself: expected equal single counts");
        }
        return send;
    }

    @Override
    public void allReduceSum(Tensor values) {
    }

    @Override
    public void broadcast(Tensor values, int root) {
    }

    @Override
    public void barrier() {
    }

    @Override
    public WireTraffic traffic() {
        return traffic;
    }

    @Override
    public void close() {
    }
}

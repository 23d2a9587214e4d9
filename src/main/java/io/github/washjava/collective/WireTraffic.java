package io.github.washjava.collective;

/**
 * What one rank's collectives cost so far: bytes it sent to other ranks and seconds spent inside
 * collective calls (waiting for peers included). Mutable and thread-confined: only the training
 * thread of a rank calls collectives.
 *
 * <p>All-to-all bytes are exact (the elements addressed to other ranks). All-reduce bytes follow the
 * ring algorithm Gloo uses for CPU tensors, 2·(W−1)/W of the buffer per rank; a broadcast counts
 * the buffer once per receiving rank on the root.
 */
public final class WireTraffic {
    private long bytesSent;
    private long calls;
    private double seconds;

    void record(long bytes, double elapsedSeconds) {
        bytesSent += bytes;
        seconds += elapsedSeconds;
        calls++;
    }

    /** Bytes sent to other ranks. */
    public long bytesSent() {
        return bytesSent;
    }

    /** Seconds spent inside collectives. */
    public double seconds() {
        return seconds;
    }

    /** Collective calls made. */
    public long calls() {
        return calls;
    }
}

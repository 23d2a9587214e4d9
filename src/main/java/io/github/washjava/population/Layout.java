package io.github.washjava.population;

/**
 * How a process spends its cores on its members: {@code threads} members step at once, each with
 * {@code intraOpThreads} libtorch threads inside its ops.
 */
public record Layout(int threads, int intraOpThreads) {
    public Layout {
        if (threads < 1 || intraOpThreads < 1) {
            throw new IllegalArgumentException("layout: expected at least 1 thread of each kind, found " + threads + " × "
                    + intraOpThreads);
        }
    }

    /** A new executor for this layout. */
    public MemberExecutor executor() {
        return new MemberExecutor(threads, intraOpThreads);
    }

    @Override
    public String toString() {
        return threads + " member thread" + (threads == 1 ? "" : "s") + " × " + intraOpThreads + " intra-op thread"
                + (intraOpThreads == 1 ? "" : "s");
    }

    /** The short form used in tables: "2 × 1". */
    public String shortForm() {
        return threads + " × " + intraOpThreads;
    }
}

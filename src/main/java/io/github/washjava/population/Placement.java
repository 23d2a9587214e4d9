package io.github.washjava.population;

/**
 * Which rank holds which member: N members over W ranks in contiguous blocks, the first N mod W ranks
 * holding one extra member (as {@code torch.chunk} splits). With N = 5 over W = 2, rank 0 holds
 * members 0, 1, 2 and rank 1 holds 3, 4; over W = 3: {0, 1}, {2, 3}, {4}. Member ids are global:
 * member i is the same model, data order and regularisation whatever W is.
 */
public record Placement(int members, int ranks) {
    public Placement {
        if (ranks < 1) {
            throw new IllegalArgumentException("world size: expected at least 1 rank, found " + ranks);
        }
        if (members < ranks) {
            throw new IllegalArgumentException("population: expected at least one member per rank (" + ranks
                    + " ranks), found " + members + " members");
        }
    }

    /** Everything in one process. */
    public static Placement single(int members) {
        return new Placement(members, 1);
    }

    /** The first member held by {@code rank}. */
    public int first(int rank) {
        int base = members / ranks;
        int extra = members % ranks;
        return rank * base + Math.min(rank, extra);
    }

    /** How many members {@code rank} holds. */
    public int count(int rank) {
        return members / ranks + (rank < members % ranks ? 1 : 0);
    }

    /** The rank that holds member {@code member}. */
    public int owner(int member) {
        int base = members / ranks;
        int extra = members % ranks;
        int bigBlocks = extra * (base + 1);
        return member < bigBlocks ? member / (base + 1) : extra + (member - bigBlocks) / base;
    }

    /** Members per rank, as element counts for collectives (times {@code per}). */
    public long[] counts(long per) {
        long[] out = new long[ranks];
        for (int r = 0; r < ranks; r++) {
            out[r] = count(r) * per;
        }
        return out;
    }
}

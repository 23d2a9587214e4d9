package io.github.washjava.exchange;

/** The merge schedule of PAPA-all and PAPA-2 (docs/method.md §4): after epochs e with e mod K = 0, except the last. */
final class EpochSchedule {
    private EpochSchedule() {
    }

    static boolean mergesAfter(int epoch, int epochs, int every) {
        return epoch % every == 0 && epoch < epochs - 1;
    }

    /** Number of merges in a run of {@code epochs} epochs. */
    static int merges(int epochs, int every) {
        int count = 0;
        for (int e = 0; e < epochs; e++) {
            count += mergesAfter(e, epochs, every) ? 1 : 0;
        }
        return count;
    }
}

package io.github.washjava.data;

import io.github.washjava.util.RandomStreams;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One member's regularisation (docs/method.md §5): mixup α, label smoothing ε, CutMix α and random-erasing
 * probability. Zero switches each one off.
 */
public record Regularization(double mixupAlpha, double labelSmoothing, double cutmixAlpha, double erasingProbability) {
    /** No regularisation: members differ only by data order (and init). */
    public static final Regularization NONE = new Regularization(0, 0, 0, 0);

    private static final double[] MIXUP = {0, 0.5, 1};
    private static final double[] SMOOTHING = {0, 0.05, 0.1};
    private static final double[] CUTMIX = {0, 0.5, 1};
    private static final double[] ERASING = {0, 0.15, 0.35};

    /** Every cell of the 3×3×3×3 grid, in a fixed order. */
    public static List<Regularization> grid() {
        List<Regularization> cells = new ArrayList<>(81);
        for (double m : MIXUP) {
            for (double s : SMOOTHING) {
                for (double c : CUTMIX) {
                    for (double e : ERASING) {
                        cells.add(new Regularization(m, s, c, e));
                    }
                }
            }
        }
        return cells;
    }

    /**
     * The heterogeneous population: the 81 grid cells shuffled by the seed, member i takes cell i
     * (cells repeat, in the same order, when the population is larger than 81).
     */
    public static List<Regularization> heterogeneous(int members, long seed) {
        List<Regularization> cells = grid();
        int[] order = RandomStreams.permutation(cells.size(), seed, "regularization-grid");
        List<Regularization> out = new ArrayList<>(members);
        for (int i = 0; i < members; i++) {
            out.add(cells.get(order[i % cells.size()]));
        }
        return out;
    }

    /** Every member with the same setting. */
    public static List<Regularization> homogeneous(int members) {
        return Collections.nCopies(members, NONE);
    }
}

package io.github.washjava.exchange;

import io.github.washjava.merge.BatchNormRecalibration;
import io.github.washjava.merge.RecalibrationData;
import io.github.washjava.merge.Soups;
import io.github.washjava.train.Population;
import java.util.List;
import java.util.stream.IntStream;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * "Replace every member by θ̄, then recompute BatchNorm statistics" — the merge PAPA-all and DART
 * share (SPEC §4). After it all members are identical, so the statistics are recomputed once (on
 * member 0) and copied to the others.
 */
final class ConsensusReplacement {
    private ConsensusReplacement() {
    }

    /** Replaces every member by the average; returns the values a ring all-reduce moves for it. */
    static long apply(Population population, RecalibrationData recalibration) {
        List<Integer> all = IntStream.range(0, population.size()).boxed().toList();
        try (NoGradGuard noGrad = new NoGradGuard()) {
            for (int l = 0; l < population.layout().parameters().size(); l++) {
                Tensor[] w = population.parameters(l);
                Soups.meanInto(w, all, w[0]);
                for (int i = 1; i < w.length; i++) {
                    w[i].copy_(w[0]);
                }
            }
            for (int b = 0; b < population.layout().buffers().size(); b++) {
                Tensor[] s = population.buffers(b);
                Soups.meanInto(s, all, s[0]);
            }
        }
        BatchNormRecalibration.recalibrate(population.members().get(0).model(), recalibration);
        try (NoGradGuard noGrad = new NoGradGuard()) {
            for (int b = 0; b < population.layout().buffers().size(); b++) {
                Tensor[] s = population.buffers(b);
                for (int i = 1; i < s.length; i++) {
                    s[i].copy_(s[0]);
                }
            }
        }
        return Communication.ringAllReduce(Communication.averagedValues(population.layout()), population.size());
    }
}

package io.github.washjava.exchange;

import io.github.washjava.model.BatchNormRecalibration;
import io.github.washjava.model.RecalibrationData;
import io.github.washjava.population.Population;
import io.github.washjava.population.PopulationAverage;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * "Replace every member by θ̄, then recompute BatchNorm statistics" — the merge PAPA-all and DART
 * share (docs/method.md §4). Afterwards all members are identical, so the statistics are recomputed
 * once, on rank 0's first member, and broadcast to every member of every rank.
 */
final class ConsensusReplacement {
    private ConsensusReplacement() {
    }

    /** Replaces every member by the average; returns the values a ring all-reduce moves for it. */
    static long apply(Population population, RecalibrationData recalibration) {
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            List<Tensor[]> columns = PopulationAverage.columns(population, true);
            List<Tensor> means = PopulationAverage.means(population, columns);
            for (int c = 0; c < columns.size(); c++) {
                for (Tensor member : columns.get(c)) {
                    member.copy_(means.get(c));
                }
            }
        }
        if (population.collective().rank() == 0) {
            BatchNormRecalibration.recalibrate(population.members().get(0).model(), recalibration);
        }
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            List<Tensor[]> statistics = PopulationAverage.columns(population, true).subList(
                    population.layout().parameters().size(), population.layout().parameters().size()
                            + population.layout().buffers().size());
            if (!statistics.isEmpty()) {
                Tensor flat = PopulationAverage.flatFirst(statistics);
                population.collective().broadcast(flat, 0);
                List<Tensor> recalibrated = PopulationAverage.split(flat, statistics);
                for (int b = 0; b < statistics.size(); b++) {
                    for (Tensor member : statistics.get(b)) {
                        member.copy_(recalibrated.get(b));
                    }
                }
            }
        }
        return Communication.ringAllReduce(Communication.averagedValues(population.layout()), population.size());
    }
}

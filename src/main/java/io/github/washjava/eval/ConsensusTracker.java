package io.github.washjava.eval;

import io.github.washjava.report.MetricsLog;
import io.github.washjava.train.Population;
import io.github.washjava.train.TrainingListener;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records the distance to consensus every K steps and at every epoch end (SPEC §7) as
 * {@code type=consensus} records: step, epoch, distance, and distance per depth quarter.
 */
public final class ConsensusTracker implements TrainingListener {
    private final Population population;
    private final MetricsLog metrics;
    private final int every;
    private long lastRecorded = -1;

    /** @param every steps between records; 0 records only at epoch ends */
    public ConsensusTracker(Population population, MetricsLog metrics, int every) {
        this.population = population;
        this.metrics = metrics;
        this.every = every;
    }

    @Override
    public void onStep(StepRecord r) {
        if (r.step() == 0 || every > 0 && (r.step() + 1) % every == 0) {
            record(r.step(), r.epoch());
        }
    }

    @Override
    public void onEpoch(EpochRecord r) {
        if (r.step() - 1 != lastRecorded) {
            record(r.step() - 1, r.epoch());
        }
    }

    private void record(long step, int epoch) {
        ConsensusDistance.Breakdown b = ConsensusDistance.breakdown(population);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "consensus");
        m.put("step", step);
        m.put("epoch", epoch);
        m.put("distance", b.distance());
        m.put("quarters", b.quarterDistances());
        metrics.write(m);
        lastRecorded = step;
    }
}

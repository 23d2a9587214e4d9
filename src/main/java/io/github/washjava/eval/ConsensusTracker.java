package io.github.washjava.eval;

import io.github.washjava.population.Population;
import io.github.washjava.train.RecordSink;
import io.github.washjava.train.TrainingListener;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records the distance to consensus after step 0, every K steps and at every epoch end
 * (docs/method.md §7) as {@code type=consensus} records: step, epoch, distance, and distance per depth
 * quarter. Every rank runs it (the distance takes a collective); only rank 0's sink writes.
 */
public final class ConsensusTracker implements TrainingListener {
    private final Population population;
    private final RecordSink sink;
    private final int every;
    private long lastRecorded = -1;

    /** @param every steps between records; 0 records only after step 0 and at epoch ends */
    public ConsensusTracker(Population population, RecordSink sink, int every) {
        this.population = population;
        this.sink = sink;
        this.every = every;
    }

    @Override
    public boolean needsStateAfter(long step) {
        return step == 0 || every > 0 && (step + 1) % every == 0;
    }

    @Override
    public void onStep(StepRecord r) {
        if (needsStateAfter(r.step())) {
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
        sink.write(m);
        lastRecorded = step;
    }
}

package io.github.washjava.eval;

import io.github.washjava.merge.Soups;
import io.github.washjava.model.RecalibrationData;
import io.github.washjava.population.MemberExecutor;
import io.github.washjava.population.Population;
import io.github.washjava.train.RecordSink;
import io.github.washjava.train.TrainingListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Optionally evaluates, every E epochs, the test accuracy of every member, of the ensemble and of the
 * uniform soup (docs/method.md §7), as {@code type=eval} records. Across ranks the members are
 * gathered on rank 0, which evaluates them.
 */
public final class EvaluationTracker implements TrainingListener {
    private final Population population;
    private final Evaluator test;
    private final RecalibrationData recalibration;
    private final MemberExecutor executor;
    private final RecordSink sink;
    private final int every;
    private final int epochs;

    public EvaluationTracker(Population population, Evaluator test, RecalibrationData recalibration,
            MemberExecutor executor, RecordSink sink, int every, int epochs) {
        this.population = population;
        this.test = test;
        this.recalibration = recalibration;
        this.executor = executor;
        this.sink = sink;
        this.every = every;
        this.epochs = epochs;
    }

    @Override
    public void onEpoch(EpochRecord r) {
        // The last epoch is evaluated in full by the run itself.
        if (every <= 0 || (r.epoch() + 1) % every != 0 || r.epoch() == epochs - 1) {
            return;
        }
        Population all = population.gatherOnRoot();
        if (all == null) {
            return; // rank 0 evaluates
        }
        List<float[]> logits = executor.map(all.size(), i -> test.logits(all.members().get(i).model()));
        List<Double> members = new ArrayList<>();
        for (float[] l : logits) {
            members.add(test.accuracy(l));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "eval");
        m.put("epoch", r.epoch());
        m.put("step", r.step());
        m.put("members", members);
        m.put("ensemble", test.accuracy(Evaluator.meanLogits(logits)));
        m.put("uniform_soup", test.accuracy(Soups.uniform(all, recalibration)));
        sink.write(m);
    }
}

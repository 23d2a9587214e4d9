package io.github.washjava.eval;

import io.github.washjava.merge.RecalibrationData;
import io.github.washjava.merge.Soups;
import io.github.washjava.report.MetricsLog;
import io.github.washjava.train.MemberExecutor;
import io.github.washjava.train.Population;
import io.github.washjava.train.TrainingListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Optionally evaluates, every E epochs, the test accuracy of every member, of the ensemble and of the
 * uniform soup (SPEC §7), as {@code type=eval} records.
 */
public final class EvaluationTracker implements TrainingListener {
    private final Population population;
    private final Evaluator test;
    private final RecalibrationData recalibration;
    private final MemberExecutor executor;
    private final MetricsLog metrics;
    private final int every;
    private final int epochs;

    public EvaluationTracker(Population population, Evaluator test, RecalibrationData recalibration,
            MemberExecutor executor, MetricsLog metrics, int every, int epochs) {
        this.population = population;
        this.test = test;
        this.recalibration = recalibration;
        this.executor = executor;
        this.metrics = metrics;
        this.every = every;
        this.epochs = epochs;
    }

    @Override
    public void onEpoch(EpochRecord r) {
        // The last epoch is evaluated in full by the run itself.
        if (every <= 0 || (r.epoch() + 1) % every != 0 || r.epoch() == epochs - 1) {
            return;
        }
        int[] labels = test.data().labels();
        int classes = test.data().classes();
        List<float[]> logits = executor.map(population.size(), i -> test.logits(population.members().get(i).model()));
        List<Double> members = new ArrayList<>();
        for (float[] l : logits) {
            members.add(Evaluator.accuracy(l, labels, classes));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "eval");
        m.put("epoch", r.epoch());
        m.put("step", r.step());
        m.put("members", members);
        m.put("ensemble", Evaluator.accuracy(Evaluator.meanLogits(logits), labels, classes));
        m.put("uniform_soup", test.accuracy(Soups.uniform(population, recalibration)));
        metrics.write(m);
    }
}

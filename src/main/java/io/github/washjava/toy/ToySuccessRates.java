package io.github.washjava.toy;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where the two points of the 2D illustration end, counted over a range of seeds for one method: in
 * two different local minima, together in one minimum, or both in the global minimum.
 *
 * @param seeds how many seeds were run
 * @param endings how often each ending (e.g. {@code "G+G"}) occurred
 */
public record ToySuccessRates(ToyMethod method, int seeds, int twoLocalMinima, int sameMinimum, int bothGlobal,
        Map<String, Integer> endings) {

    /** Runs {@code method} from {@code options} with seeds {@code options.seed()} .. +{@code count}−1. */
    public static ToySuccessRates measure(ToyLoss loss, ToyExperiment.Options options, ToyMethod method, int count) {
        int local = 0;
        int same = 0;
        int global = 0;
        Map<String, Integer> endings = new TreeMap<>();
        for (long s = options.seed(); s < options.seed() + count; s++) {
            ToyExperiment e = new ToyExperiment(loss, options.withSeed(s));
            ToyExperiment.Outcome r = e.outcome(e.run(method));
            local += r.twoLocalMinima() ? 1 : 0;
            same += r.sameMinimum() ? 1 : 0;
            global += r.bothGlobal() ? 1 : 0;
            endings.merge(r.label(), 1, Integer::sum);
        }
        return new ToySuccessRates(method, count, local, same, global, endings);
    }
}

package io.github.washjava.merge;

import static org.bytedeco.pytorch.global.torch.stack;

import io.github.washjava.model.BatchNormRecalibration;
import io.github.washjava.model.RecalibrationData;
import io.github.washjava.model.WashModel;
import io.github.washjava.population.Population;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/**
 * Weight averaging ("model soups"): θ̄ = (1/|S|)·Σ_{i∈S} θ_i over a set S of members, written into a
 * fresh model, then BatchNorm statistics recomputed (docs/method.md §6). The uniform soup takes every
 * member. Soups work on a population held whole in one process (see {@link Population#gatherOnRoot()}).
 */
public final class Soups {
    private Soups() {
    }

    /** The uniform soup: the average of all members, BN recalibrated. */
    public static WashModel uniform(Population population, RecalibrationData recalibration) {
        return average(population, java.util.stream.IntStream.range(0, population.size()).boxed().toList(), recalibration);
    }

    /** The average of the given members (parameters and BN statistics), BN recalibrated. */
    public static WashModel average(Population population, List<Integer> ingredients, RecalibrationData recalibration) {
        if (!population.holdsAll()) {
            throw new IllegalArgumentException("a soup needs every member in this process; gather them first");
        }
        if (ingredients.isEmpty()) {
            throw new IllegalArgumentException("a soup needs at least one ingredient");
        }
        WashModel soup = population.newModel();
        List<Tensor> params = population.layout().parameterTensors(soup);
        List<Tensor> buffers = population.layout().bufferTensors(soup);
        try (NoGradGuard noGrad = new NoGradGuard()) {
            for (int l = 0; l < params.size(); l++) {
                meanInto(population.parameters(l), ingredients, params.get(l));
            }
            for (int b = 0; b < buffers.size(); b++) {
                meanInto(population.buffers(b), ingredients, buffers.get(b));
            }
        }
        BatchNormRecalibration.recalibrate(soup, recalibration);
        return soup;
    }

    /** target ← mean over the chosen members of {@code perMember}. */
    public static void meanInto(Tensor[] perMember, List<Integer> chosen, Tensor target) {
        try (PointerScope scope = new PointerScope()) {
            TensorVector picked = new TensorVector();
            for (int i : chosen) {
                picked.push_back(perMember[i]);
            }
            target.copy_(stack(picked).mean(new long[] {0}, false, new ScalarTypeOptional()));
        }
    }
}

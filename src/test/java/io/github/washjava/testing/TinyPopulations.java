package io.github.washjava.testing;

import io.github.washjava.exchange.ExchangeContext;
import io.github.washjava.model.Mlp;
import io.github.washjava.population.InitMode;
import io.github.washjava.population.Population;
import io.github.washjava.train.Sgd;
import java.nio.FloatBuffer;
import org.bytedeco.pytorch.Tensor;

/** Small populations and snapshots for exchange tests. */
public final class TinyPopulations {
    private TinyPopulations() {
    }

    /** N MLPs with {@code inputs} inputs, each from its own init so all values differ across members. */
    public static Population mlps(int members, int inputs, long seed) {
        return Population.create(() -> new Mlp(inputs, 3), members, InitMode.DIFFERENT, seed);
    }

    /** A context for step {@code step} of a run with one long epoch. */
    public static ExchangeContext context(Population population, long step) {
        return new ExchangeContext(population, step, 0, 1, 1_000_000, 0.1, 0.1, false);
    }

    /** values[i][k] = member i's tensor, flattened. */
    public static float[][] snapshot(Tensor[] perMember) {
        float[][] out = new float[perMember.length][];
        for (int i = 0; i < perMember.length; i++) {
            Tensor t = perMember[i].contiguous();
            FloatBuffer fb = t.createBuffer();
            out[i] = new float[(int) t.numel()];
            fb.get(out[i]);
        }
        return out;
    }
}

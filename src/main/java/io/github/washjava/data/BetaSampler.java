package io.github.washjava.data;

import java.util.SplittableRandom;

/** Draws from Beta(α, α) as G1 / (G1 + G2) with Gamma(α) draws (Marsaglia and Tsang, 2000). */
final class BetaSampler {
    private BetaSampler() {
    }

    static double symmetricBeta(SplittableRandom rng, double alpha) {
        double a = gamma(rng, alpha);
        double b = gamma(rng, alpha);
        return a + b == 0 ? 0.5 : a / (a + b);
    }

    static double gamma(SplittableRandom rng, double shape) {
        if (shape < 1) {
            // Boost: Gamma(a) = Gamma(a + 1) * U^(1/a).
            double u = 1.0 - rng.nextDouble();
            return gamma(rng, shape + 1) * Math.pow(u, 1.0 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1.0 / Math.sqrt(9 * d);
        while (true) {
            double x = SyntheticDataset.gaussian(rng);
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = 1.0 - rng.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }
}

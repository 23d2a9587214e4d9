package io.github.washjava.toy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ToyLossTest {
    final ToyLoss loss = ToyLoss.standard();

    @Test
    void hasTwoLocalMinimaAndOneLowerGlobalMinimumNearTheWellCentres() {
        List<ToyLoss.Minimum> minima = loss.minima();
        assertThat(minima).extracting(ToyLoss.Minimum::name).containsExactly("L1", "L2", "G");
        assertThat(minima).filteredOn(ToyLoss.Minimum::global).extracting(ToyLoss.Minimum::name).containsExactly("G");
        double[][] centres = {{-1, 1}, {1, -1}, {-1, -1}};
        double[] g = new double[2];
        for (int i = 0; i < 3; i++) {
            ToyLoss.Minimum m = minima.get(i);
            assertThat(Math.hypot(m.x() - centres[i][0], m.y() - centres[i][1])).as(m.name()).isLessThan(0.2);
            loss.gradient(m.x(), m.y(), g);
            assertThat(Math.hypot(g[0], g[1])).as(m.name()).isLessThan(1e-9);
            // A strict minimum: the Hessian (central differences) is positive definite.
            double h = 1e-4;
            double fxx = (loss.value(m.x() + h, m.y()) - 2 * m.value() + loss.value(m.x() - h, m.y())) / (h * h);
            double fyy = (loss.value(m.x(), m.y() + h) - 2 * m.value() + loss.value(m.x(), m.y() - h)) / (h * h);
            double fxy = (loss.value(m.x() + h, m.y() + h) - loss.value(m.x() + h, m.y() - h)
                    - loss.value(m.x() - h, m.y() + h) + loss.value(m.x() - h, m.y() - h)) / (4 * h * h);
            assertThat(fxx).as(m.name()).isPositive();
            assertThat(fxx * fyy - fxy * fxy).as(m.name()).isPositive();
        }
        double global = loss.global().value();
        assertThat(minima.get(0).value() - global).isGreaterThan(0.2);
        assertThat(minima.get(1).value() - global).isGreaterThan(0.2);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(1);
        double[] g = new double[2];
        double h = 1e-6;
        for (int i = 0; i < 200; i++) {
            double x = rng.nextDouble(-3, 3);
            double y = rng.nextDouble(-3, 3);
            loss.gradient(x, y, g);
            assertThat(g[0]).isCloseTo((loss.value(x + h, y) - loss.value(x - h, y)) / (2 * h), within(1e-6));
            assertThat(g[1]).isCloseTo((loss.value(x, y + h) - loss.value(x, y - h)) / (2 * h), within(1e-6));
        }
    }

    @Test
    void isSymmetricUnderSwappingXAndY() {
        SplittableRandom rng = new SplittableRandom(2);
        for (int i = 0; i < 100; i++) {
            double x = rng.nextDouble(-3, 3);
            double y = rng.nextDouble(-3, 3);
            assertThat(loss.value(x, y)).isCloseTo(loss.value(y, x), within(1e-12));
        }
    }

    @Test
    void swappingACoordinateBetweenTheLocalMinimaLeadsBothPointsToTheGlobalMinimum() {
        // The construction behind the figure: G takes L1's x and L2's y. Swapping x between points at L1 and L2
        // puts one point at (L1.x, L2.y), in G's basin, and the other at (L2.x, L1.y), which gradient descent
        // takes down the diagonal into G (G's well is the wide one).
        ToyLoss.Minimum l1 = loss.minima().get(0);
        ToyLoss.Minimum l2 = loss.minima().get(1);
        assertThat(descend(l1.x(), l2.y()).name()).isEqualTo("G");
        assertThat(descend(l2.x(), l1.y()).name()).isEqualTo("G");
        // Separately, each local minimum keeps a point that starts a little off it.
        assertThat(descend(l1.x() + 0.2, l1.y() + 0.2).name()).isEqualTo("L1");
        assertThat(descend(l2.x() + 0.2, l2.y() + 0.2).name()).isEqualTo("L2");
    }

    @Test
    void formulaNamesEveryWellAndTheBowl() {
        assertThat(loss.formula()).isEqualTo("f(x, y) = − 1·exp(−‖θ − (-1, 1)‖² / (2·0.4²))"
                + " − 1·exp(−‖θ − (1, -1)‖² / (2·0.4²)) − 1.5·exp(−‖θ − (-1, -1)‖² / (2·1²)) + 0.1·‖θ‖²");
    }

    private ToyLoss.Minimum descend(double x, double y) {
        double[] g = new double[2];
        for (int i = 0; i < 5000; i++) {
            loss.gradient(x, y, g);
            x -= 0.05 * g[0];
            y -= 0.05 * g[1];
        }
        return loss.minimumNear(x, y).orElseThrow();
    }
}

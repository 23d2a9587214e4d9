package io.github.washjava.toy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.washjava.toy.ToyExperiment.Options;
import io.github.washjava.toy.ToyExperiment.Trajectory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

class ToyFigureTest {
    @Test
    void contourOfACircularBowlIsOneClosedCircle() {
        Contours.Grid grid = Contours.Grid.sample((x, y) -> x * x + y * y, -2, 2, -2, 2, 81);
        List<double[][]> lines = Contours.lines(grid, 1.0);
        assertThat(lines).hasSize(1);
        double[][] circle = lines.get(0);
        int n = circle[0].length;
        assertThat(n).isGreaterThan(40);
        assertThat(circle[0][0]).isEqualTo(circle[0][n - 1]);
        assertThat(circle[1][0]).isEqualTo(circle[1][n - 1]);
        for (int k = 0; k < n; k++) {
            assertThat(Math.hypot(circle[0][k], circle[1][k])).isCloseTo(1.0, within(0.01));
        }
    }

    @Test
    void chartHasTheMarkersAndOneLegendEntryPerMethod() {
        ToyLoss loss = ToyLoss.standard();
        Options o = new Options(Options.DEFAULT_STARTS, 0.1, 50, 0.2, 0.5, 0.5, 1, 0);
        List<Trajectory> t = new ToyExperiment(loss, o).runAll(List.of(ToyMethod.SEPARATE, ToyMethod.PAPA, ToyMethod.WASH));
        XYChart chart = ToyFigure.chart(loss, t, o.starts(), "test");
        var series = chart.getSeriesMap();
        assertThat(series.get("start").getMarker()).isSameAs(SeriesMarkers.PLUS);
        assertThat(series.get("local minimum").getMarker()).isSameAs(SeriesMarkers.TRIANGLE_UP);
        assertThat(series.get("local minimum").getXData()).hasSize(2);
        assertThat(series.get("global minimum").getMarker()).isSameAs(SeriesMarkers.TRIANGLE_DOWN);
        assertThat(series.get("WASH").getLineColor()).isEqualTo(ToyMethod.WASH.colour());
        assertThat(series.get("PAPA (point 1)").isShowInLegend()).isFalse();
        assertThat(series.values().stream().filter(XYSeries::isShowInLegend).map(XYSeries::getName).toList())
                .containsExactly("separate", "PAPA", "WASH", "start", "local minimum", "global minimum");
        assertThat(series.keySet()).anyMatch(k -> k.startsWith("contour"));
    }

    @Test
    void csvHasOneRowPerMethodPointAndStep() {
        Options o = new Options(Options.DEFAULT_STARTS, 0.1, 3, 0.0, 0.0, 0.5, 1, 0);
        List<Trajectory> t = new ToyExperiment(ToyLoss.standard(), o).runAll(List.of(ToyMethod.SEPARATE, ToyMethod.WASH));
        String[] rows = ToyFigure.csv(t).split("\n");
        assertThat(rows).hasSize(1 + 2 * 2 * 4);
        assertThat(rows[0]).isEqualTo("method,point,step,x,y");
        assertThat(rows[1]).isEqualTo("separate,0,0,-2.0,1.6");
        assertThat(rows[5]).isEqualTo("separate,1,0,1.0,-0.3");
        assertThat(rows[9]).startsWith("wash,0,0,");
    }

    @Test
    void compactLinesJoinsConnectedSegmentsOfOneStyleOnly() {
        String svg = "<g>\n<line style=\"a\" x1=\"0.0\" x2=\"1.004\" y1=\"0\" y2=\"2\"/>\n"
                + "<line style=\"a\" x1=\"1.004\" x2=\"3.5\" y1=\"2\" y2=\"4\"/>\n"
                + "<line style=\"b\" x1=\"3.5\" x2=\"5\" y1=\"4\" y2=\"5\"/>\n</g>";
        assertThat(ToyFigure.compactLines(svg)).isEqualTo("<g>\n<polyline style=\"a\" points=\"0,0 1,2 3.5,4\"/>\n"
                + "<polyline style=\"b\" points=\"3.5,4 5,5\"/>\n</g>");
        assertThat(ToyFigure.px("466.5386530423723")).isEqualTo("466.54");
        assertThat(ToyFigure.px("-0.5")).isEqualTo("-0.5");
        assertThat(ToyFigure.px("0.05")).isEqualTo("0.05");
        assertThat(ToyFigure.px("-0.001")).isEqualTo("0");
        assertThat(ToyFigure.px("12.0")).isEqualTo("12");
    }
}

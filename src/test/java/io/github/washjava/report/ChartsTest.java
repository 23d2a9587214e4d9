package io.github.washjava.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChartsTest {
    @ParameterizedTest(name = "{0} steps")
    @ValueSource(ints = {270, 2754, 91800})
    void theStepAxisOfTheLossChartHasRoundTicksThatDoNotRunTogether(int steps) throws Exception {
        // Issue 9, defect 6: the loss chart's ticks read "1,1341,2961,458..." (every 153rd step of 2754).
        MetricsFile m = new MetricsFile();
        for (int s = 0; s < steps; s++) {
            for (int member = 0; member < 2; member++) {
                m.steps.add(new MetricsFile.StepLoss(s, 0, member, 2.3 * Math.exp(-3.0 * s / steps) + 0.01 * member, 0.1));
            }
        }
        XYChart chart = Charts.lossChart(m);
        List<Double> ticks = new ArrayList<>();
        chart.getStyler().setxAxisTickLabelsFormattingFunction(v -> {
            if (!ticks.isEmpty() && v <= ticks.get(ticks.size() - 1)) {
                ticks.clear(); // XChart tries several spacings: keep the last pass, the ticks drawn
            }
            ticks.add(v);
            return String.format("%,.0f", v);
        });
        BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        List<Double> distinct = ticks.stream().filter(t -> t >= 0 && t <= steps).distinct().sorted().toList();
        assertThat(distinct).hasSizeBetween(4, 16);
        // Readable: the labels, at about 8 pixels a character plus a gap, fit in the plot's 700 pixels.
        int width = distinct.stream().mapToInt(t -> String.format("%,.0f", t).length() * 8 + 12).sum();
        assertThat(width).isLessThan(700);
        double gap = distinct.get(1) - distinct.get(0);
        double magnitude = Math.pow(10, Math.floor(Math.log10(gap)));
        assertThat(gap / magnitude).as("tick gap %s", gap).isIn(1.0, 2.0, 2.5, 5.0);
        for (double t : distinct) {
            assertThat(t % gap).as("tick %s is a multiple of %s", t, gap).isZero();
        }
    }
}

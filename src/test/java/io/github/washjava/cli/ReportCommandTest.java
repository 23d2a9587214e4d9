package io.github.washjava.cli;

import static io.github.washjava.cli.TrainCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.washjava.report.ScreenshotCheck;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    @TempDir
    static Path dir;
    static Path runDir;

    @BeforeAll
    static void trainATinyRun() {
        runDir = dir.resolve("run");
        TrainCommandTest.Outcome o = run("train", "--dataset", "synthetic", "--population", "2", "--epochs", "1",
                "--train-limit", "300", "--test-limit", "60", "--bn-batches", "1", "--save-members", "false",
                "--consensus-every", "1", "--out", runDir.toString());
        assertThat(o.code()).as(o.err()).isZero();
    }

    @Test
    void reportIsSelfContainedWithChartsTableAndConfig() throws IOException {
        // Issue 4: one self-contained report.html (charts embedded, the result table, the resolved config).
        TrainCommandTest.Outcome o = run("report", runDir.toString());
        assertThat(o.code()).as(o.err()).isZero();
        String html = Files.readString(runDir.resolve("report.html"));
        assertThat(html).contains("<table>").contains("uniform soup").contains("data:image/png;base64,")
                .contains("consensus.png").contains("p: 0.001");
        assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain("<script");
    }

    @Test
    void reportRejectsADirectoryThatIsNoRun() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        TrainCommandTest.Outcome o = run("report", empty.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).isEqualTo("error: " + empty + ": expected a run, comparison or sweep directory (summary.json, "
                + "comparison.json or sweep.json), found none\n");
    }

    @Test
    void headlessChromiumShowsAChart() throws Exception {
        // Issue 4: open the report in headless Chromium, take a screenshot, fail if no chart is visible.
        Assumptions.assumeTrue(new File("/usr/bin/chromium").canExecute(), "chromium is not installed");
        assertThat(run("report", runDir.toString()).code()).isZero();
        Path shot = dir.resolve("shot.png");
        Process p = new ProcessBuilder("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium"), "--hide-scrollbars",
                "--window-size=1280,2400", "--screenshot=" + shot, "file://" + runDir.resolve("report.html").toAbsolutePath())
                .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        BufferedImage img = ImageIO.read(shot.toFile());
        assertThat(img).isNotNull();
        assertThat(ScreenshotCheck.chartPixels(img)).isGreaterThanOrEqualTo(ScreenshotCheck.MIN_CHART_PIXELS);
        // And the check can fail: a page with only text shows no chart.
        BufferedImage blank = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
        assertThat(ScreenshotCheck.chartPixels(blank)).isLessThan(ScreenshotCheck.MIN_CHART_PIXELS);
    }
}

package io.github.washjava.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToyCommandTest {
    @TempDir
    Path dir;

    static TrainCommandTest.Outcome run(String... args) {
        return TrainCommandTest.run(args);
    }

    @Test
    void writesTheFigureAsPngAndSvgAndTheTrajectoriesAsCsv() throws IOException {
        Path out = dir.resolve("toy");
        TrainCommandTest.Outcome o = run("toy", "--out", out.toString(), "--steps", "120", "--start", "-2,1.6", "--start=1.0,-0.3",
                "--p", "0.05", "--seed", "3");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("Loss: f(x, y) =").contains("| separate | L1 (local) at")
                .contains("| PAPA |").contains("| WASH |").contains("Wrote " + out.resolve("toy.png"));

        byte[] png = Files.readAllBytes(out.resolve("toy.png"));
        assertThat(Arrays.copyOf(png, 8)).isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        String svg = Files.readString(out.resolve("toy.svg"), StandardCharsets.UTF_8);
        assertThat(svg).startsWith("<?xml").contains("<svg").contains("<polyline").doesNotContain("<line ")
                .endsWith("</svg>\n");
        assertWellFormedXml(out.resolve("toy.svg"));

        List<String> csv = Files.readAllLines(out.resolve("trajectories.csv"));
        assertThat(csv.get(0)).isEqualTo("method,point,step,x,y");
        assertThat(csv).hasSize(1 + 3 * 2 * 121);
        assertThat(csv.get(1)).isEqualTo("separate,0,0,-2.0,1.6");
        assertThat(csv.stream().skip(1).map(l -> l.split(",")[0]).distinct()).containsExactly("separate", "papa", "wash");
        assertThat(csv.get(csv.size() - 1)).startsWith("wash,1,120,");
    }

    private static void assertWellFormedXml(Path file) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.newDocumentBuilder().parse(file.toFile());
        } catch (Exception e) {
            throw new AssertionError(file + " is not well-formed XML: " + e.getMessage(), e);
        }
    }

    @Test
    void badOptionValuesExitTwoWithOneLineEachAndWriteNothing() {
        Path out = dir.resolve("never");
        TrainCommandTest.Outcome o = run("toy", "--steps", "0", "--p", "2", "--lr", "-0.1", "--out", out.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).isEqualTo("error: lr: expected a positive number, found -0.1\n"
                + "steps: expected an integer >= 1, found 0\n" + "p: expected a value in [0, 1], found 2.0\n");
        assertThat(out).doesNotExist();
    }

    @Test
    void malformedStartAndUnknownMethodAreReported() {
        TrainCommandTest.Outcome o = run("toy", "--start", "1,2,3", "--start", "0,0", "--methods", "wash,swap", "--out",
                dir.resolve("never").toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).isEqualTo("error: methods: expected a comma-separated list of separate, papa, wash, sparta, "
                + "found \"swap\"\n" + "start: expected two numbers X,Y, found \"1,2,3\"\n");
        TrainCommandTest.Outcome one = run("toy", "--start", "0,0", "--out", dir.resolve("never").toString());
        assertThat(one.code()).isEqualTo(2);
        assertThat(one.err()).isEqualTo("error: start: expected exactly two starting points (--start X,Y twice), found 1\n");
    }

    @Test
    void divergingRunExitsOneAndWritesNoFigure() {
        Path out = dir.resolve("diverged");
        TrainCommandTest.Outcome o = run("toy", "--lr", "100", "--steps", "200", "--out", out.toString());
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.err()).startsWith("error: toy: point ").contains(" of separate diverged (non-finite position) at step ")
                .endsWith("; lower --lr (found 100.0)\n");
        assertThat(out.resolve("toy.png")).doesNotExist();
    }
}

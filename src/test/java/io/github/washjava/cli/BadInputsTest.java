package io.github.washjava.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 6: the corpus of bad inputs under src/test/resources/bad-inputs. Each case gets the exact
 * one-line message (several lines only when several problems are reported at once), its exit code,
 * and leaves nothing behind.
 */
class BadInputsTest {
    @TempDir
    Path tmp;

    record Case(String name, List<String> args, int exit, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() throws IOException {
        try (InputStream in = BadInputsTest.class.getResourceAsStream("/bad-inputs/cases.yaml")) {
            List<Map<String, Object>> raw = new ObjectMapper(new YAMLFactory()).readValue(in, List.class);
            return raw.stream().map(m -> Arguments.of(new Case((String) m.get("name"),
                    ((List<?>) m.get("args")).stream().map(String::valueOf).toList(), (Integer) m.get("exit"),
                    (String) m.get("message"))));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputGivesItsMessageExitCodeAndLeavesNothingBehind(Case c) throws Exception {
        Path files = tmp.resolve("files");
        copy(Path.of(BadInputsTest.class.getResource("/bad-inputs/files").toURI()), files);
        List<String> before = listing(files);
        Path out = tmp.resolve("out");
        String[] args = c.args().stream().map(a -> a.replace("{files}", files.toString()).replace("{out}", out.toString()))
                .toArray(String[]::new);
        TrainCommandTest.Outcome o = TrainCommandTest.run(args);
        String expected = c.message().replace("{files}", files.toString());
        assertThat(o.code()).as(o.err()).isEqualTo(c.exit());
        assertThat(o.err()).isEqualTo("error: " + expected + "\n");
        assertThat(out).doesNotExist();
        assertThat(listing(files)).as("inputs unchanged, nothing written next to them").isEqualTo(before);
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.map(p -> dir.relativize(p) + (Files.isRegularFile(p) ? ":" + p.toFile().length() : "")).sorted()
                    .toList();
        }
    }
}

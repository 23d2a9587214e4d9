package io.github.washjava;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages read bottom-up like the method (docs/design.md): each uses only packages listed before
 * it, so there are no cycles. Every reference counts, imports and fully qualified names alike.
 */
class ArchitectureTest {
    /** Bottom to top. */
    static final List<String> LAYERS = List.of("util", "data", "model", "collective", "population", "exchange", "train",
            "merge", "eval", "config", "report", "experiment", "toy", "bench", "cli");
    private static final Pattern REFERENCE = Pattern.compile("io\\.github\\.washjava\\.([a-z]+)\\.");

    @Test
    void everyPackageUsesOnlyThePackagesBelowIt() throws IOException {
        Map<String, TreeSet<String>> uses = new TreeMap<>();
        Path root = Path.of("src/main/java/io/github/washjava");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = root.relativize(file).getName(0).toString();
                assertThat(LAYERS).as("package of " + file).contains(pkg);
                Matcher m = REFERENCE.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        uses.computeIfAbsent(pkg, k -> new TreeSet<>()).add(m.group(1));
                    }
                }
            }
        }
        List<String> upward = new ArrayList<>();
        uses.forEach((pkg, used) -> used.stream().filter(u -> LAYERS.indexOf(u) > LAYERS.indexOf(pkg))
                .forEach(u -> upward.add(pkg + " -> " + u)));
        assertThat(upward).as("references to a package above").isEmpty();
    }
}

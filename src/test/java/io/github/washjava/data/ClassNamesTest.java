package io.github.washjava.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassNamesTest {
    @TempDir
    Path dir;

    @Test
    void publishedNamesWhereTheDatasetHasThemLabelNumbersElsewhere() throws IOException {
        assertThat(ClassNames.of("fashion-mnist", null, 10)).startsWith("T-shirt/top", "Trouser").endsWith("Ankle boot");
        assertThat(ClassNames.of("cifar10", null, 10)).startsWith("airplane").endsWith("truck");
        assertThat(ClassNames.of("mnist", null, 10)).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(ClassNames.of("cifar100", dir, 3)).containsExactly("0", "1", "2");
        Files.writeString(dir.resolve("fine_label_names.txt"), "apple\naquarium_fish\nbaby\n\n");
        assertThat(ClassNames.of("cifar100", dir, 3)).containsExactly("apple", "aquarium_fish", "baby");
        assertThat(Datasets.load("synthetic", null, 100, 50, 0.1, 16).classNames()).hasSize(10).startsWith("0");
    }
}

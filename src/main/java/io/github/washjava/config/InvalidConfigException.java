package io.github.washjava.config;

import io.github.washjava.util.InvalidInputException;
import java.util.List;

/** Every problem found in a config at once, one line each: {@code <key>: expected ..., found ...}. */
public final class InvalidConfigException extends InvalidInputException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public InvalidConfigException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}

package io.github.washjava.util;

/**
 * Bad input from the user: a file, a config key or an option. The message is one line,
 * {@code <where>: <expected>, found <actual>[; <fix>]}, and the CLI maps it to exit code 2.
 */
public class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}

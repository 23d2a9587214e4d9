package io.github.washjava.util;

/** CSV fields as RFC 4180 writes them. */
public final class Csv {
    private Csv() {
    }

    /** {@code value} as one field: quoted, with quotes doubled, when it holds a comma, a quote or a line break. */
    public static String field(Object value) {
        String s = String.valueOf(value);
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}

package io.github.washjava.population;

/** How members start (docs/method.md §5): all from one random initialisation, or each from its own. */
public enum InitMode {
    SAME, DIFFERENT;

    /** The config / CLI spelling: {@code same} or {@code different}. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

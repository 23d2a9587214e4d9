package io.github.washjava.exchange;

import io.github.washjava.util.InvalidInputException;
import java.util.Arrays;
import java.util.List;

/** The exchange methods, by the names {@code --method} accepts (docs/method.md §3, §4). */
public enum Method {
    /** Weight shuffling (the paper's method). */
    WASH("wash", "shuffle a fraction p of the coordinates across members after every step"),
    /** PAPA: pull every member towards the average every T steps. */
    PAPA("papa", "pull every member towards the population average every T steps"),
    /** PAPA-all: replace every member by the average every K epochs. */
    PAPA_ALL("papa-all", "replace every member by the average every K epochs"),
    /** PAPA-2: replace every member by the mean of a random pair every K epochs. */
    PAPA_2("papa-2", "replace every member by the mean of a random pair every K epochs"),
    /** DART: replace every member by the average every K' steps. */
    DART("dart", "replace every member by the average every K' steps"),
    /** SPARTA: WASH's mask, selected coordinates averaged instead of permuted. */
    SPARTA("sparta", "average a fraction p of the coordinates across members after every step"),
    /** No exchange: the ensemble reference. */
    INDEPENDENT("independent", "no exchange");

    private final String key;
    private final String summary;

    Method(String key, String summary) {
        this.key = key;
        this.summary = summary;
    }

    /** The CLI / config spelling. */
    public String key() {
        return key;
    }

    /** One line on what the method does between steps. */
    public String summary() {
        return summary;
    }

    /** Whether the method exchanges between members (and so needs at least two). */
    public boolean exchanges() {
        return this != INDEPENDENT;
    }

    /** Whether the method draws WASH's coordinate mask (and so uses p and the layer schedule). */
    public boolean usesShuffleMask() {
        return this == WASH || this == SPARTA;
    }

    /** Every key, in declaration order. */
    public static List<String> keys() {
        return Arrays.stream(values()).map(Method::key).toList();
    }

    /** The method spelled {@code key}; an error naming the accepted keys otherwise. */
    public static Method parse(String key) {
        for (Method m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        throw new InvalidInputException("method: expected one of " + String.join(", ", keys()) + ", found "
                + (key == null ? "nothing" : "\"" + key + "\""));
    }
}

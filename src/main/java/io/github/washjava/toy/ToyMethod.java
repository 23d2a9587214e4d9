package io.github.washjava.toy;

import io.github.washjava.util.Seeds;
import io.github.washjava.exchange.Exchange;
import io.github.washjava.exchange.IndependentExchange;
import io.github.washjava.exchange.LayerSchedule;
import io.github.washjava.exchange.PapaExchange;
import io.github.washjava.exchange.SpartaExchange;
import io.github.washjava.exchange.WashExchange;
import io.github.washjava.exchange.WashOptions;
import java.awt.Color;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The methods the toy compares, each backed by the image pipeline's {@link Exchange}: no second
 * implementation of the shuffle or of PAPA's pull. Colours follow the paper's Figure 3 (separate
 * yellow, PAPA blue, WASH red); SPARTA, not in the paper, is green.
 */
public enum ToyMethod {
    SEPARATE("separate", "separate", new Color(0xE6, 0xB4, 0x00)),
    PAPA("papa", "PAPA", new Color(0x1F, 0x5F, 0xD0)),
    WASH("wash", "WASH", new Color(0xD6, 0x1F, 0x1F)),
    SPARTA("sparta", "SPARTA", new Color(0x1E, 0x9E, 0x3A));

    /** The names the CLI accepts, in this order. */
    public static final List<String> NAMES = Arrays.stream(values()).map(ToyMethod::key).toList();

    private final String key;
    private final String label;
    private final Color colour;

    ToyMethod(String key, String label, Color colour) {
        this.key = key;
        this.label = label;
        this.colour = colour;
    }

    /** The CLI and CSV spelling. */
    public String key() {
        return key;
    }

    /** The legend label. */
    public String label() {
        return label;
    }

    public Color colour() {
        return colour;
    }

    public static Optional<ToyMethod> byKey(String key) {
        return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst();
    }

    /**
     * The exchange for this method: {@code separate} is {@link IndependentExchange}; PAPA pulls every
     * {@code papaEvery} steps with α = {@code papaAlpha}; WASH and SPARTA select each of the two
     * coordinates with probability p (constant layer schedule: there is one tensor).
     */
    public Exchange exchange(ToyExperiment.Options o) {
        WashOptions shuffle = WashOptions.defaults().withP(o.p()).withSchedule(LayerSchedule.CONSTANT);
        long shuffleSeed = Seeds.derive(o.seed(), "toy-shuffle");
        return switch (this) {
            case SEPARATE -> new IndependentExchange();
            case PAPA -> new PapaExchange(o.papaEvery(), o.papaAlpha());
            case WASH -> new WashExchange(shuffle, shuffleSeed);
            case SPARTA -> new SpartaExchange(shuffle, shuffleSeed);
        };
    }
}

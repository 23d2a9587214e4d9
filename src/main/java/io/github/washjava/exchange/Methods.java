package io.github.washjava.exchange;

import io.github.washjava.config.TrainConfig;
import java.util.List;

/** The exchange methods by the names {@code --method} accepts. */
public final class Methods {
    /** Every method {@code --method} accepts. */
    public static final List<String> NAMES = List.of("wash", "independent");

    private Methods() {
    }

    /** Whether the method exchanges between members (and so needs at least two). */
    public static boolean needsPopulation(String method) {
        return method != null && !"independent".equals(method);
    }

    /** The exchange a config asks for. */
    public static Exchange create(TrainConfig c) {
        return switch (c.method()) {
            case "independent" -> new IndependentExchange();
            case "wash" -> new WashExchange(new WashExchange.Options(c.p(), LayerSchedule.parse(c.schedule()),
                    c.shuffleOptimizerState(), c.shuffleBuffers(), c.shuffleEvery(), c.excludeSelfMaps()), c.seed());
            default -> throw new IllegalArgumentException("method: expected one of " + String.join(", ", NAMES)
                    + ", found \"" + c.method() + "\"");
        };
    }
}

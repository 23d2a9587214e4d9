package io.github.washjava.exchange;

import io.github.washjava.config.TrainConfig;
import io.github.washjava.merge.RecalibrationData;
import java.util.List;

/** The exchange methods by the names {@code --method} accepts. */
public final class Methods {
    /** Every method {@code --method} accepts. */
    public static final List<String> NAMES = List.of("wash", "papa", "papa-all", "papa-2", "dart", "sparta", "independent");

    private Methods() {
    }

    /** Whether the method exchanges between members (and so needs at least two). */
    public static boolean needsPopulation(String method) {
        return method != null && !"independent".equals(method);
    }

    /**
     * The exchange a config asks for; {@code recalibration} is used by the methods that recompute
     * BatchNorm statistics after a merge (papa-all, papa-2, dart).
     */
    public static Exchange create(TrainConfig c, RecalibrationData recalibration) {
        WashExchange.Options mask = new WashExchange.Options(c.p(), LayerSchedule.parse(c.schedule()),
                c.shuffleOptimizerState(), c.shuffleBuffers(), c.shuffleEvery(), c.excludeSelfMaps());
        return switch (c.method()) {
            case "independent" -> new IndependentExchange();
            case "wash" -> new WashExchange(mask, c.seed());
            case "sparta" -> new SpartaExchange(mask, c.seed());
            case "papa" -> new PapaExchange(c.papaEvery(), c.papaAlpha());
            case "papa-all" -> new PapaAllExchange(c.mergeEvery(), recalibration);
            case "papa-2" -> new Papa2Exchange(c.mergeEvery(), recalibration, c.seed());
            case "dart" -> new DartExchange(c.dartEvery(), recalibration);
            default -> throw new IllegalArgumentException("method: expected one of " + String.join(", ", NAMES)
                    + ", found \"" + c.method() + "\"");
        };
    }
}

package io.github.washjava.experiment;

import io.github.washjava.config.TrainConfig;
import io.github.washjava.exchange.DartExchange;
import io.github.washjava.exchange.Exchange;
import io.github.washjava.exchange.IndependentExchange;
import io.github.washjava.exchange.LayerSchedule;
import io.github.washjava.exchange.Method;
import io.github.washjava.exchange.Papa2Exchange;
import io.github.washjava.exchange.PapaAllExchange;
import io.github.washjava.exchange.PapaExchange;
import io.github.washjava.exchange.SpartaExchange;
import io.github.washjava.exchange.WashExchange;
import io.github.washjava.exchange.WashOptions;
import io.github.washjava.model.RecalibrationData;

/** The exchange a config asks for. */
public final class Exchanges {
    private Exchanges() {
    }

    /** The shuffle settings of a config (used by wash and sparta). */
    public static WashOptions washOptions(TrainConfig c) {
        return WashOptions.defaults().withP(c.p()).withSchedule(LayerSchedule.parse(c.schedule()))
                .withOptimizerState(c.shuffleOptimizerState()).withBuffers(c.shuffleBuffers()).withEvery(c.shuffleEvery())
                .withExcludeSelfMaps(c.excludeSelfMaps());
    }

    /**
     * The config's exchange; {@code recalibration} is used by the methods that recompute BatchNorm
     * statistics after a merge (papa-all, papa-2, dart).
     */
    public static Exchange create(TrainConfig c, RecalibrationData recalibration) {
        return switch (Method.parse(c.method())) {
            case INDEPENDENT -> new IndependentExchange();
            case WASH -> new WashExchange(washOptions(c), c.seed());
            case SPARTA -> new SpartaExchange(washOptions(c), c.seed());
            case PAPA -> new PapaExchange(c.papaEvery(), c.papaAlpha());
            case PAPA_ALL -> new PapaAllExchange(c.mergeEvery(), recalibration);
            case PAPA_2 -> new Papa2Exchange(c.mergeEvery(), recalibration, c.seed());
            case DART -> new DartExchange(c.dartEvery(), recalibration);
        };
    }

    /** PAPA's formula for the same population: the reference communication is compared with. */
    public static PapaExchange papaReference(TrainConfig c) {
        return new PapaExchange(c.papaEvery(), c.papaAlpha());
    }
}

package io.github.washjava.exchange;

import io.github.washjava.population.Population;

/**
 * Where the training loop stands when an exchange runs.
 *
 * @param population the members (tensor l of every member via {@link Population#parameters(int)})
 * @param step the 0-based optimizer step that just finished
 * @param epoch the 0-based epoch that step belongs to
 * @param epochs number of epochs in the run
 * @param stepsPerEpoch optimizer steps per epoch
 * @param lr learning rate used at this step (η_t)
 * @param baseLr the schedule's base learning rate (η_0)
 * @param lastStepOfEpoch whether this step ends its epoch
 */
public record ExchangeContext(Population population, long step, int epoch, int epochs, long stepsPerEpoch, double lr,
        double baseLr, boolean lastStepOfEpoch) {
}

package io.github.washjava.exchange;

/**
 * What happens between members after they step (docs/method.md §3, §4). The trainer calls
 * {@link #afterStep} once per optimizer step, after every member has stepped and before any member
 * starts the next step, and {@link #afterEpoch} once at the end of every epoch.
 *
 * <p>Each call returns the number of values the members sent to each other, summed over members;
 * in-process, "sent" means a value written into another member's tensor that a distributed backend
 * would have had to put on the wire. Implementations keep no hidden global state: anything random is
 * derived from (seed, step, tensor), so that a backend whose members live in other processes can
 * compute the same decisions locally and move only the values.
 */
public interface Exchange {
    /** The method name as the CLI spells it ({@code wash}, {@code independent}, ...). */
    String name();

    /** Called after optimizer step {@code context.step()}; returns values sent, summed over members. */
    long afterStep(ExchangeContext context);

    /** Called after the last step of epoch {@code context.epoch()}; returns values sent. */
    default long afterEpoch(ExchangeContext context) {
        return 0;
    }

    /**
     * docs/method.md §8's formula: values each member is expected to send per step, on average, for a model with
     * this layout, population and schedule; reported beside the counted values.
     */
    double expectedValuesPerMemberPerStep(ExchangeContext context);
}

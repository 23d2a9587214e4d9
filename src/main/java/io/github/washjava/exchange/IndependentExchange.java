package io.github.washjava.exchange;

/** No exchange at all (docs/method.md §4): the ensemble reference and the naive-average failure case. */
public final class IndependentExchange implements Exchange {
    @Override
    public String name() {
        return Method.INDEPENDENT.key();
    }

    @Override
    public long afterStep(ExchangeContext context) {
        return 0;
    }

    @Override
    public double expectedValuesPerMemberPerStep(ExchangeContext context) {
        return 0;
    }
}

package io.rivulet.aggregator;

import java.math.BigDecimal;

/** Orders and their amount in one window and currency; the sum is exact decimal arithmetic. */
public record SalesTotals(long orders, BigDecimal amount) {
    public static final SalesTotals EMPTY = new SalesTotals(0, BigDecimal.ZERO);

    public SalesTotals add(BigDecimal orderAmount) {
        return new SalesTotals(orders + 1, amount.add(orderAmount));
    }

    public SalesTotals plus(SalesTotals other) {
        return new SalesTotals(orders + other.orders, amount.add(other.amount));
    }
}

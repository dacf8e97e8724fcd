package io.rivulet.aggregator;

import java.math.BigDecimal;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import io.rivulet.aggregator.event.EventSerdes;

/** Orders and their amount in one window and currency; the sum is exact decimal arithmetic. */
public record SalesTotals(long orders, BigDecimal amount) {
    public static final SalesTotals EMPTY = new SalesTotals(0, BigDecimal.ZERO);

    public SalesTotals add(BigDecimal orderAmount) {
        return new SalesTotals(orders + 1, amount.add(orderAmount));
    }

    public SalesTotals plus(SalesTotals other) {
        return new SalesTotals(orders + other.orders, amount.add(other.amount));
    }

    static Serde<SalesTotals> serde() {
        return Serdes.serdeFrom((topic, totals) -> totals == null ? null : EventSerdes.write(out -> {
            out.writeLong(totals.orders());
            EventSerdes.writeDecimal(out, totals.amount());
        }), (topic, bytes) -> bytes == null ? null : EventSerdes.read(bytes,
                in -> new SalesTotals(in.readLong(), EventSerdes.readDecimal(in))));
    }
}

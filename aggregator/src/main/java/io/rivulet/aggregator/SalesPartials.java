package io.rivulet.aggregator;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessingContext;

import io.rivulet.aggregator.event.OrderEvent;
import io.rivulet.aggregator.window.MemberAggregation;
import io.rivulet.aggregator.window.Metrics;
import io.rivulet.aggregator.window.OpenWindows;

/**
 * Sales of one input partition: each order of an open window is one member under its id, with its currency and
 * amount (a redelivery, in the same partition as the order, finds it there and counts once); when the window
 * closes in the partition its orders are added up per currency and handed on, and dropped.
 */
final class SalesPartials extends MemberAggregation<OrderEvent, SalesPartial> {
    static final String ORDERS_STORE = "sales-orders";

    private Sensor duplicates;

    SalesPartials(OpenWindows.Durability durability) {
        super(durability, ORDERS_STORE);
    }

    @Override
    public void init(ProcessingContext context) {
        super.init(context);
        duplicates = Metrics.duplicateEvents(context, SalesProcessor.NAME);
    }

    @Override
    public void removeSensors(ProcessingContext context) {
        context.metrics().removeSensor(duplicates);
    }

    @Override
    public void add(OrderEvent order, long windowStart) {
        byte[] id = order.orderId().getBytes(StandardCharsets.UTF_8);
        members.merge(windowStart, id, (arena, offset, length) -> {
            if (offset >= 0) {
                duplicates.record(); // a redelivered order, already a member
                return null;
            }
            return encode(order.currency(), order.totalAmount());
        });
    }

    @Override
    public void close(long lastClosedStart, Consumer<SalesPartial> partials) {
        members.closeUpTo(lastClosedStart, (windowStart, members) -> {
            Map<String, SalesTotals> byCurrency = new TreeMap<>();
            members.forEach((arena, keyOffset, keyLength, payloadOffset, payloadLength) -> {
                int currencyLength = ByteBuffer.wrap(arena, payloadOffset, Short.BYTES).getShort() & 0xffff;
                String currency = new String(arena, payloadOffset + Short.BYTES, currencyLength,
                        StandardCharsets.UTF_8);
                int scaleAt = payloadOffset + Short.BYTES + currencyLength;
                int scale = ByteBuffer.wrap(arena, scaleAt, Integer.BYTES).getInt();
                BigInteger unscaled = new BigInteger(Arrays.copyOfRange(arena, scaleAt + Integer.BYTES,
                        payloadOffset + payloadLength));
                byCurrency.merge(currency, SalesTotals.EMPTY.add(new BigDecimal(unscaled, scale)), SalesTotals::plus);
            });
            byCurrency.forEach((currency, totals) -> partials.accept(new SalesPartial(windowStart, currency, totals)));
        });
    }

    /** Currency as its length (2 bytes) and UTF-8, then the amount's scale (4 bytes) and unscaled value. */
    private static byte[] encode(String currency, BigDecimal amount) {
        byte[] name = currency.getBytes(StandardCharsets.UTF_8);
        byte[] unscaled = amount.unscaledValue().toByteArray();
        return ByteBuffer.allocate(Short.BYTES + name.length + Integer.BYTES + unscaled.length)
                .putShort((short) name.length).put(name).putInt(amount.scale()).put(unscaled).array();
    }

    @Override
    public long windowStart(SalesPartial partial) {
        return partial.windowStart();
    }
}

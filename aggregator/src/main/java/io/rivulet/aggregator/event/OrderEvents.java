package io.rivulet.aggregator.event;

import java.util.List;
import java.util.Set;

import org.apache.kafka.connect.data.SchemaAndValue;

import io.rivulet.aggregator.output.Json;
import io.rivulet.aggregator.output.LateEvents;

/**
 * Orders: event time from {@code order_ts} (configurable), aggregated per currency; a redelivered order counts once,
 * so every copy of an order must be in one input partition (orders keyed by customer are).
 */
public record OrderEvents(String topic, String timeField) implements EventType<OrderEvent> {

    @Override
    public Set<String> fields() {
        return Set.copyOf(List.of("order_id", "customer_id", "total_amount", "currency", timeField, "promo_code"));
    }

    @Override
    public OrderEvent parse(SchemaAndValue value) {
        return OrderEvent.from(topic, value, timeField);
    }

    @Override
    public long time(OrderEvent order) {
        return order.orderTs();
    }

    @Override
    public String partitionKey(OrderEvent order) {
        return order.orderId();
    }

    @Override
    public LateEvents.Event describe(OrderEvent order) {
        return new LateEvents.Event(order.orderId(), order.customerId(), Json.of(
                "order_id", order.orderId(), "customer_id", order.customerId(),
                "total_amount", order.totalAmount(), "currency", order.currency(), "order_ts", order.orderTs(),
                "promo_code", order.promoCode()));
    }
}

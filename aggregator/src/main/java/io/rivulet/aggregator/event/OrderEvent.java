package io.rivulet.aggregator.event;

import java.math.BigDecimal;

import org.apache.kafka.connect.data.SchemaAndValue;

/** The fields of an order the aggregator needs; v1 and v2 records alike ({@code promo_code} is optional). */
public record OrderEvent(String orderId, String customerId, BigDecimal totalAmount, String currency, long orderTs,
                         String promoCode) {

    public static OrderEvent from(String topic, SchemaAndValue value, String timeField) {
        FieldReader fields = FieldReader.of(topic, value);
        // The amount as written (its shortest decimal form), so sums do not depend on the order of addition.
        return new OrderEvent(fields.requiredString("order_id"), fields.optionalString("customer_id"),
                BigDecimal.valueOf(fields.requiredDouble("total_amount")), fields.requiredString("currency"),
                fields.requiredTime(timeField), fields.optionalString("promo_code"));
    }
}

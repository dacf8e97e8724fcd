package io.rivulet.transforms;

import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import io.rivulet.schemas.ConnectSchemas;

/** Orders and clicks shaped like the project's Avro schemas, as converters hand them to transforms. */
final class TestRecords {
    static final Schema ORDER_V1 = ConnectSchemas.ORDER_V1;
    static final Schema ORDER_V2 = ConnectSchemas.ORDER_V2;
    static final Schema CLICK = ConnectSchemas.CLICK;

    private TestRecords() {
    }

    static Struct order(String id, double amount, String currency) {
        return new Struct(ORDER_V1).put("order_id", id).put("customer_id", "c-1").put("total_amount", amount)
                .put("currency", currency).put("order_ts", new Date(1_700_000_000_000L));
    }

    static Struct orderV2(String id, double amount, String promo) {
        return new Struct(ORDER_V2).put("order_id", id).put("customer_id", "c-1").put("total_amount", amount)
                .put("currency", "EUR").put("order_ts", new Date(1_700_000_000_000L)).put("promo_code", promo);
    }

    static Map<String, Object> orderMap(String id, Object amount, String currency) {
        Map<String, Object> order = new HashMap<>();
        order.put("order_id", id);
        order.put("customer_id", "c-1");
        order.put("total_amount", amount);
        order.put("currency", currency);
        order.put("order_ts", 1_700_000_000_000L);
        return order;
    }

    static Struct click(String user, String action) {
        return new Struct(CLICK).put("event_id", "e-1").put("user_id", user).put("page", "/home")
                .put("action", action).put("timestamp", new Date(1_700_000_000_000L));
    }

    static SourceRecord record(String topic, Schema schema, Object value) {
        return new SourceRecord(Map.of("endpoint", "orders"), Map.of("position", 7L), topic, null,
                Schema.STRING_SCHEMA, "c-1", schema, value, 1_700_000_000_000L);
    }
}

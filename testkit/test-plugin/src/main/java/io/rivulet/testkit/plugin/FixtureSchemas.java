package io.rivulet.testkit.plugin;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;

/** Connect schemas matching the project's Avro schemas (order.avsc, order-v2.avsc, click.avsc). */
final class FixtureSchemas {
    static final Schema ORDER_V1 = order().version(1).build();
    static final Schema ORDER_V2 = order().field("promo_code", Schema.OPTIONAL_STRING_SCHEMA).version(2).build();
    static final Schema CLICK = SchemaBuilder.struct().name("com.ecommerce.ClickEvent")
            .field("event_id", Schema.STRING_SCHEMA)
            .field("user_id", Schema.STRING_SCHEMA)
            .field("page", Schema.STRING_SCHEMA)
            .field("action", Schema.STRING_SCHEMA)
            .field("timestamp", Timestamp.SCHEMA)
            .build();

    private FixtureSchemas() {
    }

    private static SchemaBuilder order() {
        return SchemaBuilder.struct().name("com.ecommerce.Order")
                .field("order_id", Schema.STRING_SCHEMA)
                .field("customer_id", Schema.STRING_SCHEMA)
                .field("total_amount", Schema.FLOAT64_SCHEMA)
                .field("currency", Schema.STRING_SCHEMA)
                .field("order_ts", Timestamp.SCHEMA);
    }

    /** The schema for a {@code fixture.schema} value, or null for schemaless records. */
    static Schema named(String name) {
        switch (name) {
            case "order": return ORDER_V1;
            case "order-v2": return ORDER_V2;
            case "click": return CLICK;
            default: return null;
        }
    }
}

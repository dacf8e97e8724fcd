package io.rivulet.aggregator.output;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Connect schemas of the aggregator's outputs. Keys hold the window start and the dimensions, so a sink that
 * upserts on the key writes each window's result once however often it is replayed.
 */
public final class OutputSchemas {
    private static final String NAMESPACE = "io.rivulet.analytics.";
    private static final Schema TIME = Timestamp.SCHEMA;

    public static final Schema SALES_KEY = SchemaBuilder.struct().name(NAMESPACE + "SalesKey")
            .field("window_start", TIME).field("currency", Schema.STRING_SCHEMA).build();
    public static final Schema SALES = SchemaBuilder.struct().name(NAMESPACE + "SalesPerMinute")
            .field("window_start", TIME).field("window_end", TIME).field("currency", Schema.STRING_SCHEMA)
            .field("order_count", Schema.INT64_SCHEMA).field("total_amount", Schema.FLOAT64_SCHEMA)
            .field("avg_order_value", Schema.FLOAT64_SCHEMA).build();

    public static final Schema ACTIVE_USERS_KEY = SchemaBuilder.struct().name(NAMESPACE + "ActiveUsersKey")
            .field("window_start", TIME).field("segment", Schema.STRING_SCHEMA).build();
    public static final Schema ACTIVE_USERS = SchemaBuilder.struct().name(NAMESPACE + "ActiveUsersPerMinute")
            .field("window_start", TIME).field("window_end", TIME).field("segment", Schema.STRING_SCHEMA)
            .field("active_users", Schema.INT64_SCHEMA).build();
    /** The segment value of the row that counts every user of the window. */
    public static final String ALL_SEGMENTS = "all";

    public static final Schema FUNNEL_KEY = SchemaBuilder.struct().name(NAMESPACE + "FunnelKey")
            .field("window_start", TIME).build();
    public static final Schema FUNNEL = SchemaBuilder.struct().name(NAMESPACE + "FunnelPerMinute")
            .field("window_start", TIME).field("window_end", TIME)
            .field("page_view", Schema.INT64_SCHEMA).field("add_to_cart", Schema.INT64_SCHEMA)
            .field("checkout", Schema.INT64_SCHEMA).field("purchase", Schema.INT64_SCHEMA)
            .field("view_to_cart", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("cart_to_checkout", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("checkout_to_purchase", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("overall_conversion", Schema.OPTIONAL_FLOAT64_SCHEMA).build();

    public static final Schema LATE_KEY = Schema.OPTIONAL_STRING_SCHEMA;
    public static final Schema LATE = SchemaBuilder.struct().name(NAMESPACE + "LateEvent")
            .field("source_topic", Schema.STRING_SCHEMA).field("event_id", Schema.OPTIONAL_STRING_SCHEMA)
            .field("event_time", TIME).field("window_start", TIME).field("stream_time", TIME)
            .field("reason", Schema.STRING_SCHEMA).field("event", Schema.STRING_SCHEMA).build();

    private OutputSchemas() {
    }
}

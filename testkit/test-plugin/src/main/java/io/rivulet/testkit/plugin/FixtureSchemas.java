package io.rivulet.testkit.plugin;

import org.apache.kafka.connect.data.Schema;

import io.rivulet.schemas.ConnectSchemas;

/** The value schema for a {@code fixture.schema} setting: the project's Avro schemas in Connect form. */
final class FixtureSchemas {
    private FixtureSchemas() {
    }

    /** The schema for a {@code fixture.schema} value, or null for schemaless records. */
    static Schema named(String name) {
        switch (name) {
            case "order": return ConnectSchemas.ORDER_V1;
            case "order-v2": return ConnectSchemas.ORDER_V2;
            case "click": return ConnectSchemas.CLICK;
            default: return null;
        }
    }
}

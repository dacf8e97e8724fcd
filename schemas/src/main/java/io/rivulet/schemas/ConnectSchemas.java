package io.rivulet.schemas;

import org.apache.kafka.connect.data.Schema;

/** The project's Avro schemas as Connect schemas, derived from the .avsc files so that no copy can drift. */
public final class ConnectSchemas {
    public static final Schema ORDER_V1 = of(AvroSchemas.ORDER_V1);
    public static final Schema ORDER_V2 = of(AvroSchemas.ORDER_V2);
    public static final Schema CLICK = of(AvroSchemas.CLICK);

    private ConnectSchemas() {
    }

    public static Schema of(AvroSchemas schema) {
        return AvroSchemaConverter.toConnect(AvroSchemaConverter.parse(schema.json()));
    }
}

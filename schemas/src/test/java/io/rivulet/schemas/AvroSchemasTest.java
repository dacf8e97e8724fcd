package io.rivulet.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

class AvroSchemasTest {

    private static Schema parse(AvroSchemas schema) {
        return new Schema.Parser().parse(schema.json());
    }

    private static List<String> fieldNames(Schema schema) {
        return schema.getFields().stream().map(Schema.Field::name).collect(Collectors.toList());
    }

    @Test
    void orderV1IsTheArticlesSchema() {
        Schema order = parse(AvroSchemas.ORDER_V1);
        assertEquals("com.ecommerce.Order", order.getFullName());
        assertEquals(List.of("order_id", "customer_id", "total_amount", "currency", "order_ts"), fieldNames(order));
        assertEquals(Schema.Type.DOUBLE, order.getField("total_amount").schema().getType());
        assertEquals(LogicalTypes.timestampMillis(), order.getField("order_ts").schema().getLogicalType());
    }

    @Test
    void orderV2AddsAnOptionalPromoCode() {
        Schema v2 = parse(AvroSchemas.ORDER_V2);
        Schema.Field promo = v2.getField("promo_code");
        assertEquals(Schema.Type.UNION, promo.schema().getType());
        assertEquals(Schema.Type.NULL, promo.schema().getTypes().get(0).getType());
        assertTrue(promo.hasDefaultValue());
        assertEquals(org.apache.avro.JsonProperties.NULL_VALUE, promo.defaultVal());
    }

    @Test
    void orderVersionsAreFullyCompatible() {
        Schema v1 = parse(AvroSchemas.ORDER_V1);
        Schema v2 = parse(AvroSchemas.ORDER_V2);
        assertEquals(SchemaCompatibilityType.COMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(v2, v1).getType(), "v2 reads v1 (BACKWARD)");
        assertEquals(SchemaCompatibilityType.COMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(v1, v2).getType(), "v1 reads v2 (FORWARD)");
    }

    @Test
    void clickHasTheArticlesFields() {
        Schema click = parse(AvroSchemas.CLICK);
        assertEquals(List.of("event_id", "user_id", "page", "action", "timestamp"), fieldNames(click));
        assertEquals(LogicalTypes.timestampMillis(), click.getField("timestamp").schema().getLogicalType());
    }

    @Test
    void subjectsFollowTheTopicNameStrategy() {
        assertEquals("ecommerce.orders.created-value", Topics.valueSubject(Topics.ORDERS_CREATED));
        assertEquals("clickstream.events.invalid", Topics.invalid(Topics.CLICKSTREAM_EVENTS));
    }
}

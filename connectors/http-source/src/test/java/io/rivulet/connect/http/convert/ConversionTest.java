package io.rivulet.connect.http.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Date;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rivulet.schemas.AvroSchemaConverter;
import io.rivulet.schemas.AvroSchemas;

class ConversionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema ORDER_V2 = AvroSchemaConverter.toConnect(AvroSchemaConverter.parse(
            AvroSchemas.ORDER_V2.json()));

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void orderSchemaBecomesAConnectStructWithTimestampAndOptionalPromoCode() {
        assertEquals("com.ecommerce.Order", ORDER_V2.name());
        assertEquals(Timestamp.SCHEMA, ORDER_V2.field("order_ts").schema());
        assertEquals(Schema.FLOAT64_SCHEMA, ORDER_V2.field("total_amount").schema());
        assertTrue(ORDER_V2.field("promo_code").schema().isOptional());
        assertEquals(Schema.Type.STRING, ORDER_V2.field("promo_code").schema().type());
        assertEquals(List.of("order_id", "customer_id", "total_amount", "currency", "order_ts", "promo_code"),
                ORDER_V2.fields().stream().map(f -> f.name()).collect(java.util.stream.Collectors.toList()));
    }

    @Test
    void jsonFitsTheSchemaWithMillisOrIsoTimestamps() throws Exception {
        Struct millis = (Struct) JsonToConnect.convert(json("{'order_id':'o-1','customer_id':'c-1',"
                + "'total_amount':12,'currency':'EUR','order_ts':1764240000000}"), ORDER_V2);
        assertEquals(12.0, millis.getFloat64("total_amount"));
        assertEquals(new Date(1_764_240_000_000L), millis.get("order_ts"));
        assertNull(millis.get("promo_code"));
        Struct iso = (Struct) JsonToConnect.convert(json("{'order_id':'o-1','customer_id':'c-1',"
                + "'total_amount':12.5,'currency':'EUR','order_ts':'2025-11-27T10:40:00Z','promo_code':'X'}"),
                ORDER_V2);
        assertEquals(new Date(1_764_240_000_000L), iso.get("order_ts"));
        assertEquals("X", iso.getString("promo_code"));
    }

    @Test
    void mismatchesNameTheField() throws Exception {
        RecordConversionException missing = assertThrows(RecordConversionException.class, () -> JsonToConnect
                .convert(json("{'customer_id':'c-1','total_amount':1,'currency':'EUR','order_ts':1}"), ORDER_V2));
        assertEquals("order_id", missing.field());
        assertEquals("is missing but required", missing.problem());
        RecordConversionException wrongType = assertThrows(RecordConversionException.class, () -> JsonToConnect
                .convert(json("{'order_id':'o','customer_id':'c','total_amount':'ten','currency':'EUR',"
                        + "'order_ts':1}"), ORDER_V2));
        assertEquals("total_amount: expected a number but found string \"ten\"", wrongType.getMessage());
        RecordConversionException badTime = assertThrows(RecordConversionException.class, () -> JsonToConnect
                .convert(json("{'order_id':'o','customer_id':'c','total_amount':1,'currency':'EUR',"
                        + "'order_ts':'yesterday'}"), ORDER_V2));
        assertEquals("order_ts", badTime.field());
    }

    @Test
    void schemalessValuesArePlainMaps() throws Exception {
        assertEquals(Map.of("a", 1, "b", List.of("x")), JsonToConnect.plain(json("{'a':1,'b':['x']}")));
    }

    @Test
    void unsupportedUnionsAreRefused() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () ->
                AvroSchemaConverter.toConnect(AvroSchemaConverter.parse("{\"type\":\"record\",\"name\":\"R\","
                        + "\"fields\":[{\"name\":\"x\",\"type\":[\"int\",\"string\"]}]}")));
        assertTrue(error.getMessage().contains("only [\"null\", T]"), error.getMessage());
    }
}

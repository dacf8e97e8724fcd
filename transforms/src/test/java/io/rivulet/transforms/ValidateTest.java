package io.rivulet.transforms;

import io.rivulet.common.ErrorHeaders;

import static io.rivulet.transforms.TestRecords.ORDER_V1;
import static io.rivulet.transforms.TestRecords.ORDER_V2;
import static io.rivulet.transforms.TestRecords.order;
import static io.rivulet.transforms.TestRecords.orderMap;
import static io.rivulet.transforms.TestRecords.orderV2;
import static io.rivulet.transforms.TestRecords.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

import javax.management.ObjectName;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ValidateTest {
    private static final String ORDER_RULES = "order_id not_blank; total_amount > 0; currency in (USD, EUR, GBP); "
            + "promo_code max_length 8";
    private Validate<SourceRecord> validate;

    private Validate<SourceRecord> value(String rules, String onInvalid) {
        validate = new Validate.Value<>();
        validate.configure(Map.of("rules", rules, "on.invalid", onInvalid, "metrics.name", "test"));
        return validate;
    }

    @AfterEach
    void close() {
        if (validate != null) {
            validate.close();
        }
    }

    private static String header(SourceRecord record, String name) {
        Header header = record.headers().lastWithName(name);
        return header == null ? null : (String) header.value();
    }

    /**
     * Connect validates only the keys a transform defines, so a typo in transforms.<alias>.* can only be caught when
     * the transform is configured: it fails naming the key and the one meant. Connect's own stage keys pass.
     */
    @Test
    void unknownKeysFailConfigureWithTheKeyMeant() {
        Validate.Value<SourceRecord> smt = new Validate.Value<>();
        ConfigException typo = assertThrows(ConfigException.class, () -> smt.configure(Map.of("rules",
                        ORDER_RULES, "on.invaild", "route", "type", "io.rivulet.transforms.Validate$Value",
                        "predicate", "isOrder", "negate", "false")));
        assertTrue(typo.getMessage().contains("'on.invaild' is not a setting of this plugin")
                && typo.getMessage().contains("did you mean 'on.invalid'?"), typo.getMessage());
        assertTrue(!typo.getMessage().contains("predicate"), typo.getMessage());
        smt.close();
    }

    @Test
    void validStructPassesUnchanged() {
        SourceRecord in = record("ecommerce.orders.created", ORDER_V1, order("o-1", 10, "EUR"));
        assertSame(in, value(ORDER_RULES, "route").apply(in));
    }

    @Test
    void invalidStructIsRoutedUnchangedWithReasons() {
        SourceRecord in = record("ecommerce.orders.created", ORDER_V1, order("o-2", 0, "EUR"));
        in.headers().addString("traceparent", "00-abc-def-01");
        SourceRecord out = value(ORDER_RULES, "route").apply(in);

        assertEquals("ecommerce.orders.created.invalid", out.topic());
        assertNull(out.kafkaPartition());
        assertSame(in.value(), out.value());
        assertEquals(in.key(), out.key());
        assertEquals(in.timestamp(), out.timestamp());
        assertEquals(in.sourcePartition(), out.sourcePartition());
        assertEquals(in.sourceOffset(), out.sourceOffset());
        assertEquals("total_amount > 0", header(out, ErrorHeaders.RULE));
        assertEquals("total_amount", header(out, ErrorHeaders.FIELD));
        assertEquals("total_amount is 0.0, not > 0", header(out, ErrorHeaders.MESSAGE));
        assertEquals("ecommerce.orders.created", header(out, ErrorHeaders.TOPIC));
        assertEquals("00-abc-def-01", header(out, "traceparent"));
        assertTrue(in.headers().lastWithName(ErrorHeaders.RULE) == null, "the input record is not modified");
    }

    @Test
    void schemalessMapsAreValidatedAlike() {
        Validate<SourceRecord> smt = value(ORDER_RULES, "route");
        SourceRecord valid = record("orders", null, orderMap("o-1", 12.5, "USD"));
        assertSame(valid, smt.apply(valid));

        SourceRecord badCurrency = smt.apply(record("orders", null, orderMap("o-1", 12.5, "JPY")));
        assertEquals("orders.invalid", badCurrency.topic());
        assertEquals("currency is 'JPY', not one of [USD, EUR, GBP]", header(badCurrency, ErrorHeaders.MESSAGE));

        Map<String, Object> noId = orderMap(null, 12.5, "USD");
        SourceRecord missing = smt.apply(record("orders", null, noId));
        assertEquals("order_id not_blank", header(missing, ErrorHeaders.RULE));
        assertEquals("order_id is missing", header(missing, ErrorHeaders.MESSAGE));
    }

    @Test
    void orderV1WithoutPromoCodeAndV2WithOnePassTheSameRules() {
        Validate<SourceRecord> smt = value(ORDER_RULES, "route");
        SourceRecord v1 = record("orders", ORDER_V1, order("o-1", 5, "EUR"));
        SourceRecord v2 = record("orders", ORDER_V2, orderV2("o-2", 5, "SPRING"));
        SourceRecord v2NoPromo = record("orders", ORDER_V2, orderV2("o-3", 5, null));
        assertSame(v1, smt.apply(v1));
        assertSame(v2, smt.apply(v2));
        assertSame(v2NoPromo, smt.apply(v2NoPromo));
        SourceRecord longPromo = smt.apply(record("orders", ORDER_V2, orderV2("o-4", 5, "BLACKFRIDAY")));
        assertEquals("promo_code max_length 8", header(longPromo, ErrorHeaders.RULE));
    }

    @Test
    void recordsAlreadyRoutedAsInvalidPassUnchanged() {
        SourceRecord invalid = new SourceRecord(null, null, "orders.invalid", null, null, null, Schema.STRING_SCHEMA,
                "{\"total_amount\": \"ten\"}");
        invalid.headers().addString(ErrorHeaders.RULE, "schema");
        assertSame(invalid, value(ORDER_RULES, "route").apply(invalid));
    }

    @Test
    void tombstonesPassUnchanged() {
        SourceRecord tombstone = record("orders", null, null);
        assertSame(tombstone, value(ORDER_RULES, "fail").apply(tombstone));
    }

    @Test
    void dropReturnsNullAndCounts() {
        Validate<SourceRecord> smt = value(ORDER_RULES, "drop");
        assertNull(smt.apply(record("orders", ORDER_V1, order("", 5, "EUR"))));
        assertNull(smt.apply(record("orders", ORDER_V1, order("o-1", -5, "EUR"))));
        smt.apply(record("orders", ORDER_V1, order("o-2", 5, "EUR")));
        assertEquals(1, smt.metrics().getValidRecords());
        assertEquals(2, smt.metrics().getInvalidRecords());
        assertEquals(2, smt.metrics().getDroppedRecords());
        assertEquals(1L, smt.metrics().getInvalidRecordsByRule().get("order_id not_blank"));
        assertEquals(1L, smt.metrics().getInvalidRecordsByRule().get("total_amount > 0"));
    }

    @Test
    void failNamesTheRecordAndTheRule() {
        SinkRecord in = new SinkRecord("orders", 2, null, null, ORDER_V1, order("o-1", -1, "EUR"), 41L);
        Validate<SinkRecord> smt = new Validate.Value<>();
        smt.configure(Map.of("rules", ORDER_RULES, "on.invalid", "fail"));
        try {
            DataException error = assertThrows(DataException.class, () -> smt.apply(in));
            assertEquals("Record in topic orders partition 2 offset 41 breaks rule 'total_amount > 0' on field "
                    + "total_amount: total_amount is -1.0, not > 0", error.getMessage());
        } finally {
            smt.close();
        }
    }

    @Test
    void keysAreValidatedWithValidateKey() {
        Validate<SourceRecord> smt = new Validate.Key<>();
        smt.configure(Map.of("rules", "customer_id not_blank"));
        try {
            Map<String, Object> goodKey = new HashMap<>(Map.of("customer_id", "c-1"));
            SourceRecord valid = new SourceRecord(null, null, "orders", null, null, goodKey, null, "v");
            assertSame(valid, smt.apply(valid));
            SourceRecord invalid = smt.apply(new SourceRecord(null, null, "orders", null, null,
                    Map.of("customer_id", " "), null, "v"));
            assertEquals("orders.invalid", invalid.topic());
            SourceRecord noKey = new SourceRecord(null, null, "orders", null, null, null, Schema.STRING_SCHEMA, "v");
            assertSame(noKey, smt.apply(noKey));
        } finally {
            smt.close();
        }
    }

    @Test
    void suffixIsConfigurable() {
        validate = new Validate.Value<>();
        validate.configure(Map.of("rules", "total_amount > 0", "invalid.topic.suffix", "-dlq"));
        assertEquals("orders-dlq", validate.apply(record("orders", ORDER_V1, order("o", 0, "EUR"))).topic());
    }

    @Test
    void configErrorsPointAtTheRule() {
        ConfigException error = assertThrows(ConfigException.class, () -> new ValidateConfig(
                Map.of("rules", "order_id not_blank; total_amount >> 0")));
        assertTrue(error.getMessage().contains("rule 2 ('total_amount >> 0') at position 34"), error.getMessage());
        assertTrue(ValidateConfig.CONFIG_DEF.validateAll(Map.of("rules", "x not_null", "on.invalid", "keep"))
                .get("on.invalid").errorMessages().get(0).contains("keep"));
        assertThrows(ConfigException.class, () -> new ValidateConfig(Map.of("rules", " ; ")));
    }

    @Test
    void countersAreInJmxUntilClose() throws Exception {
        Validate<SourceRecord> smt = value("total_amount > 0", "route");
        smt.apply(record("orders", ORDER_V1, order("o", 1, "EUR")));
        smt.apply(record("orders", ORDER_V1, order("o", 0, "EUR")));
        ObjectName pattern = new ObjectName("io.rivulet.transforms:type=Validate,name=test,*");
        var server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = server.queryNames(pattern, null).iterator().next();
        assertEquals(1L, server.getAttribute(name, "ValidRecords"));
        assertEquals(1L, server.getAttribute(name, "InvalidRecords"));
        assertEquals(1L, server.getAttribute(name, "RoutedRecords"));
        smt.close();
        validate = null;
        assertTrue(server.queryNames(pattern, null).isEmpty());
    }
}

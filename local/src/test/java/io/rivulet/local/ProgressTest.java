package io.rivulet.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import io.rivulet.schemas.Topics;

/** A window's console line shows the parts whose rows are in, and no zero for a part still to come. */
class ProgressTest {
    private static final Schema SALE = SchemaBuilder.struct().field("currency", Schema.STRING_SCHEMA)
            .field("order_count", Schema.INT64_SCHEMA).field("total_amount", Schema.FLOAT64_SCHEMA).build();
    private static final Schema USERS = SchemaBuilder.struct().field("segment", Schema.STRING_SCHEMA)
            .field("active_users", Schema.INT64_SCHEMA).build();
    private static final Schema FUNNEL = SchemaBuilder.struct().field("page_view", Schema.INT64_SCHEMA)
            .field("add_to_cart", Schema.INT64_SCHEMA).field("checkout", Schema.INT64_SCHEMA)
            .field("purchase", Schema.INT64_SCHEMA).field("overall_conversion", Schema.OPTIONAL_FLOAT64_SCHEMA).build();

    @Test
    void showsThePartsThatAreIn() {
        long start = Instant.parse("2026-12-03T14:33:50Z").toEpochMilli();
        List<Struct> users = List.of(users("all", 168), users("new", 74), users("vip", 29));
        List<Struct> funnel = List.of(new Struct(FUNNEL).put("page_view", 157L).put("add_to_cart", 64L)
                .put("checkout", 33L).put("purchase", 26L).put("overall_conversion", 26 / 157.0));
        List<Struct> sales = List.of(new Struct(SALE).put("currency", "EUR").put("order_count", 12L)
                .put("total_amount", 3305.74));

        String clicksOnly = Progress.windowLine(start, start + 10_000, Map.of(Topics.ACTIVE_USERS_PER_MINUTE, users,
                Topics.FUNNEL_PER_MINUTE, funnel));
        assertEquals(window(start) + " active users 168 {new=74, vip=29} | funnel 157 > 64 > 33 > 26 (16.6%)",
                clicksOnly);
        String salesLater = Progress.windowLine(start, start + 10_000, Map.of(Topics.SALES_PER_MINUTE, sales));
        assertEquals(window(start) + " sales EUR 12 orders 3,305.74", salesLater);
        String all = Progress.windowLine(start, start + 10_000, Map.of(Topics.SALES_PER_MINUTE, sales,
                Topics.ACTIVE_USERS_PER_MINUTE, users, Topics.FUNNEL_PER_MINUTE, funnel));
        assertEquals(window(start) + " sales EUR 12 orders 3,305.74 | active users 168 {new=74, vip=29} | funnel 157 "
                + "> 64 > 33 > 26 (16.6%)", all);
    }

    private static Struct users(String segment, long count) {
        return new Struct(USERS).put("segment", segment).put("active_users", count);
    }

    /** The window's times as the line prints them, in this machine's zone. */
    private static String window(long start) {
        DateTimeFormatter time = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
        return "[window " + time.format(Instant.ofEpochMilli(start)) + "-"
                + time.format(Instant.ofEpochMilli(start + 10_000)) + "]";
    }
}

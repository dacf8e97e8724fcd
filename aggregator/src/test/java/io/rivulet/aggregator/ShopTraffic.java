package io.rivulet.aggregator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import io.rivulet.schemas.ConnectSchemas;

/**
 * Orders and clicks from a fixed seed, with redeliveries, out-of-order and late events and unreadable records, and
 * the per-window numbers they must give, computed here on their own from the definitions in docs/aggregator.md:
 * a window is [start, start + size); an event is late when, in its input partition's order, an event at or past its
 * window's end plus grace came before it; late and unreadable events count nowhere; the same order id or click
 * counts once per window.
 */
final class ShopTraffic {
    static final List<String> CURRENCIES = List.of("EUR", "USD", "GBP");
    static final List<String> SEGMENTS = List.of("new", "returning", "vip");
    static final int PARTITIONS = 3;

    /** One input record: its partition, key, value (null for an unreadable record) and event time. */
    record Event(int partition, String key, Schema schema, Struct value, long time, String id) {
    }

    record SalesKey(long windowStart, String currency) {
    }

    record Sales(long orders, BigDecimal amount) {
    }

    record UsersKey(long windowStart, String segment) {
    }

    final List<Event> orders = new ArrayList<>();
    final List<Event> clicks = new ArrayList<>();
    final Map<SalesKey, Sales> sales = new TreeMap<>((a, b) -> a.windowStart != b.windowStart
            ? Long.compare(a.windowStart, b.windowStart) : a.currency.compareTo(b.currency));
    final Map<UsersKey, Long> activeUsers = new HashMap<>();
    final Map<Long, long[]> funnel = new TreeMap<>();
    int lateOrders;
    int lateClicks;
    int unreadable;
    int duplicateOrders;
    /** Events generated as late on purpose, to check the ground truth's lateness against intent. */
    int intendedLate;

    private final long sizeMs;
    private final long graceMs;
    /** Partitions of each input topic; a record goes to the partition of its key, as the sources write them. */
    final int partitions;

    private ShopTraffic(long sizeMs, long graceMs, int partitions) {
        this.sizeMs = sizeMs;
        this.graceMs = graceMs;
        this.partitions = partitions;
    }

    /**
     * {@code minutes} of traffic from {@code base} (a minute boundary): about 3 orders and 10 clicks a second from
     * 400 users, then one order per currency and one click far ahead, which close every window before them.
     */
    static ShopTraffic generate(long seed, long base, int minutes, long sizeMs, long graceMs) {
        return generate(seed, base, minutes, sizeMs, graceMs, PARTITIONS);
    }

    static ShopTraffic generate(long seed, long base, int minutes, long sizeMs, long graceMs, int partitions) {
        ShopTraffic traffic = new ShopTraffic(sizeMs, graceMs, partitions);
        Random random = new Random(seed);
        int orderSeq = 0;
        int clickSeq = 0;
        for (int second = 0; second < minutes * 60; second++) {
            long now = base + second * 1000L;
            int clickCount = random.nextInt(21);
            for (int i = 0; i < clickCount; i++) {
                int user = random.nextInt(400);
                long time = Math.max(base, now + random.nextInt(1000) - random.nextInt(3000));
                Event click = traffic.click("e-" + clickSeq++, user, action(random), time);
                traffic.clicks.add(click);
                if (random.nextInt(50) == 0) {
                    traffic.clicks.add(click); // redelivered
                }
            }
            int orderCount = random.nextInt(7);
            for (int i = 0; i < orderCount; i++) {
                long time = Math.max(base, now + random.nextInt(1000) - random.nextInt(3000));
                if (random.nextInt(300) == 0) {
                    traffic.orders.add(new Event(random.nextInt(partitions), "c-broken", null, null, time, null));
                    continue;
                }
                Event order = traffic.order(random, "o-" + orderSeq++, time);
                traffic.orders.add(order);
                if (random.nextInt(50) == 0) {
                    traffic.orders.add(order);
                }
            }
            if (second > 12 * 60 && random.nextInt(40) == 0) { // ten minutes behind: late in any partition
                traffic.intendedLate += 2;
                traffic.orders.add(traffic.order(random, "o-late-" + orderSeq++, now - 600_000));
                traffic.clicks.add(traffic.click("e-late-" + clickSeq++, random.nextInt(400), "page_view",
                        now - 600_000));
            }
        }
        long ahead = base + (minutes + 10) * 60_000L;
        for (String currency : CURRENCIES) {
            for (int p = 0; p < partitions; p++) { // every partition must pass the windows for them to close
                // One order per partition, each its own: copies of one order would be in one partition.
                String id = "o-close-" + currency + "-" + p;
                Struct closer = orderStruct(ConnectSchemas.ORDER_V1, id, "c-close", 1.0, currency, ahead);
                traffic.orders.add(new Event(p, "c-close", ConnectSchemas.ORDER_V1, closer, ahead, id));
            }
        }
        for (int p = 0; p < partitions; p++) {
            Event click = traffic.click("e-close-" + p, 0, "click", ahead);
            traffic.clicks.add(new Event(p, click.key(), click.schema(), click.value(), ahead, click.id()));
        }
        traffic.computeTruth(ahead);
        return traffic;
    }

    private static String action(Random random) {
        int roll = random.nextInt(100);
        return roll < 45 ? "page_view" : roll < 65 ? "add_to_cart" : roll < 75 ? "checkout" : roll < 82 ? "purchase"
                : roll < 91 ? "click" : "search";
    }

    private Event order(Random random, String id, long time) {
        String customer = "c-" + random.nextInt(400);
        double amount = (100 + random.nextInt(49_900)) / 100.0;
        String currency = CURRENCIES.get(random.nextInt(CURRENCIES.size()));
        boolean v2 = random.nextBoolean();
        Struct order = orderStruct(v2 ? ConnectSchemas.ORDER_V2 : ConnectSchemas.ORDER_V1, id, customer, amount,
                currency, time);
        if (v2) {
            order.put("promo_code", random.nextInt(3) == 0 ? "WELCOME10" : null);
        }
        return new Event(partitionOf(customer), customer, order.schema(), order, time, id);
    }

    private static Struct orderStruct(Schema schema, String id, String customer, double amount, String currency,
                                      long time) {
        return new Struct(schema).put("order_id", id).put("customer_id", customer).put("total_amount", amount)
                .put("currency", currency).put("order_ts", new Date(time));
    }

    /** Users 0-359 have a segment (from RedisEnrich); 360-399 have no profile, so clicks carry none. */
    private Event click(String id, int user, String action, long time) {
        String userId = "u-" + user;
        Struct click = new Struct(AggregatorTopologyTest.CLICK_WITH_SEGMENT).put("event_id", id)
                .put("user_id", userId).put("page", "/p/" + action).put("action", action)
                .put("timestamp", new Date(time)).put("segment", user < 360 ? SEGMENTS.get(user % 3) : null);
        return new Event(partitionOf(userId), userId, click.schema(), click, time, id);
    }

    private int partitionOf(String key) {
        return Math.floorMod(key.hashCode(), partitions);
    }

    private long windowStart(long time) {
        return time - Math.floorMod(time, sizeMs);
    }

    /** Replays each partition in order, as the aggregator's gate does, and adds up what is not late. */
    private void computeTruth(long ahead) {
        long[] partitionTime = new long[partitions];
        java.util.Arrays.fill(partitionTime, Long.MIN_VALUE);
        Set<String> seenOrders = new HashSet<>();
        for (Event order : orders) {
            if (order.value() == null) {
                unreadable++;
                late(order, partitionTime); // its Kafka timestamp still moves the partition's stream time
                continue;
            }
            if (late(order, partitionTime)) {
                lateOrders++;
                continue;
            }
            long start = windowStart(order.time());
            if (!seenOrders.add(start + "/" + order.value().getString("order_id"))) {
                duplicateOrders++; // a redelivery counts once
                continue;
            }
            if (order.time() >= ahead) {
                continue; // the closers' windows never close
            }
            SalesKey key = new SalesKey(start, order.value().getString("currency"));
            Sales before = sales.getOrDefault(key, new Sales(0, BigDecimal.ZERO));
            sales.put(key, new Sales(before.orders() + 1,
                    before.amount().add(BigDecimal.valueOf(order.value().getFloat64("total_amount")))));
        }
        java.util.Arrays.fill(partitionTime, Long.MIN_VALUE);
        Map<String, Set<String>> users = new HashMap<>();
        for (Event click : clicks) {
            if (late(click, partitionTime)) {
                lateClicks++;
                continue;
            }
            if (click.time() >= ahead) {
                continue;
            }
            long start = windowStart(click.time());
            String user = click.value().getString("user_id");
            String segment = click.value().getString("segment");
            if (users.computeIfAbsent(start + "/all", k -> new HashSet<>()).add(user)) {
                activeUsers.merge(new UsersKey(start, "all"), 1L, Long::sum);
            }
            if (segment != null && users.computeIfAbsent(start + "/s/" + segment, k -> new HashSet<>()).add(user)) {
                activeUsers.merge(new UsersKey(start, segment), 1L, Long::sum);
            }
            int stage = ClicksProcessor.STAGES.indexOf(click.value().getString("action"));
            if (stage >= 0 && users.computeIfAbsent(start + "/f/" + stage, k -> new HashSet<>()).add(user)) {
                funnel.computeIfAbsent(start, k -> new long[4])[stage]++;
            }
        }
    }

    private boolean late(Event event, long[] partitionTime) {
        int p = event.partition();
        partitionTime[p] = Math.max(partitionTime[p], event.time());
        return windowStart(event.time()) + sizeMs + graceMs <= partitionTime[p];
    }

    int lateEvents() {
        return lateOrders + lateClicks;
    }
}

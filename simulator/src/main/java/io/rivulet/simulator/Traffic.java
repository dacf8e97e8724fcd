package io.rivulet.simulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Shop traffic from a seed: sessions of random users that move through the funnel (page view, add to cart, checkout,
 * purchase, which places an order) with drop-off, plus searches and clicks, some invalid, late or duplicated events,
 * Order v1 and v2 (with promo_code). The content and order of events depend only on the seed; their times on when
 * they are due (the wall clock of the run), less up to a second of disorder.
 */
final class Traffic {
    static final List<String> CURRENCIES = List.of("EUR", "USD", "GBP");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_DISORDER_MS = 1000;

    private final Random random;
    private final Users users;
    private final String idPrefix;
    private final int lateEvery;
    private final int invalidEvery;
    private final int duplicateEvery;
    /** Late events go this far behind their due time: more than twice window + grace. */
    private final long lateByMs;
    /** No late event in the first three seconds of traffic: by then every partition has seen recent events. */
    private final long firstLateEvent;
    private final PriorityQueue<ShopEvent> scheduled = new PriorityQueue<>(
            Comparator.comparingLong(ShopEvent::due).thenComparingLong(ShopEvent::seq));
    private long seq;
    private long orders;
    private long clicks;

    Traffic(SimulatorOptions options, Users users, Random random) {
        this.random = random;
        this.users = users;
        this.idPrefix = Long.toString(options.seed(), 36);
        this.lateEvery = options.lateEvery();
        this.invalidEvery = options.invalidEvery();
        this.duplicateEvery = options.duplicateEvery();
        long windowAndGrace = options.window().toMillis() + options.grace().toMillis();
        this.lateByMs = 2 * windowAndGrace + 5_000;
        this.firstLateEvent = (long) options.rate() * 3;
    }

    Users users() {
        return users;
    }

    /** Plans one session starting at {@code start}; returns how many events it will send. */
    int planSession(long start) {
        int user = random.nextInt(users.size());
        int planned = 0;
        long t = start;
        planned += click(user, "page_view", t);
        if (random.nextInt(100) < 50) {
            planned += click(user, "page_view", t += 200 + random.nextInt(1500));
        }
        if (random.nextInt(100) < 25) {
            planned += click(user, random.nextBoolean() ? "search" : "click", t += 100 + random.nextInt(800));
        }
        if (random.nextInt(100) < 40) {
            planned += click(user, "add_to_cart", t += 300 + random.nextInt(2000));
            if (random.nextInt(100) < 55) {
                planned += click(user, "checkout", t += 300 + random.nextInt(2000));
                if (random.nextInt(100) < 65) {
                    planned += click(user, "purchase", t += 300 + random.nextInt(2000));
                    planned += order(user, t + 50 + random.nextInt(200));
                }
            }
        }
        return planned;
    }

    /** One page view per user and one order for up to 64 customers, all at {@code time}: every partition moves on. */
    int planSweep(long time) {
        int planned = 0;
        for (int user = 0; user < users.size(); user++) {
            ObjectNode click = clickJson(user, "page_view", time).put("event_id", "e-" + idPrefix + "-end-" + user);
            planned += add(ShopEvent.Kind.CLICK, click, ShopEvent.Truth.VALID, time, false);
        }
        for (int user = 0; user < Math.min(64, users.size()); user++) {
            ObjectNode order = orderJson(user, time).put("order_id", "o-" + idPrefix + "-end-" + user);
            planned += add(ShopEvent.Kind.ORDER, order, ShopEvent.Truth.VALID, time, false);
        }
        return planned;
    }

    private int click(int user, String action, long due) {
        ObjectNode json = clickJson(user, action, due - random.nextInt((int) MAX_DISORDER_MS));
        if (invalidEvery > 0 && random.nextInt(invalidEvery) == 0) {
            if (random.nextBoolean()) {
                json.put("action", "hover"); // not an action the Validate rules allow
            } else {
                json.remove("user_id"); // required by the click schema
            }
            return add(ShopEvent.Kind.CLICK, json, ShopEvent.Truth.INVALID, due, false);
        }
        return addValid(ShopEvent.Kind.CLICK, json, due);
    }

    private ObjectNode clickJson(int user, String action, long time) {
        return JSON.createObjectNode().put("event_id", "e-" + idPrefix + "-" + clicks++)
                .put("user_id", users.id(user)).put("page", "/" + action.replace('_', '-') + "/" + random.nextInt(50))
                .put("action", action).put("timestamp", time);
    }

    private int order(int user, long due) {
        ObjectNode json = orderJson(user, due - random.nextInt((int) MAX_DISORDER_MS));
        if (invalidEvery > 0 && random.nextInt(invalidEvery) == 0) {
            if (random.nextBoolean()) {
                json.put("total_amount", random.nextBoolean() ? 0.0 : -(1 + random.nextInt(5000)) / 100.0);
            } else {
                json.remove("order_id");
            }
            return add(ShopEvent.Kind.ORDER, json, ShopEvent.Truth.INVALID, due, false);
        }
        return addValid(ShopEvent.Kind.ORDER, json, due);
    }

    private ObjectNode orderJson(int user, long time) {
        ObjectNode json = JSON.createObjectNode().put("order_id", "o-" + idPrefix + "-" + orders++)
                .put("customer_id", users.id(user))
                .put("total_amount", (500 + random.nextInt(49_500)) / 100.0)
                .put("currency", CURRENCIES.get(random.nextInt(CURRENCIES.size())))
                .put("order_ts", time);
        if (random.nextInt(100) < 40) { // Order v2
            json.put("promo_code", random.nextInt(3) == 0 ? null : "SPRING" + random.nextInt(30));
        }
        return json;
    }

    private int addValid(ShopEvent.Kind kind, ObjectNode json, long due) {
        if (lateEvery > 0 && seq >= firstLateEvent && random.nextInt(lateEvery) == 0) {
            json.put(kind == ShopEvent.Kind.ORDER ? "order_ts" : "timestamp", due - lateByMs);
            return add(kind, json, ShopEvent.Truth.LATE, due, false);
        }
        boolean twice = duplicateEvery > 0 && random.nextInt(duplicateEvery) == 0;
        return add(kind, json, ShopEvent.Truth.VALID, due, twice);
    }

    private int add(ShopEvent.Kind kind, ObjectNode json, ShopEvent.Truth truth, long due, boolean twice) {
        scheduled.add(new ShopEvent(due, seq++, kind, json, truth, false));
        if (twice) {
            scheduled.add(new ShopEvent(due, seq++, kind, json.deepCopy(), truth, true));
        }
        return twice ? 2 : 1;
    }

    /** Events due by {@code now}, in due order. */
    List<ShopEvent> due(long now) {
        List<ShopEvent> due = new ArrayList<>();
        while (!scheduled.isEmpty() && scheduled.peek().due() <= now) {
            due.add(scheduled.poll());
        }
        return due;
    }

    boolean isEmpty() {
        return scheduled.isEmpty();
    }

    /** The due time of the last planned event, or {@code Long.MIN_VALUE}. */
    long lastDue() {
        return scheduled.stream().mapToLong(ShopEvent::due).max().orElse(Long.MIN_VALUE);
    }
}

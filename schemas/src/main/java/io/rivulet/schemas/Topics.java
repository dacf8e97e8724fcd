package io.rivulet.schemas;

/** Topic names shared by all modules, in the article's {@code <domain>.<entity>.<event>} form. */
public final class Topics {
    public static final String ORDERS_CREATED = "ecommerce.orders.created";
    public static final String CLICKSTREAM_EVENTS = "clickstream.events";

    public static final String SALES_PER_MINUTE = "analytics.sales_per_minute";
    public static final String ACTIVE_USERS_PER_MINUTE = "analytics.active_users_per_minute";
    public static final String FUNNEL_PER_MINUTE = "analytics.funnel_per_minute";
    public static final String LATE_EVENTS = "analytics.late_events";
    /** The aggregator's dead letter topic: input records it cannot read. */
    public static final String AGGREGATOR_ERRORS = "analytics.aggregator.errors";

    /** Records that fail validation go to {@code <topic>.invalid}. */
    public static final String INVALID_SUFFIX = ".invalid";

    private Topics() {
    }

    public static String invalid(String topic) {
        return topic + INVALID_SUFFIX;
    }

    /** The registry subject of a topic's values under the default TopicNameStrategy. */
    public static String valueSubject(String topic) {
        return topic + "-value";
    }
}

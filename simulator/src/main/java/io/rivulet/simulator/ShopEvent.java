package io.rivulet.simulator;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One event the shop sends: an order (served by the orders API) or a click (POSTed to the listener), the JSON the
 * pipeline receives, and what it must count as ({@code copy}: the second delivery of a duplicated event).
 */
record ShopEvent(long due, long seq, Kind kind, ObjectNode json, Truth truth, boolean copy) {
    /** Where the event goes. */
    enum Kind { ORDER, CLICK }

    /** How the pipeline must count it. */
    enum Truth { VALID, INVALID, LATE }

    boolean isOrder() {
        return kind == Kind.ORDER;
    }

    long time() {
        return json.path(isOrder() ? "order_ts" : "timestamp").asLong();
    }

    BigDecimal amount() {
        return new BigDecimal(json.path("total_amount").asText());
    }
}

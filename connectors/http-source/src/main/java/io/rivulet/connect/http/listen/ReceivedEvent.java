package io.rivulet.connect.http.listen;

import org.apache.kafka.connect.header.Headers;

import com.fasterxml.jackson.databind.JsonNode;

/** An event as received, waiting in the queue for the next poll. */
record ReceivedEvent(JsonNode json, Headers headers, long receivedMs, PendingRequest request) {
}

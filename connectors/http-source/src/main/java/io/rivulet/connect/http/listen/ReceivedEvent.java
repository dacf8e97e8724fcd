package io.rivulet.connect.http.listen;

import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event as received, already made into its record, waiting in the queue for the next poll; {@code write}
 * completes once Kafka has it (true when it went to the invalid topic), or fails when the task stops first.
 */
record ReceivedEvent(JsonNode json, ListenedRecord record) {
    CompletableFuture<Boolean> write() {
        return record.write();
    }
}

package io.rivulet.connect.http.listen;

import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.source.SourceRecord;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Makes the record an event becomes. Called on the thread that received the request, so that the task's one thread
 * only hands records to Connect: converting every event there made it the listener's bottleneck.
 */
@FunctionalInterface
public interface EventRecords {
    SourceRecord record(ObjectNode event, Headers headers, long receivedMs);
}

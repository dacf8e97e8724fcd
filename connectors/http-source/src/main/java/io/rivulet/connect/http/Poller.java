package io.rivulet.connect.http;

import java.util.List;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;

/** What a task does in one mode: pull endpoints, or take POSTed events. */
public interface Poller {
    List<SourceRecord> poll() throws InterruptedException;

    /** Connect wrote {@code record} (metadata null: a transform dropped it). */
    default void written(SourceRecord record, RecordMetadata metadata) {
    }

    void stop();
}

package io.rivulet.connect.http.listen;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.connect.source.SourceRecord;

/**
 * A record made from POSTed events, carrying the writes that wait for it: Connect hands this very instance back to
 * commitRecord, so no lookup is needed to answer the requests (more than one write for exact duplicates).
 * Equality stays SourceRecord's: under exactly-once Connect keys a transaction's records by it.
 */
final class ListenedRecord extends SourceRecord {
    private final List<CompletableFuture<Boolean>> writes = new ArrayList<>(1);

    ListenedRecord(SourceRecord record) {
        super(record.sourcePartition(), record.sourceOffset(), record.topic(), record.kafkaPartition(),
                record.keySchema(), record.key(), record.valueSchema(), record.value(), record.timestamp(),
                record.headers());
    }

    void waitingWrite(CompletableFuture<Boolean> write) {
        writes.add(write);
    }

    /** Kafka has it: answers every write ({@code routedAsInvalid} when it went to the invalid topic). */
    void written(boolean routedAsInvalid) {
        writes.forEach(write -> write.complete(routedAsInvalid));
    }

    /** It will not be written by this task: the clients must send it again. */
    void failed(Exception reason) {
        writes.forEach(write -> write.completeExceptionally(reason));
    }

    boolean done() {
        for (CompletableFuture<Boolean> write : writes) {
            if (!write.isDone()) {
                return false;
            }
        }
        return true;
    }
}

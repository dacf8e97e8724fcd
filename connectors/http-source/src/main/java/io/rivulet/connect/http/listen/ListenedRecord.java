package io.rivulet.connect.http.listen;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import org.apache.kafka.connect.source.SourceRecord;

/**
 * A record made from a POSTed event, carrying the writes that wait for it: Connect hands this very instance back to
 * commitRecord, so no lookup is needed to answer the requests (more than one write for exact duplicates).
 * Equality stays SourceRecord's: under exactly-once Connect keys a transaction's records by it.
 */
final class ListenedRecord extends SourceRecord {
    private static final AtomicIntegerFieldUpdater<ListenedRecord> SETTLED =
            AtomicIntegerFieldUpdater.newUpdater(ListenedRecord.class, "settled");

    private final CompletableFuture<Boolean> write;
    private final List<CompletableFuture<Boolean>> duplicates = new ArrayList<>(0);
    private InFlightBatch batch;
    private volatile int settled;

    ListenedRecord(SourceRecord record, CompletableFuture<Boolean> write) {
        super(record.sourcePartition(), record.sourceOffset(), record.topic(), record.kafkaPartition(),
                record.keySchema(), record.key(), record.valueSchema(), record.value(), record.timestamp(),
                record.headers());
        this.write = write;
    }

    /** The write of the event this record was made from. */
    CompletableFuture<Boolean> write() {
        return write;
    }

    /** An equal record of the same poll is written as this one: its request waits for this write too. */
    void absorb(ListenedRecord equal) {
        duplicates.add(equal.write);
        duplicates.addAll(equal.duplicates);
    }

    /** Handed to Connect as part of {@code batch}; called before Connect sees it. */
    void handedOver(InFlightBatch batch) {
        this.batch = batch;
    }

    /** Kafka has it: answers every write ({@code routedAsInvalid} when it went to the invalid topic). */
    void written(boolean routedAsInvalid) {
        write.complete(routedAsInvalid);
        duplicates.forEach(duplicate -> duplicate.complete(routedAsInvalid));
        settle();
    }

    /** It will not be written by this task: the clients must send it again. */
    void failed(Exception reason) {
        write.completeExceptionally(reason);
        duplicates.forEach(duplicate -> duplicate.completeExceptionally(reason));
        settle();
    }

    private void settle() {
        if (batch != null && SETTLED.compareAndSet(this, 0, 1)) {
            batch.settledOne();
        }
    }
}

package io.rivulet.connect.http.listen;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

import org.apache.kafka.connect.source.SourceRecord;

/**
 * A record made from a POSTed event, carrying what waits for its write: Connect hands this very instance back to
 * commitRecord, so no lookup is needed to answer the request (and the requests of exact duplicates of the same
 * poll). Equality stays SourceRecord's: under exactly-once Connect keys a transaction's records by it.
 *
 * <p>The outcome of the write is a field; a future of it is made only when a retry of the event waits for the write
 * ({@link #future}). A future per event, completed on the producer's thread, cost that thread a cache miss per
 * event.
 */
final class ListenedRecord extends SourceRecord implements RecentEventIds.Write {
    private static final int UNDER_WAY = 0;
    private static final int WRITTEN = 1;
    private static final int WRITTEN_AS_INVALID = 2;
    private static final int FAILED = 3;
    private static final AtomicIntegerFieldUpdater<ListenedRecord> OUTCOME =
            AtomicIntegerFieldUpdater.newUpdater(ListenedRecord.class, "outcome");
    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<ListenedRecord, CompletableFuture> FUTURE =
            AtomicReferenceFieldUpdater.newUpdater(ListenedRecord.class, CompletableFuture.class, "future");

    private volatile int outcome = UNDER_WAY;
    private volatile Exception failure;
    /** Made when a retry waits for this write. */
    private volatile CompletableFuture<Boolean> future;
    /** Equal records of the same poll, written as this one; null: none. */
    private List<ListenedRecord> duplicates;
    /** The request that waits for this record, told directly; null until {@link #answers}. */
    private PendingRequest request;
    private InFlightBatch batch;

    ListenedRecord(SourceRecord record) {
        super(record.sourcePartition(), record.sourceOffset(), record.topic(), record.kafkaPartition(),
                record.keySchema(), record.key(), record.valueSchema(), record.value(), record.timestamp(),
                record.headers());
    }

    /** {@code request} is told when this record is written or fails; called before the record is queued. */
    void answers(PendingRequest request) {
        this.request = request;
    }

    /** An equal record of the same poll is written as this one: its request waits for this write too. */
    void absorb(ListenedRecord equal) {
        if (duplicates == null) {
            duplicates = new ArrayList<>(1);
        }
        duplicates.add(equal);
        if (equal.duplicates != null) {
            duplicates.addAll(equal.duplicates);
        }
    }

    /** Handed to Connect as part of {@code batch}; called before Connect sees it. */
    void handedOver(InFlightBatch batch) {
        this.batch = batch;
    }

    /** Kafka has it: answers every request waiting ({@code routedAsInvalid} when it went to the invalid topic). */
    void written(boolean routedAsInvalid) {
        if (settle(routedAsInvalid ? WRITTEN_AS_INVALID : WRITTEN, null) && duplicates != null) {
            duplicates.forEach(duplicate -> duplicate.settle(routedAsInvalid ? WRITTEN_AS_INVALID : WRITTEN, null));
        }
    }

    /** It will not be written by this task: the clients must send it again. */
    void failed(Exception reason) {
        if (settle(FAILED, reason) && duplicates != null) {
            duplicates.forEach(duplicate -> duplicate.settle(FAILED, reason));
        }
    }

    /** Sets the outcome, once, and tells whoever waits; false when it was set before. */
    private boolean settle(int settled, Exception reason) {
        if (reason != null) {
            failure = reason; // read only by those who see FAILED, after it
        }
        if (!OUTCOME.compareAndSet(this, UNDER_WAY, settled)) {
            return false;
        }
        CompletableFuture<Boolean> waiting = future;
        if (waiting != null) {
            complete(waiting);
        }
        if (request != null) {
            if (settled == FAILED) {
                request.failed(reason);
            } else {
                request.written(settled == WRITTEN_AS_INVALID);
            }
        }
        if (batch != null) {
            batch.settledOne();
        }
        return true;
    }

    @Override
    public boolean done() {
        return outcome != UNDER_WAY;
    }

    @Override
    public boolean failed() {
        return outcome == FAILED;
    }

    @Override
    public boolean routedAsInvalid() {
        return outcome == WRITTEN_AS_INVALID;
    }

    @Override
    public CompletableFuture<Boolean> future() {
        CompletableFuture<Boolean> waiting = future;
        if (waiting == null) {
            CompletableFuture<Boolean> made = new CompletableFuture<>();
            waiting = FUTURE.compareAndSet(this, null, made) ? made : future;
        }
        // The write may have settled before the future was there for it; completing twice changes nothing.
        complete(waiting);
        return waiting;
    }

    private void complete(CompletableFuture<Boolean> waiting) {
        switch (outcome) {
            case WRITTEN -> waiting.complete(false);
            case WRITTEN_AS_INVALID -> waiting.complete(true);
            case FAILED -> waiting.completeExceptionally(failure);
            default -> { } // under way: completed when it settles
        }
    }
}

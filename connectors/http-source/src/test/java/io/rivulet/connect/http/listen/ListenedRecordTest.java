package io.rivulet.connect.http.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** The outcome of a listened record's write reaches its request once, and any retry's future, whenever made. */
class ListenedRecordTest {

    @Test
    void theRequestIsToldOnceAndTheFirstOutcomeStays() {
        ListenedRecord written = record();
        PendingRequest request = new PendingRequest(1);
        written.answers(request);
        written.written(true);
        written.failed(new IllegalStateException("the task stopped"));
        written.written(false);
        assertEquals(new PendingRequest.Outcome(1, 1, 0), request.done().getNow(null));
        assertTrue(written.done());
        assertFalse(written.failed());
        assertTrue(written.routedAsInvalid());
        assertTrue(written.future().getNow(null));

        ListenedRecord failed = record();
        PendingRequest failing = new PendingRequest(2);
        failed.answers(failing);
        IllegalStateException reason = new IllegalStateException("the queue is full");
        failed.failed(reason);
        failed.written(false);
        assertTrue(failed.failed());
        CompletionException thrown = assertThrows(CompletionException.class, () -> failed.future().getNow(null));
        assertSame(reason, thrown.getCause());
        assertTrue(failing.done().isCompletedExceptionally());
    }

    @Test
    void aRetrysFutureCompletesWhetherMadeBeforeAfterOrWhileTheWriteSettles() throws Exception {
        ExecutorService producer = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < 20_000; i++) {
                ListenedRecord record = record();
                boolean invalid = i % 2 == 0;
                CompletableFuture<Boolean> before = i % 3 == 0 ? record.future() : null;
                Future<?> settling = producer.submit(() -> record.written(invalid));
                CompletableFuture<Boolean> during = record.future();
                settling.get(10, TimeUnit.SECONDS);
                CompletableFuture<Boolean> after = record.future();
                for (CompletableFuture<Boolean> future : new CompletableFuture[] {before, during, after}) {
                    if (future != null) {
                        assertTrue(future.isDone(), "attempt " + i);
                        assertEquals(invalid, future.join());
                    }
                }
            }
        } finally {
            producer.shutdownNow();
        }
    }

    private static ListenedRecord record() {
        return new ListenedRecord(new SourceRecord(null, null, "clicks", null, Schema.STRING_SCHEMA, "{}"));
    }
}

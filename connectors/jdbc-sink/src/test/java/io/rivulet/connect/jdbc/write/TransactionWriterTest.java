package io.rivulet.connect.jdbc.write;

import static io.rivulet.connect.jdbc.write.WriteFixtures.SALES;
import static io.rivulet.connect.jdbc.write.WriteFixtures.config;
import static io.rivulet.connect.jdbc.write.WriteFixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import io.rivulet.common.ErrantRecords;
import io.rivulet.connect.jdbc.JdbcSinkConfig;

/** One batch, one transaction, against a database in memory that fails on demand. */
class TransactionWriterTest {
    private final FakeDatabase db = new FakeDatabase();
    private final List<SinkRecord> reported = new ArrayList<>();
    private final JdbcSinkMetrics metrics = new JdbcSinkMetrics();

    private ErrantRecords errant(boolean withReporter) {
        return new ErrantRecords(withReporter ? (record, error) -> {
            reported.add(record);
            return CompletableFuture.completedFuture(null);
        } : null);
    }

    private void write(JdbcSinkConfig config, boolean withReporter, SinkRecord... records) {
        ErrantRecords errant = errant(withReporter);
        Batch batch = new BatchBuilder(config, errant).build(List.of(records), Map.of());
        try (TransactionWriter writer = new TransactionWriter(config, db.dialect(), errant, db, metrics)) {
            writer.write(batch);
        }
    }

    @Test
    void aBatchIsOneTransactionDeletesFirst() {
        db.createTable(SALES, "id", "n");
        write(config(), false, record(0, 0, "a", 1L), record(0, 1, "b", 2L));
        write(config("delete.enabled", "true"), false, record(0, 2, "a", null), record(0, 3, "c", 3L));
        assertEquals(Map.of("[b]", "[2]", "[c]", "[3]"), db.rows(SALES));
        assertEquals(List.of("open 1", "write public.sales 2", "commit", "close 1",
                "open 2", "delete public.sales 1", "write public.sales 1", "commit", "close 2"), db.log());
        assertEquals(4, metrics.getRowsWritten(), "two rows, then a delete and a row");
        assertEquals(2, metrics.getFlushSecondsCount(), "one flush per transaction");
        assertEquals(0, metrics.getWriteRetries());
    }

    @Test
    void aMissingTableIsCreatedWhenAutoCreateIsOnAndRefusedOtherwise() {
        ConnectException refused = assertThrows(ConnectException.class,
                () -> write(config("auto.create", "false"), false, record(0, 0, "a", 1L)));
        assertTrue(refused.getMessage().contains("public.sales does not exist and auto.create is false"),
                refused.getMessage());
        write(config("auto.create", "true"), false, record(0, 0, "a", 1L));
        assertEquals(Map.of("[a]", "[1]"), db.rows(SALES));
    }

    @Test
    void aBrokenConnectionIsRetriedOnANewOneAndTheBatchLandsOnce() {
        db.createTable(SALES, "id", "n");
        db.breakConnectionFor(2);
        write(config(), false, record(0, 0, "a", 1L), record(0, 1, "b", 2L));
        assertEquals(Map.of("[a]", "[1]", "[b]", "[2]"), db.rows(SALES));
        assertEquals(3, db.opened(), "a new connection for each retry");
        assertEquals(1, db.commits());
        assertEquals(2, metrics.getRowsWritten());
        assertEquals(2, metrics.getWriteRetries());
        assertEquals(1, metrics.getFlushSecondsCount(), "the retries are part of the one flush");
    }

    @Test
    void retriesEndAtMaxRetriesWithTheTablesAndTheLastErrorNamed() {
        db.createTable(SALES, "id", "n");
        db.breakConnectionFor(3); // max.retries=2: three attempts
        ConnectException e = assertThrows(ConnectException.class,
                () -> write(config(), false, record(0, 0, "a", 1L)));
        assertTrue(e.getMessage().contains("Writing 1 rows to [public.sales] failed 3 times (max.retries=2)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("I/O error") && e.getMessage().contains("08006"), e.getMessage());
        assertEquals(Map.of(), db.rows(SALES), "nothing committed");
    }

    @Test
    void aRefusedRowIsSetAsideAndTheOthersAreWritten() {
        db.createTable(SALES, "id", "n");
        db.refuse(666L);
        SinkRecord bad = record(0, 1, "b", 666L);
        write(config(), true, record(0, 0, "a", 1L), bad, record(0, 2, "c", 3L));
        assertEquals(List.of(bad), reported);
        assertEquals(Map.of("[a]", "[1]", "[c]", "[3]"), db.rows(SALES));
        assertTrue(db.log().contains("rollback to savepoint"), db.log().toString());
        assertEquals(1, db.commits());
        assertEquals(2, metrics.getRowsWritten(), "the refused row is not counted");
    }

    @Test
    void withoutAReporterARefusedRowFailsTheBatchNamingTheRecord() {
        db.createTable(SALES, "id", "n");
        db.refuse(666L);
        ConnectException e = assertThrows(ConnectException.class,
                () -> write(config(), false, record(0, 0, "a", 1L), record(3, 41, "b", 666L)));
        assertTrue(e.getMessage().contains("t.sales/3@41") && e.getMessage().contains("value too long"),
                e.getMessage());
        assertEquals(Map.of(), db.rows(SALES), "nothing committed");
    }
}

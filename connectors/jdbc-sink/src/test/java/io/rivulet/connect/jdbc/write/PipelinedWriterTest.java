package io.rivulet.connect.jdbc.write;

import static io.rivulet.connect.jdbc.write.WriteFixtures.SALES;
import static io.rivulet.connect.jdbc.write.WriteFixtures.config;
import static io.rivulet.connect.jdbc.write.WriteFixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Offsets become committable only once their batch's transaction has committed. */
class PipelinedWriterTest {
    private static final TopicPartition P0 = new TopicPartition("t.sales", 0);
    private static final TopicPartition P1 = new TopicPartition("t.sales", 1);
    private final FakeDatabase db = new FakeDatabase();

    @BeforeEach
    void table() {
        db.createTable(SALES, "id", "n");
    }

    private PipelinedWriter writer(String batchSize) {
        return new PipelinedWriter(config("batch.size", batchSize, "flush.interval.ms", "600000"), db.dialect(),
                null, db);
    }

    @Test
    void offsetsAreCommittableOnlyAfterTheirBatchCommitted() {
        try (PipelinedWriter writer = writer("100")) {
            writer.add(record(0, 10, "a", 1L));
            writer.add(record(1, 20, "b", 2L));
            writer.flushIfDue();
            assertEquals(Map.of(), writer.committedOffsets(), "buffered, not written");
            assertEquals(Map.of(), db.rows(SALES));
            writer.flush();
            assertEquals(Map.of(P0, new OffsetAndMetadata(11), P1, new OffsetAndMetadata(21)),
                    writer.committedOffsets());
            assertEquals(Map.of("[a]", "[1]", "[b]", "[2]"), db.rows(SALES));
        }
    }

    @Test
    void aFullBatchIsWrittenWhileTheNextIsCollectedInOrder() {
        try (PipelinedWriter writer = writer("2")) {
            for (long n = 0; n < 7; n++) {
                writer.add(record(0, n, "k" + (n % 3), n));
            }
            writer.flush();
            assertEquals(Map.of(P0, new OffsetAndMetadata(7)), writer.committedOffsets());
            assertEquals(Map.of("[k0]", "[6]", "[k1]", "[4]", "[k2]", "[5]"), db.rows(SALES), "the latest of each");
            assertEquals(4, db.commits(), "batches of 2, 2, 2 and 1");
        }
    }

    @Test
    void aFailedBatchFailsEveryLaterCallAndNoMoreOffsetsAreCommittable() {
        try (PipelinedWriter writer = writer("100")) {
            writer.add(record(0, 0, "a", 1L));
            writer.flush();
            Map<TopicPartition, OffsetAndMetadata> before = writer.committedOffsets();
            db.breakConnectionFor(3); // max.retries=2
            writer.add(record(0, 1, "b", 2L));
            ConnectException failure = assertThrows(ConnectException.class, writer::flush);
            assertSame(failure, assertThrows(ConnectException.class, () -> writer.add(record(0, 2, "c", 3L))));
            assertSame(failure, assertThrows(ConnectException.class, writer::flushIfDue));
            assertEquals(before, writer.committedOffsets());
            assertEquals(Map.of("[a]", "[1]"), db.rows(SALES));
        }
    }

    @Test
    void lostPartitionsLeaveTheBufferAndTheirOffsetsAreForgotten() {
        try (PipelinedWriter writer = writer("100")) {
            writer.add(record(0, 0, "a", 1L));
            writer.add(record(1, 0, "b", 2L));
            writer.flush();
            writer.add(record(1, 1, "b", 3L));
            writer.add(record(0, 1, "a", 4L));
            writer.dropPartitions(List.of(P1));
            writer.flush();
            assertEquals(Map.of(P0, new OffsetAndMetadata(2)), writer.committedOffsets());
            assertEquals(Map.of("[a]", "[4]", "[b]", "[2]"), db.rows(SALES), "b=3 is its new owner's to write");
        }
    }
}

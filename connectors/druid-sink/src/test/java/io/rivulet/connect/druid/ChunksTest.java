package io.rivulet.connect.druid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** The rows a flush may still rewrite, and how far offsets may be committed while they are held. */
class ChunksTest {
    private static final long MINUTE = 60_000;
    private static final TopicPartition P0 = new TopicPartition("analytics.sales", 0);
    private static final TopicPartition P1 = new TopicPartition("analytics.sales", 1);

    private final Chunks chunks = new Chunks(MINUTE);

    private static SinkRecord record(TopicPartition partition, long offset) {
        return new SinkRecord(partition.topic(), partition.partition(), Schema.STRING_SCHEMA, "k",
                Schema.STRING_SCHEMA, "v", offset);
    }

    private void add(TopicPartition partition, long offset, long time, String key, String json) {
        chunks.add(partition, offset, "sales", time, key, new Chunks.Row(json, record(partition, offset)));
    }

    private static long committed(Map<TopicPartition, OffsetAndMetadata> offsets, TopicPartition partition) {
        return offsets.get(partition).offset();
    }

    @Test
    void chunksAlignToTheirLengthEvenBeforeTheEpoch() {
        assertEquals(120_000, chunks.chunkStart(179_999));
        assertEquals(-60_000, chunks.chunkStart(-1));
    }

    @Test
    void aRowSeenAgainReplacesTheOldOneByKey() {
        add(P0, 0, 1_000, "EUR", "{\"n\":1}");
        add(P0, 1, 2_000, "EUR", "{\"n\":2}");
        add(P0, 2, 3_000, "USD", "{\"n\":5}");
        assertEquals(2, chunks.size());
        Chunks.Rows rows = chunks.changed().get("sales").get(0).getValue();
        assertEquals("{\"n\":2}", rows.byKey.get("EUR").json());
    }

    @Test
    void theSameRowAgainDoesNotMarkAWrittenChunkChanged() {
        add(P0, 0, 1_000, "EUR", "{\"n\":1}");
        chunks.changed().get("sales").get(0).getValue().changed = false; // as after a flush
        add(P0, 1, 1_500, "EUR", "{\"n\":1}");
        assertTrue(chunks.changed().isEmpty(), "a replayed, identical row needs no rewrite");
        add(P0, 2, 1_600, "EUR", "{\"n\":3}");
        assertEquals(1, chunks.changed().get("sales").size());
    }

    /** A restarted task must read every row of any chunk it may rewrite, so commits stop at a held chunk's first. */
    @Test
    void offsetsAreHeldBackToTheFirstRecordOfAHeldChunk() {
        add(P0, 10, 1_000, "EUR", "{}");
        add(P0, 11, MINUTE + 1_000, "EUR", "{}");
        add(P1, 5, MINUTE + 2_000, "USD", "{}");
        Map<TopicPartition, OffsetAndMetadata> offsets = chunks.committable();
        assertEquals(10, committed(offsets, P0));
        assertEquals(5, committed(offsets, P1));
    }

    @Test
    void writtenChunksLeaveOnceEveryPartitionIsPastThemByTheRetention() {
        add(P0, 10, 1_000, "EUR", "{}");
        chunks.changed().get("sales").forEach(chunk -> chunk.getValue().changed = false);
        add(P0, 11, 3 * MINUTE, "EUR", "{}");
        chunks.evict(List.of(P0, P1), MINUTE);
        assertEquals(2, chunks.size(), "P1 has sent nothing: it may still hold rows of the first minute");
        add(P1, 0, 3 * MINUTE, "USD", "{}");
        chunks.evict(List.of(P0, P1), MINUTE);
        assertEquals(2, chunks.size(), "the first minute left; the third (changed) stays");
        assertEquals(11, committed(chunks.committable(), P0), "offsets move past the evicted chunk");
    }

    @Test
    void aChangedChunkIsNeverEvicted() {
        add(P0, 0, 1_000, "EUR", "{}");
        add(P0, 1, 10 * MINUTE, "EUR", "{}");
        chunks.evict(List.of(P0), 0);
        assertEquals(2, chunks.size());
    }

    @Test
    void aRefusedRowIsTakenOutByItsRecordAndItsChunkRewritten() {
        add(P0, 7, 1_000, "EUR", "{}");
        add(P0, 8, 2_000, "USD", "{}");
        chunks.changed().get("sales").forEach(chunk -> chunk.getValue().changed = false);
        SinkRecord taken = chunks.take("sales", "analytics.sales/0@8");
        assertEquals(8, taken.kafkaOffset());
        assertEquals(1, chunks.size());
        assertFalse(chunks.changed().isEmpty(), "the chunk is written again without the row");
        assertNull(chunks.take("sales", "analytics.sales/0@8"), "taken once");
        assertNull(chunks.take("other", "analytics.sales/0@7"), "only from its own datasource");
    }

    @Test
    void aLostPartitionIsForgotten() {
        add(P0, 3, 1_000, "EUR", "{}");
        chunks.processed(P1, 9);
        chunks.dropPartitions(List.of(P1));
        assertFalse(chunks.committable().containsKey(P1));
        assertSame(null, chunks.committable().get(new TopicPartition("x", 0)));
    }
}

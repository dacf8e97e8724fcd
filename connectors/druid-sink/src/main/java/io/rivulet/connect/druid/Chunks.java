package io.rivulet.connect.druid;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Every row of the time chunks a flush may still rewrite, per datasource. A chunk is written whole (Druid replaces
 * the chunk's segments), so it must hold all rows ever seen for it, by key (a row seen again replaces the old one).
 * Chunks leave memory once every assigned partition has passed their end by the retention, and offsets are
 * committable only up to the first record of a chunk still held: a restarted task reads all rows of any chunk it
 * may rewrite again.
 */
final class Chunks {
    /** One time chunk of one datasource. */
    record Id(String datasource, long start) implements Comparable<Id> {
        @Override
        public int compareTo(Id other) {
            int byName = datasource.compareTo(other.datasource);
            return byName != 0 ? byName : Long.compare(start, other.start);
        }
    }

    /** A row as Druid reads it (JSON), and the record it came from, for the errant record reporter. */
    record Row(String json, SinkRecord record) {
        /** Where the record came from, {@code topic/partition@offset}: how a row Druid refused names its record. */
        static String ref(SinkRecord record) {
            return record.originalTopic() + "/" + record.originalKafkaPartition() + "@" + record.originalKafkaOffset();
        }
    }

    static final class Rows {
        final Map<String, Row> byKey = new LinkedHashMap<>();
        final Map<TopicPartition, Long> firstOffsets = new HashMap<>();
        boolean changed;
    }

    private final long chunkMs;
    private final Map<Id, Rows> chunks = new TreeMap<>();
    private final Map<TopicPartition, Long> maxEventTime = new HashMap<>();
    private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();

    Chunks(long chunkMs) {
        this.chunkMs = chunkMs;
    }

    long chunkStart(long time) {
        return time - Math.floorMod(time, chunkMs);
    }

    long chunkMs() {
        return chunkMs;
    }

    void add(TopicPartition partition, long offset, String datasource, long time, String key, Row row) {
        Rows rows = chunks.computeIfAbsent(new Id(datasource, chunkStart(time)), id -> new Rows());
        Row before = rows.byKey.put(key, row);
        rows.changed |= before == null || !row.json().equals(before.json());
        rows.firstOffsets.merge(partition, offset, Math::min);
        maxEventTime.merge(partition, time, Math::max);
        processed(partition, offset);
    }

    /** A record that writes nothing (a tombstone) still counts as processed. */
    void processed(TopicPartition partition, long offset) {
        nextOffsets.merge(partition, offset + 1, Math::max);
    }

    /**
     * Takes out the row of the datasource that came from the record at {@code ref} ({@link Row#ref}), to be reported
     * as unwritable, marking its chunk changed; returns the record, or null when no held row came from it.
     */
    SinkRecord take(String datasource, String ref) {
        for (Map.Entry<Id, Rows> chunk : chunks.entrySet()) {
            if (!chunk.getKey().datasource().equals(datasource)) {
                continue;
            }
            var rows = chunk.getValue().byKey.values().iterator();
            while (rows.hasNext()) {
                SinkRecord record = rows.next().record();
                if (Row.ref(record).equals(ref)) {
                    rows.remove();
                    chunk.getValue().changed = true;
                    return record;
                }
            }
        }
        return null;
    }

    /** The changed chunks, by datasource. */
    Map<String, List<Map.Entry<Id, Rows>>> changed() {
        Map<String, List<Map.Entry<Id, Rows>>> byDatasource = new TreeMap<>();
        for (Map.Entry<Id, Rows> chunk : chunks.entrySet()) {
            if (chunk.getValue().changed) {
                byDatasource.computeIfAbsent(chunk.getKey().datasource(), ds -> new ArrayList<>()).add(chunk);
            }
        }
        return byDatasource;
    }

    /** Drops unchanged chunks that every assigned partition has passed by {@code retentionMs} of event time. */
    void evict(Collection<TopicPartition> assignment, long retentionMs) {
        long watermark = Long.MAX_VALUE;
        for (TopicPartition partition : assignment) {
            Long time = maxEventTime.get(partition);
            if (time == null) {
                return; // a partition that sent nothing yet may still hold rows of any chunk
            }
            watermark = Math.min(watermark, time);
        }
        long horizon = watermark;
        chunks.entrySet().removeIf(chunk -> !chunk.getValue().changed
                && chunk.getKey().start() + chunkMs + retentionMs <= horizon);
    }

    /** Per partition: the next offset, held back to the first record of any chunk still in memory. */
    Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, Long> safe = new HashMap<>(nextOffsets);
        for (Rows rows : chunks.values()) {
            rows.firstOffsets.forEach((partition, first) -> safe.merge(partition, first, Math::min));
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        safe.forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
        return offsets;
    }

    /** Forgets partitions this task lost: their new owner reads them from the last commit. */
    void dropPartitions(Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> {
            maxEventTime.remove(partition);
            nextOffsets.remove(partition);
        });
    }

    int size() {
        return chunks.values().stream().mapToInt(rows -> rows.byKey.size()).sum();
    }
}

package io.rivulet.connect.jdbc.write;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;

import io.rivulet.common.ErrantRecords;
import io.rivulet.connect.jdbc.JdbcSinkConfig;
import io.rivulet.connect.jdbc.dialect.DatabaseDialect;

/**
 * The sink task's writer: collects records on the task thread and turns full batches into rows and writes them on
 * a writer thread, one batch at a time and in order, so Connect converts the next batch while the database commits
 * the last one. Offsets become committable only when their batch's transaction has committed; {@link #flush()}
 * waits for that.
 */
public final class PipelinedWriter implements AutoCloseable {
    private final JdbcSinkConfig config;
    private final BatchBuilder builder;
    private final TransactionWriter database;
    private final JdbcSinkMetrics metrics = new JdbcSinkMetrics();
    private List<SinkRecord> records = new ArrayList<>();
    private Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    private long firstAtMs = -1;
    private final ExecutorService writerThread;
    private final Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
    private CompletableFuture<Batch> inFlight;
    /** A batch that could not be written; every later call throws it, so the task fails and commits nothing more. */
    private ConnectException failure;

    public PipelinedWriter(JdbcSinkConfig config, DatabaseDialect dialect, ErrantRecordReporter reporter) {
        this(config, dialect, reporter, ConnectionSource.of(config));
    }

    PipelinedWriter(JdbcSinkConfig config, DatabaseDialect dialect, ErrantRecordReporter reporter,
                    ConnectionSource connections) {
        this.config = config;
        ErrantRecords errant = new ErrantRecords(reporter);
        this.builder = new BatchBuilder(config, errant);
        this.database = new TransactionWriter(config, dialect, errant, connections, metrics);
        this.writerThread = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rivulet-jdbc-writer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** What the writer has written, for JMX. */
    public JdbcSinkMetrics metrics() {
        return metrics;
    }

    /** Takes a record; hands the batch to the writer thread when it is full. */
    public void add(SinkRecord record) {
        throwIfFailed();
        records.add(record);
        offsets.put(new TopicPartition(record.originalTopic(), record.originalKafkaPartition()),
                new OffsetAndMetadata(record.originalKafkaOffset() + 1));
        if (firstAtMs < 0) {
            firstAtMs = System.currentTimeMillis();
        }
        if (records.size() >= config.getInt(JdbcSinkConfig.BATCH_SIZE_CONFIG)) {
            submit();
        }
    }

    /** Hands the buffer over when its oldest row has waited flush.interval.ms. */
    public void flushIfDue() {
        throwIfFailed();
        if (firstAtMs >= 0 && System.currentTimeMillis() - firstAtMs >= config.flushInterval().toMillis()) {
            submit();
        }
    }

    /** Writes everything taken in so far and waits until it is committed in the database. */
    public void flush() {
        throwIfFailed();
        submit();
        awaitInFlight();
    }

    /** Offsets Connect may commit: those of records that are in the database (or skipped, or reported). */
    public Map<TopicPartition, OffsetAndMetadata> committedOffsets() {
        return new HashMap<>(committed);
    }

    /** Waits for the batch being written, then starts writing the buffered one (if any). */
    private void submit() {
        if (records.isEmpty()) {
            return;
        }
        awaitInFlight();
        List<SinkRecord> taken = records;
        Map<TopicPartition, OffsetAndMetadata> covered = offsets;
        records = new ArrayList<>();
        offsets = new HashMap<>();
        firstAtMs = -1;
        inFlight = CompletableFuture.supplyAsync(() -> {
            Batch batch = builder.build(taken, covered);
            database.write(batch);
            return batch;
        }, writerThread);
    }

    private void awaitInFlight() {
        if (inFlight == null) {
            return;
        }
        CompletableFuture<Batch> pending = inFlight;
        inFlight = null;
        try {
            committed.putAll(pending.join().offsets());
        } catch (CompletionException e) {
            failure = e.getCause() instanceof ConnectException ? (ConnectException) e.getCause()
                    : new ConnectException("Writing a batch failed", e.getCause());
            throw failure;
        }
    }

    private void throwIfFailed() {
        if (failure != null) {
            throw failure;
        }
    }

    /** Forgets buffered rows and offsets of partitions this task lost; their new owner reads them again. */
    public void dropPartitions(Collection<TopicPartition> partitions) {
        try {
            awaitInFlight();
        } finally {
            Set<TopicPartition> lost = Set.copyOf(partitions);
            records.removeIf(record -> lost.contains(new TopicPartition(record.originalTopic(),
                    record.originalKafkaPartition())));
            lost.forEach(partition -> {
                offsets.remove(partition);
                committed.remove(partition);
            });
        }
    }

    @Override
    public void close() {
        writerThread.shutdownNow();
        database.close();
    }
}

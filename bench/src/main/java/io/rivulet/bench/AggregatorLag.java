package io.rivulet.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import io.rivulet.local.LocalPipeline;
import io.rivulet.schemas.Topics;

/**
 * The aggregator's lag (input events it has not committed yet, over both input topics), read from its group's
 * committed offsets as an operator's lag exporter does, and sampled once a second while a load runs. One admin
 * client and one consumer serve every reading: making them per reading took a third of a core.
 */
final class AggregatorLag implements AutoCloseable {
    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> inputs;
    private final List<long[]> samples = new ArrayList<>(); // [ms since start, lag]
    private volatile boolean running = true;
    private Thread sampler;

    AggregatorLag(LocalPipeline pipeline) {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.kafka().bootstrapServers()));
        consumer = pipeline.kafka().consumer();
        inputs = TopicTally.partitions(consumer, List.of(Topics.ORDERS_CREATED, Topics.CLICKSTREAM_EVENTS));
    }

    void startSampling() {
        long started = System.nanoTime();
        sampler = new Thread(() -> {
            while (running) {
                long lag = now();
                synchronized (samples) {
                    samples.add(new long[] {(System.nanoTime() - started) / 1_000_000, lag});
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "lag-samples");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Stops sampling; the lag can still be read. */
    void stopSampling() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join();
    }

    /** The largest lag, the lag when the load ended, and how the lag grew per second during the load. */
    String describe(long atEnd, double loadSeconds) {
        synchronized (samples) {
            long max = samples.stream().mapToLong(s -> s[1]).max().orElse(0);
            long firstMs = samples.isEmpty() ? 0 : samples.get(0)[0];
            long first = samples.isEmpty() ? 0 : samples.get(0)[1];
            double growth = (atEnd - first) / Math.max(0.001, loadSeconds - firstMs / 1000.0);
            return String.format("largest %,d events; %,d when the load ended (grew %,.0f events/s over the "
                    + "load); %d samples", max, atEnd, growth, samples.size());
        }
    }

    /** Events the aggregator has not read yet, over both input topics. */
    synchronized long now() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                    LocalPipeline.AGGREGATOR_ID).partitionsToOffsetAndMetadata().get();
            long lag = 0;
            for (Map.Entry<TopicPartition, Long> end : consumer.endOffsets(inputs).entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                lag += end.getValue() - (at == null ? 0 : at.offset());
            }
            return lag;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot read the aggregator's offsets", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        consumer.close();
        admin.close();
    }
}

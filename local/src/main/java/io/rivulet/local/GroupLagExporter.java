package io.rivulet.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Every consumer group's lag from its committed offsets, on each scrape, as kafka_exporter publishes it
 * ({@code kafka_consumergroup_lag{consumergroup, topic, partition}}): what a paused or stuck consumer's own
 * {@code records-lag-max} cannot show, since a consumer that fetches nothing records no lag. The compose stack runs
 * kafka_exporter itself and Strimzi its Kafka Exporter; this serves the local run and the tests.
 */
public final class GroupLagExporter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupLagExporter.class);
    private static final long TIMEOUT_SECONDS = 10;

    private final Admin admin;
    private final HTTPServer server;

    private GroupLagExporter(Admin admin, HTTPServer server) {
        this.admin = admin;
        this.server = server;
    }

    /** Serves {@code /metrics} on 127.0.0.1:{@code port} for the cluster at {@code bootstrapServers}. */
    public static GroupLagExporter start(String bootstrapServers, int port) {
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        PrometheusRegistry registry = new PrometheusRegistry();
        GaugeWithCallback.builder().name("kafka_consumergroup_lag")
                .help("Records of a partition after the group's committed offset")
                .labelNames("consumergroup", "topic", "partition")
                .callback(callback -> lags(admin).forEach((key, lag) -> callback.call(lag, key.group(),
                        key.partition().topic(), Integer.toString(key.partition().partition()))))
                .register(registry);
        try {
            HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").port(port).registry(registry)
                    .buildAndStart();
            return new GroupLagExporter(admin, server);
        } catch (IOException e) {
            admin.close();
            throw new UncheckedIOException("Cannot serve group lag on port " + port, e);
        }
    }

    private record Key(String group, TopicPartition partition) {
    }

    /**
     * Each group's lag per partition it has committed offsets for; nothing when the cluster does not answer. Three
     * requests a scrape whatever the number of groups: the groups, all their committed offsets, and the end offsets
     * of the partitions they share once.
     */
    private static Map<Key, Double> lags(Admin admin) {
        Map<Key, Double> lags = new HashMap<>();
        try {
            Map<String, ListConsumerGroupOffsetsSpec> groups = new HashMap<>();
            for (ConsumerGroupListing group : admin.listConsumerGroups().all().get(TIMEOUT_SECONDS,
                    TimeUnit.SECONDS)) {
                groups.put(group.groupId(), new ListConsumerGroupOffsetsSpec());
            }
            if (groups.isEmpty()) {
                return lags;
            }
            Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = admin.listConsumerGroupOffsets(groups)
                    .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.values().forEach(offsets -> offsets.forEach((partition, offset) -> {
                if (offset != null) {
                    latest.put(partition, OffsetSpec.latest());
                }
            }));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            committed.forEach((group, offsets) -> offsets.forEach((partition, offset) -> {
                if (offset != null && ends.containsKey(partition)) {
                    lags.put(new Key(group, partition), (double) Math.max(0, ends.get(partition).offset()
                            - offset.offset()));
                }
            }));
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Cannot read the consumer groups' lag: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return lags;
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
        admin.close();
    }
}

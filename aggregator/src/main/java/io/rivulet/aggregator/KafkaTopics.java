package io.rivulet.aggregator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.StreamsConfig;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rivulet.aggregator.output.OutputTopics;

/** What the aggregator asks the cluster before it starts: input partition counts, and missing output topics. */
final class KafkaTopics {
    private static final Logger log = LoggerFactory.getLogger(KafkaTopics.class);
    private static final Duration TOPIC_WAIT = Duration.ofSeconds(15);

    private KafkaTopics() {
    }

    /**
     * How many partitions {@code topic} has; fails with a clear message when it does not exist. A topic created a
     * moment ago may be unknown to the broker asked for a little while, so an unknown topic is asked for again for
     * up to {@link #TOPIC_WAIT}.
     */
    static int partitions(AggregatorConfig config, String topic) {
        long deadline = System.nanoTime() + TOPIC_WAIT.toNanos();
        try (Admin admin = admin(config)) {
            while (true) {
                try {
                    return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
                            || System.nanoTime() > deadline) {
                        throw new KafkaException("Input topic " + topic + " cannot be described (does it exist?): "
                                + e.getCause().getMessage(), e.getCause());
                    }
                    log.info("Input topic {} is not known yet; asking again", topic);
                    Thread.sleep(500);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while describing " + topic, e);
        }
    }

    private static Admin admin(AggregatorConfig config) {
        Map<String, Object> props = new HashMap<>();
        config.streamsProperties().forEach((key, value) -> props.put(key.toString(), value));
        return Admin.create(AdminClientConfig.configNames().stream().filter(props::containsKey)
                .collect(Collectors.toMap(name -> name, props::get)));
    }

    /** Creates the output, late-events and dead letter topics that do not exist yet; Kafka Streams does not. */
    static void createMissing(AggregatorConfig config) {
        List<String> wanted = new ArrayList<>();
        new OutputTopics(config).all().forEach(wanted::add);
        String errors = config.getString(AggregatorConfig.ERRORS_TOPIC_CONFIG);
        if (!errors.isEmpty()) {
            wanted.add(errors);
        }
        int partitions = config.getInt(AggregatorConfig.TOPIC_PARTITIONS_CONFIG);
        short replication = config.getShort(AggregatorConfig.TOPIC_REPLICATION_CONFIG);
        Object servers = config.streamsProperties().get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
        try (Admin admin = admin(config)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : wanted) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, Optional.of(partitions),
                            replication < 0 ? Optional.empty() : Optional.of(replication)));
                }
            }
            for (NewTopic topic : missing) {
                try {
                    admin.createTopics(List.of(topic)).all().get();
                    log.info("Created topic {} ({} partitions)", topic.name(), partitions);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) { // another instance was quicker
                        throw new KafkaException("Cannot create topic " + topic.name(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while creating topics", e);
        } catch (ExecutionException e) {
            throw new KafkaException("Cannot list topics on " + servers, e.getCause());
        }
    }
}

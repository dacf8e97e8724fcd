package io.rivulet.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.tools.StreamsResetter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.rivulet.embedded.ChildJvm;
import io.rivulet.embedded.KafkaBroker;
import io.rivulet.embedded.Ports;
import io.rivulet.embedded.Waits;
import io.rivulet.embedded.WorkDirs;
import io.rivulet.testkit.TestServers;

/**
 * The aggregator scaled out: inputs of 6 partitions, three instances in child JVMs. Each instance aggregates clicks
 * (its own metrics say so, read over JMX as a monitoring agent would), one is killed with SIGKILL mid-run, and every
 * row still equals the ground truth; after a reset, a re-run writes the same rows again.
 */
@Tag("integration")
class AggregatorScaleOutIT {
    private static final int PARTITIONS = 6;
    private static final String APPLICATION_ID = "agg-scale";

    private final KafkaBroker kafka = TestServers.kafka();
    private final AggregatorRuns runs = new AggregatorRuns(kafka);

    /** An aggregator instance in a child JVM and the JMX port its metrics are read on. */
    private record Instance(ChildJvm jvm, int jmxPort) {
    }

    @Test
    void threeInstancesShareTheWorkAndRowsStayExactThroughAKillAndAReplay() throws Exception {
        Map<String, Object> settings = runs.settings(APPLICATION_ID, PARTITIONS);
        settings.put("application.id", APPLICATION_ID);
        settings.put("converter.schemas.enable", "true");
        settings.put("session.timeout.ms", "10000"); // the killed instance's partitions are free sooner
        AggregatorConfig config = new AggregatorConfig(settings);
        ShopTraffic traffic = ShopTraffic.generate(11, AggregatorRuns.baseTime(), 15, AggregatorRuns.SIZE,
                AggregatorRuns.GRACE, PARTITIONS);

        List<Instance> instances = new ArrayList<>();
        try {
            run(settings, config, traffic, instances);
        } finally {
            instances.forEach(instance -> instance.jvm().kill()); // a failed run leaves no instance behind
        }
    }

    private void run(Map<String, Object> settings, AggregatorConfig config, ShopTraffic traffic,
                     List<Instance> instances) throws Exception {
        // All three join before any data: tasks with empty state are assigned at once, spread over the instances.
        for (int i = 0; i < 3; i++) {
            instances.add(start(settings, "scale-" + i));
        }
        // Data before the group settles would go to the first instances, and Kafka Streams then moves their
        // stateful tasks to a latecomer only after warming it up: wait until all three hold click partitions.
        String clicksTopic = config.getString(AggregatorConfig.CLICKS_TOPIC_CONFIG);
        Waits.until("three instances each assigned click partitions", AggregatorRuns.TIMEOUT,
                () -> membersWithPartitionsOf(clicksTopic), members -> members == 3);
        runs.produce(config, traffic, 0, 0.5);
        int firstHalf = (int) (traffic.clicks.size() * 0.5);
        Waits.until("the first half of the clicks aggregated", AggregatorRuns.TIMEOUT,
                () -> instances.stream().mapToLong(instance -> clickEvents(instance.jmxPort())).sum(),
                n -> n >= firstHalf);
        for (int i = 0; i < instances.size(); i++) {
            long clicks = clickEvents(instances.get(i).jmxPort());
            System.out.printf("instance %d aggregated %,d of the first %,d clicks%n", i, clicks, firstHalf);
            assertTrue(clicks > 0, "instance " + i + " aggregates clicks too");
        }
        instances.get(0).jvm().kill();
        runs.produce(config, traffic, 0.5, 1.0);
        runs.assertEqualsGroundTruth(config, traffic);
        Map<String, List<String>> firstRun = results(config);

        // Replay: stop, reset with Kafka's streams resetter, run again from the start of the inputs.
        for (Instance instance : instances.subList(1, 3)) {
            instance.jvm().stop(30);
        }
        int reset = new StreamsResetter().execute(new String[] {"--bootstrap-server", kafka.bootstrapServers(),
                "--application-id", APPLICATION_ID, "--input-topics",
                config.getString(AggregatorConfig.ORDERS_TOPIC_CONFIG) + ","
                        + config.getString(AggregatorConfig.CLICKS_TOPIC_CONFIG), "--force"});
        assertEquals(0, reset);
        Waits.until("the aggregator's internal topics to be gone", AggregatorRuns.TIMEOUT, () -> kafka.admin()
                .listTopics().names().toCompletionStage().toCompletableFuture().join().stream()
                .noneMatch(t -> t.startsWith(APPLICATION_ID + "-")), gone -> gone);
        for (int i = 0; i < 2; i++) {
            instances.add(start(settings, "replay-" + i));
        }
        String sales = config.getString(AggregatorConfig.SALES_TOPIC_CONFIG);
        Waits.until("every sales row written again", AggregatorRuns.TIMEOUT, () -> kafka.readToEnd(sales).size(),
                n -> n >= 2 * firstRun.get(sales).size());
        Thread.sleep(1_000);
        results(config).forEach((topic, rows) -> {
            // Both runs' rows, read partition by partition: each row of the first run exactly twice, no other.
            List<String> first = firstRun.get(topic);
            Map<String, Long> counts = rows.stream().collect(Collectors.groupingBy(row -> row,
                    Collectors.counting()));
            assertEquals(2 * first.size(), rows.size(), topic + ": every row once more, no other");
            List<String> notTwice = first.stream().filter(row -> counts.getOrDefault(row, 0L) != 2).toList();
            assertEquals(List.of(), notTwice, topic + ": rows the re-run did not write again, equal");
        });
    }

    private Instance start(Map<String, Object> settings, String name) throws IOException {
        settings.put("state.dir", WorkDirs.fresh("aggregator-state").toString());
        int port = Ports.free();
        ChildJvm jvm = runs.startChild(settings, name,
                "-Dcom.sun.management.jmxremote.port=" + port, "-Dcom.sun.management.jmxremote.rmi.port=" + port,
                "-Dcom.sun.management.jmxremote.authenticate=false", "-Dcom.sun.management.jmxremote.ssl=false",
                "-Dcom.sun.management.jmxremote.host=127.0.0.1", "-Djava.rmi.server.hostname=127.0.0.1");
        return new Instance(jvm, port);
    }

    /** Members of the application's group whose assignment holds partitions of {@code topic}. */
    private long membersWithPartitionsOf(String topic) {
        try {
            return kafka.admin().describeConsumerGroups(List.of(APPLICATION_ID)).all().get().get(APPLICATION_ID)
                    .members().stream().filter(member -> member.assignment().topicPartitions().stream()
                            .anyMatch(partition -> partition.topic().equals(topic))).count();
        } catch (Exception e) {
            return 0; // the group is not there yet
        }
    }

    /** Input events the instance's click partition tasks processed: the sum of their events-total over JMX. */
    private static long clickEvents(int jmxPort) {
        JMXServiceURL url;
        try {
            url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try (JMXConnector connector = JMXConnectorFactory.connect(url)) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            double total = 0;
            for (ObjectName name : server.queryNames(new ObjectName("kafka.streams:type=stream-rivulet-aggregator"
                    + "-metrics,rivulet-aggregator-id=clicks-*,*"), null)) {
                total += ((Number) server.getAttribute(name, "events-total")).doubleValue();
            }
            return Math.round(total);
        } catch (IOException e) {
            return -1; // not listening yet
        } catch (javax.management.JMException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every row of the three result topics, as text, in the order written. */
    private Map<String, List<String>> results(AggregatorConfig config) throws Exception {
        Converter converter = AggregatorRuns.converter(config);
        Map<String, List<String>> results = new java.util.TreeMap<>();
        for (String key : List.of(AggregatorConfig.SALES_TOPIC_CONFIG, AggregatorConfig.ACTIVE_USERS_TOPIC_CONFIG,
                AggregatorConfig.FUNNEL_TOPIC_CONFIG)) {
            String topic = config.getString(key);
            List<String> rows = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : kafka.readToEnd(topic)) {
                rows.add(String.valueOf(converter.toConnectData(topic, record.value()).value()));
            }
            results.put(topic, rows);
        }
        return results;
    }
}

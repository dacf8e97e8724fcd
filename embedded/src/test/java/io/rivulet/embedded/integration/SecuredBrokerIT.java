package io.rivulet.embedded.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.rivulet.embedded.Acls;
import io.rivulet.embedded.BrokerSecurity;
import io.rivulet.embedded.ConnectCluster;
import io.rivulet.embedded.ConnectorStatus;
import io.rivulet.embedded.KafkaBroker;

/** The secured broker of the embedded runtime, tried as a client of a production cluster would meet it. */
@Tag("integration")
class SecuredBrokerIT {
    private static KafkaBroker kafka;

    @BeforeAll
    static void startBroker() {
        kafka = KafkaBroker.startSecured();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void aUserMayWriteOnlyWhatAnAclAllowsAndTheRefusalNamesTheTopic() throws Exception {
        kafka.createTopic("secured.orders", 1);
        kafka.createUser("alice", "alice-secret");
        try (KafkaProducer<byte[], byte[]> producer = producer("alice", "alice-secret")) {
            ExecutionException refused = assertThrows(ExecutionException.class, () -> producer.send(
                    new ProducerRecord<>("secured.orders", "o-1".getBytes(StandardCharsets.UTF_8))).get());
            TopicAuthorizationException denied = assertInstanceOf(TopicAuthorizationException.class,
                    refused.getCause());
            assertEquals(java.util.Set.of("secured.orders"), denied.unauthorizedTopics());
        }

        kafka.grant(Acls.forUser("alice").allow(ResourceType.TOPIC, "secured.orders", PatternType.LITERAL,
                AclOperation.WRITE, AclOperation.DESCRIBE));
        try (KafkaProducer<byte[], byte[]> producer = producer("alice", "alice-secret")) {
            producer.send(new ProducerRecord<>("secured.orders", "o-2".getBytes(StandardCharsets.UTF_8))).get();
        }
        List<ConsumerRecord<byte[], byte[]>> records = kafka.awaitRecords("secured.orders", 1, Duration.ofSeconds(30));
        assertEquals(List.of("o-2"), records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .toList(), "only the write the ACL allowed is in the topic");
    }

    @Test
    void aWrongPasswordFailsFastWithAnAuthenticationError() {
        kafka.createUser("bob", "bob-secret");
        long started = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = producer("bob", "not-bob-secret")) {
            Exception failed = assertThrows(Exception.class, () -> producer.send(
                    new ProducerRecord<>("secured.orders", "o-3".getBytes(StandardCharsets.UTF_8))).get());
            Throwable cause = failed instanceof ExecutionException ? failed.getCause() : failed;
            assertInstanceOf(SaslAuthenticationException.class, cause, "not a timeout: " + failed);
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertTrue(seconds < 20, "authentication failed after " + seconds + " s, not within the 60 s max.block.ms");
    }

    @Test
    void theBrokerSaysHowItIsSecuredWithoutItsSecrets() {
        BrokerSecurity security = kafka.security().orElseThrow();
        assertEquals("SASL_SSL", kafka.clientSettings().get("security.protocol"));
        assertTrue(!security.toString().contains(kafka.clientSettings().get("sasl.jaas.config").toString()),
                security.toString());
    }

    /**
     * Least privilege: the worker's principal has only the worker's ACLs, each connector its own principal through
     * client overrides with only its ACLs; a connector whose principal may not write its topic fails with a
     * message naming the topic, not a timeout.
     */
    @Test
    void leastPrivilegePrincipalsRunAConnectorAndAMissingWriteAclNamesTheTopic() {
        String group = "secured-connect";
        kafka.createTopic("secured.allowed", 1);
        kafka.createTopic("secured.forbidden", 1);
        kafka.createUser("connect", "connect-secret");
        kafka.grant(Acls.connectWorker("connect", group, group + "-"));
        kafka.createUser("writer", "writer-secret");
        kafka.grant(Acls.sourceConnector("writer", group, "allowed", group + "-offsets", List.of("secured.allowed")));
        kafka.createUser("stranger", "stranger-secret");
        kafka.grant(Acls.sourceConnector("stranger", group, "forbidden", group + "-offsets", List.of()));
        BrokerSecurity security = kafka.security().orElseThrow();
        try (ConnectCluster connect = ConnectCluster.builder(kafka).pluginPath(ConnectWorkerIT.pluginPath())
                .exactlyOnceSourceSupport(true).groupId(group)
                .clientSecurity(security.clientSettings("connect", "connect-secret")).start()) {
            connect.rest().putConnectorConfig("allowed", asPrincipal(ConnectWorkerIT.sequenceConfig("secured.allowed",
                    20), security.clientSettings("writer", "writer-secret")));
            connect.rest().awaitRunning("allowed", 1, Duration.ofSeconds(60));
            assertEquals(ConnectWorkerIT.sequence(0, 20), ConnectWorkerIT.values(kafka.awaitRecords(
                    "secured.allowed", 20, Duration.ofSeconds(60))));

            connect.rest().putConnectorConfig("forbidden", asPrincipal(ConnectWorkerIT.sequenceConfig(
                    "secured.forbidden", 20), security.clientSettings("stranger", "stranger-secret")));
            ConnectorStatus failed = connect.rest().awaitTaskFailed("forbidden", Duration.ofSeconds(60));
            String trace = failed.tasks().get(0).trace();
            assertTrue(trace.contains("TopicAuthorizationException") && trace.contains("secured.forbidden"),
                    "the failure names the topic it may not write: " + trace);
            assertTrue(kafka.readToEnd("secured.forbidden").isEmpty());
        }
    }

    /** A connector config that runs its clients as another principal. */
    private static Map<String, String> asPrincipal(Map<String, String> config, Map<String, Object> principal) {
        Map<String, String> withPrincipal = new HashMap<>(config);
        withPrincipal.putAll(BrokerSecurity.connectorOverrides(principal));
        return withPrincipal;
    }

    private static KafkaProducer<byte[], byte[]> producer(String user, String password) {
        Map<String, Object> props = new HashMap<>(kafka.security().orElseThrow().clientSettings(user, password));
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
}

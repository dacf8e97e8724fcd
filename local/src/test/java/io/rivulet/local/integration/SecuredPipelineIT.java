package io.rivulet.local.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rivulet.aggregator.AggregatorApp;
import io.rivulet.aggregator.AggregatorConfig;
import io.rivulet.embedded.Acls;
import io.rivulet.embedded.BrokerSecurity;
import io.rivulet.embedded.ConnectConfigFiles;
import io.rivulet.embedded.ConnectRestClient;
import io.rivulet.embedded.KafkaBroker;
import io.rivulet.embedded.PluginInstaller;
import io.rivulet.embedded.Waits;
import io.rivulet.embedded.WorkDirs;
import io.rivulet.local.LocalPipeline;
import io.rivulet.local.PipelinePrincipals;
import io.rivulet.schemas.Topics;
import io.rivulet.simulator.ListenerTrust;
import io.rivulet.simulator.Simulator;

/**
 * The whole pipeline on a secured broker (SASL_SSL, SCRAM-SHA-512, ACLs required, nothing allowed by default): the
 * workers, each connector and the aggregator run as their own principals with only their own ACLs
 * ({@link PipelinePrincipals}), connectors get their credentials through the file config provider. Every closed
 * window in PostgreSQL equals the simulator's ground truth, as in the unsecured {@link PipelineIT}, and no password
 * is in a connector's config, its task configs or the log. A sink without its read ACL and an aggregator without
 * its transactional-id ACL fail saying what they lack, not by timing out.
 */
@Tag("integration")
class SecuredPipelineIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private static final StringWriter LOG = captureLog();
    private static LocalPipeline pipeline;
    private static List<Path> configs;

    @BeforeAll
    static void start() {
        pipeline = new LocalPipeline(new LocalPipeline.Options(Duration.ofSeconds(5), Duration.ofSeconds(2), 1000,
                20261202L, Duration.ofSeconds(20), false, ConnectConfigFiles.folder(), PluginInstaller.builtZips(),
                3));
        pipeline.startServices(LocalPipeline.Cluster.secured(1));
        configs = pipeline.writeConfigs();
        // As users deploy on the secured stack: each connector's principal settings laid over its file.
        Scripts.Result deployed = Scripts.run(pipeline.connectUrl(), Map.of("CONNECT_OVERRIDES",
                pipeline.overridesDir().orElseThrow().toString()), "deploy.sh", configs.toArray());
        assertEquals(0, deployed.exitCode(), deployed.output());
        assertTrue(deployed.output().contains("summary: " + configs.size() + " created"), deployed.output());
        pipeline.awaitConnectorsRunning(configs);
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void everyClosedWindowEqualsTheGroundTruthWithLeastPrivilegePrincipals() throws Exception {
        assertTrue(pipeline.listenerUrl().startsWith("https://"), pipeline.listenerUrl());
        Path truthFile = WorkDirs.fresh("secured-truth").resolve("ground-truth.json");
        pipeline.startAggregator();
        Simulator simulator = pipeline.startSimulator(truthFile);
        assertTrue(simulator.awaitDelivered(TIMEOUT), "not all events reached the pipeline: " + simulator.stats());
        JsonNode truth = JSON.readTree(truthFile.toFile());
        Map<String, String> expected = GroundTruth.expectedRows(truth);
        assertTrue(expected.size() > 10, expected.toString());
        Map<String, String> actual = Waits.until("every closed window in PostgreSQL", TIMEOUT,
                () -> GroundTruth.postgresRows(pipeline.database(), truth),
                rows -> rows.keySet().containsAll(expected.keySet()));
        assertEquals(expected, actual);
    }

    @Test
    void noPasswordIsInConnectorConfigsTaskConfigsOrTheLog() throws Exception {
        List<String> passwords = new java.util.ArrayList<>(pipeline.principals().passwords());
        passwords.add(pipeline.kafka().security().orElseThrow().storePassword());
        for (Path config : configs) {
            String name = LocalPipeline.connectorName(config);
            String connectorConfig = pipeline.connect().rest().connectorConfig(name).toString();
            String taskConfigs = pipeline.connect().rest().tasks(name).toString();
            assertTrue(connectorConfig.contains("${file:"), connectorConfig);
            String overrides = Files.readString(pipeline.overridesDir().orElseThrow().resolve(config.getFileName()));
            for (String password : passwords) {
                assertFalse(overrides.contains(password), name + "'s principal settings hold a password");
                assertFalse(connectorConfig.contains(password), name + "'s config shows a password");
                assertFalse(taskConfigs.contains(password), name + "'s task configs show a password");
            }
        }
        String log = LOG.toString();
        assertTrue(log.contains("sasl.jaas.config = [hidden]"), "the clients' configs are logged, secrets hidden");
        for (String password : passwords) {
            assertFalse(log.contains(password), "a password is in servers.log");
        }
    }

    /** The listener answers only over TLS, and only requests with its token. */
    @Test
    void theListenerTakesClicksOnlyOverHttpsWithItsToken() throws Exception {
        BrokerSecurity security = pipeline.kafka().security().orElseThrow();
        SSLContext tls = ListenerTrust.trusting(security.truststore(), security.storePassword());
        HttpClient https = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls).build();
        String click = "[{\"event_id\":\"secured-probe-1\",\"user_id\":\"u-1\",\"page\":\"/p\","
                + "\"action\":\"click\",\"timestamp\":" + System.currentTimeMillis() + "}]";
        URI listener = URI.create(pipeline.listenerUrl());
        assertEquals(401, post(https, listener, click, null));
        assertEquals(401, post(https, listener, click, "not-the-token"));
        assertEquals(202, post(https, listener, click, pipeline.principals().listenerToken()));
        URI plain = URI.create(pipeline.listenerUrl().replace("https://", "http://"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            int status = post(http, plain, click, pipeline.principals().listenerToken());
            assertTrue(status != 202, "plain http to the TLS port was accepted");
        } catch (java.io.IOException refused) {
            // the TLS port does not speak plain HTTP: refused, as wanted
        }
    }

    private static int post(HttpClient client, URI uri, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /**
     * A sink whose principal has everything but Read on its topics (its group, Describe on its topics, its dead letter
     * queue) fails, and the failure names the topics.
     */
    @Test
    void aSinkWithoutReadAclFailsNamingItsTopics() throws Exception {
        KafkaBroker kafka = pipeline.kafka();
        String user = "sink-without-read";
        String password = user + "-secret";
        kafka.createUser(user, password);
        Acls withoutRead = Acls.forUser(user).allow(ResourceType.GROUP, "connect-" + user, PatternType.LITERAL,
                AclOperation.READ).allow(ResourceType.TOPIC, "analytics.jdbc-sink.dlq", PatternType.LITERAL,
                AclOperation.WRITE, AclOperation.DESCRIBE);
        for (String topic : List.of(Topics.SALES_PER_MINUTE, Topics.ACTIVE_USERS_PER_MINUTE, Topics.FUNNEL_PER_MINUTE)) {
            withoutRead.allow(ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE);
        }
        kafka.grant(withoutRead);
        Path jdbcSink = configs.stream().filter(c -> LocalPipeline.connectorName(c).equals("analytics-jdbc-sink"))
                .findFirst().orElseThrow();
        Map<String, String> config = ConnectConfigFiles.read(jdbcSink);
        config.putAll(BrokerSecurity.connectorOverrides(kafka.security().orElseThrow().clientSettings(user,
                password)));
        ConnectRestClient rest = pipeline.connect().rest();
        rest.putConnectorConfig(user, config);
        try {
            String trace = rest.awaitTaskFailed(user, TIMEOUT).tasks().get(0).trace();
            assertTrue(trace.contains("TopicAuthorizationException: Not authorized to access topics: [analytics.")
                    && Stream.of(Topics.SALES_PER_MINUTE, Topics.ACTIVE_USERS_PER_MINUTE, Topics.FUNNEL_PER_MINUTE)
                            .anyMatch(trace::contains), trace);
        } finally {
            rest.deleteConnector(user);
        }
    }

    /** An aggregator whose principal lacks its transactional-id ACL stops, saying which ACL to grant. */
    @Test
    void anAggregatorWithoutItsTransactionalIdAclStopsSayingWhatToGrant() {
        KafkaBroker kafka = pipeline.kafka();
        String user = "aggregator-without-transactions";
        String password = user + "-secret";
        String applicationId = "rivulet-aggregator-without-transactions";
        kafka.createUser(user, password);
        kafka.grant(Acls.streamsApplication(user, applicationId, List.of(Topics.ORDERS_CREATED,
                Topics.CLICKSTREAM_EVENTS), PipelinePrincipals.RESULT_TOPICS).without(ResourceType.TRANSACTIONAL_ID));
        Map<String, Object> settings = pipeline.aggregatorSettings();
        settings.putAll(kafka.security().orElseThrow().clientSettings(user, password));
        settings.put("application.id", applicationId);
        AggregatorApp aggregator = new AggregatorApp(new AggregatorConfig(settings));
        aggregator.start();
        try {
            Waits.until("the aggregator without its transactional-id ACL to stop", TIMEOUT,
                    () -> aggregator.streams().state(), state -> state == KafkaStreams.State.ERROR);
            assertTrue(LOG.toString().contains("may not use its transactional ids: exactly-once needs Write and "
                    + "Describe on TransactionalId prefixed '" + applicationId + "-'"), "the reason is logged");
        } finally {
            aggregator.close();
        }
    }

    /**
     * Everything the broker, the worker (its clients' configs included) and the aggregator of this JVM log at INFO
     * and above from now on, kept in memory.
     */
    private static StringWriter captureLog() {
        StringWriter log = new StringWriter();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        WriterAppender appender = WriterAppender.newBuilder().setName("secured-pipeline-log").setTarget(log)
                .setLayout(PatternLayout.createDefaultLayout(config)).build();
        appender.start();
        config.addAppender(appender);
        config.getRootLogger().addAppender(appender, Level.INFO, null);
        config.getRootLogger().setLevel(Level.INFO);
        context.updateLoggers();
        return log;
    }
}

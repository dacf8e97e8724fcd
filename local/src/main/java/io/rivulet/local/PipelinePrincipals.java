package io.rivulet.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import io.rivulet.embedded.Acls;
import io.rivulet.embedded.BrokerSecurity;
import io.rivulet.embedded.ConnectConfigFiles;
import io.rivulet.embedded.KafkaBroker;
import io.rivulet.schemas.Topics;

/**
 * The principals of the pipeline on a secured cluster, each a SCRAM user with only its own ACLs ({@link Acls}):
 * {@code connect} (the workers), one per connector (its clients through {@code producer.override.},
 * {@code consumer.override.} and {@code admin.override.} settings) and {@code aggregator}. A connector's ACLs follow
 * its config file (its {@code topic} and invalid topic, or its {@code topics} and dead letter queue), so they stay in
 * step with connect-configs/. Connector configs name their secrets as {@code ${file:...}} references to one
 * properties file, so no password is in a connector's config, its task configs or the worker's log.
 */
public final class PipelinePrincipals {
    /** The workers' group.id on a secured cluster; their internal topics start with it. */
    public static final String CONNECT_GROUP = "rivulet-connect-secured";
    public static final String CONNECT = "connect";
    public static final String AGGREGATOR = "aggregator";
    /** The aggregator's outputs, created by the administrator before anything runs. */
    public static final List<String> RESULT_TOPICS = List.of(Topics.SALES_PER_MINUTE, Topics.ACTIVE_USERS_PER_MINUTE,
            Topics.FUNNEL_PER_MINUTE, Topics.LATE_EVENTS, Topics.AGGREGATOR_ERRORS);

    /** The listener's bearer token: a secret the browsers' pages carry, not a Kafka principal's. */
    private final String listenerToken = secret();
    private final Map<String, String> passwords = new LinkedHashMap<>();
    private final Map<String, Acls> acls = new LinkedHashMap<>();
    /** The connectors that listen for HTTP requests (served over TLS with the token on a secured cluster). */
    private final Set<String> listeners = new HashSet<>();

    private PipelinePrincipals() {
    }

    /**
     * The principals for {@code connectors} (files in {@code configDir}) on workers of group {@code connectGroup}
     * whose internal topics start with {@code internalTopicPrefix} ({@code <prefix>offsets} the offsets topic),
     * and for the aggregator {@code applicationId}.
     */
    public static PipelinePrincipals of(Path configDir, List<String> connectors, String connectGroup,
                                        String internalTopicPrefix, String applicationId) {
        PipelinePrincipals principals = new PipelinePrincipals();
        principals.add(CONNECT, Acls.connectWorker(CONNECT, connectGroup, internalTopicPrefix));
        for (String connector : connectors) {
            Map<String, String> config = ConnectConfigFiles.read(configDir.resolve(connector + ".json"));
            principals.add(connector, connectorAcls(connector, config, connectGroup, internalTopicPrefix + "offsets"));
            if (isListener(config)) {
                principals.listeners.add(connector);
            }
        }
        principals.add(AGGREGATOR, Acls.streamsApplication(AGGREGATOR, applicationId,
                List.of(Topics.ORDERS_CREATED, Topics.CLICKSTREAM_EVENTS), RESULT_TOPICS));
        return principals;
    }

    private static Acls connectorAcls(String connector, Map<String, String> config, String connectGroup,
                                      String offsetsTopic) {
        if (config.get("connector.class").endsWith("SourceConnector")) {
            String topic = config.get("topic");
            String invalid = topic + config.getOrDefault("invalid.topic.suffix", Topics.INVALID_SUFFIX);
            return Acls.sourceConnector(connector, connectGroup, connector, offsetsTopic, List.of(topic, invalid));
        }
        return Acls.sinkConnector(connector, connector, List.of(config.get("topics").split("\\s*,\\s*")),
                config.get("errors.deadletterqueue.topic.name"));
    }

    /** Whether the connector config is the HTTP listener's, which serves HTTPS with a token when secured. */
    public static boolean isListener(Map<String, String> config) {
        return config.get("connector.class").endsWith("HttpListenerSourceConnector");
    }

    private void add(String user, Acls userAcls) {
        passwords.put(user, secret());
        acls.put(user, userAcls);
    }

    private static String secret() {
        byte[] secret = new byte[12];
        new SecureRandom().nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }

    public String listenerToken() {
        return listenerToken;
    }

    /** Creates every user and its ACLs on the secured broker, as its administrator. */
    public void createIn(KafkaBroker kafka) {
        passwords.forEach(kafka::createUser);
        acls.values().forEach(kafka::grant);
    }

    public List<String> users() {
        return new ArrayList<>(passwords.keySet());
    }

    public Acls acls(String user) {
        return acls.get(user);
    }

    /** The client settings of {@code user} (for the workers and the aggregator, which hold them themselves). */
    public Map<String, Object> clientSettings(BrokerSecurity security, String user) {
        return security.clientSettings(user, passwords.get(user));
    }

    /**
     * Writes each principal's {@code sasl.jaas.config}, the truststore's password, and the listener's keystore
     * password and token into {@code file}, for the workers' file config provider; the file holds every secret the
     * connector configs refer to.
     */
    public void writeSecrets(BrokerSecurity security, Path file) {
        Properties secrets = new Properties();
        passwords.keySet().forEach(user -> secrets.put(user + ".sasl.jaas.config",
                clientSettings(security, user).get("sasl.jaas.config").toString()));
        secrets.put("truststore.password", security.storePassword());
        secrets.put("listener.keystore.password", security.storePassword());
        secrets.put("listener.token", listenerToken);
        try (OutputStream out = Files.newOutputStream(file)) {
            secrets.store(out, "Kafka client secrets of the pipeline's principals");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /**
     * The settings that make {@code connector}'s clients run as its own principal and, for a listener, serve HTTPS
     * with the token; secrets as references into {@code secretsFile} ({@link #writeSecrets}).
     */
    public Map<String, String> connectorOverrides(BrokerSecurity security, String connector, Path secretsFile) {
        Map<String, Object> settings = new LinkedHashMap<>(clientSettings(security, connector));
        settings.put("sasl.jaas.config", fileReference(secretsFile.toString(), connector + ".sasl.jaas.config"));
        settings.put("ssl.truststore.password", fileReference(secretsFile.toString(), "truststore.password"));
        Map<String, String> overrides = BrokerSecurity.connectorOverrides(settings);
        if (listeners.contains(connector)) {
            // The broker's certificate serves the listener too: it is valid for 127.0.0.1.
            overrides.putAll(listenerSettings(security.keystore().toString(), secretsFile.toString()));
        }
        return overrides;
    }

    /**
     * A listener's HTTPS and token settings: its PKCS12 {@code keystore}, whose password and the token are keys
     * {@code listener.keystore.password} and {@code listener.token} of {@code secretsFile} (config provider
     * references).
     */
    public static Map<String, String> listenerSettings(String keystore, String secretsFile) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("listener.ssl.keystore.location", keystore);
        settings.put("listener.ssl.keystore.type", "PKCS12");
        settings.put("listener.ssl.keystore.password", fileReference(secretsFile, "listener.keystore.password"));
        settings.put("listener.ssl.key.password", fileReference(secretsFile, "listener.keystore.password"));
        settings.put("listener.token", fileReference(secretsFile, "listener.token"));
        return settings;
    }

    /** A key of a secrets file, as Kafka's FileConfigProvider resolves it. */
    public static String fileReference(String secretsFile, String key) {
        return "${file:" + secretsFile + ":" + key + "}";
    }

    /** Every password and the listener's token, to check that none is printed or returned anywhere. */
    public List<String> passwords() {
        List<String> secrets = new ArrayList<>(passwords.values());
        secrets.add(listenerToken);
        return secrets;
    }
}

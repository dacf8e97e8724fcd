package io.rivulet.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.rivulet.embedded.Acls;
import io.rivulet.embedded.BrokerSecurity;
import io.rivulet.embedded.ConnectConfigFiles;
import io.rivulet.local.PipelinePrincipals;

/**
 * The principals of the secured deployments (docker-compose.secure.yml, deploy/kubernetes/secure) and what is made
 * from them: the pipeline's principals as the tests run them ({@link PipelinePrincipals}, for the compose and
 * Kubernetes names), Confluent's Schema Registry, and Control Center (a super user: it administers the cluster).
 * Each connector's principal settings in connect-configs/secure/ are generated here; {@link SecuredComposeTest}
 * fails when they are stale (regenerate with {@code -Drivulet.secure.regenerate=true}).
 */
final class SecuredStack {
    /** The connectors, in the order docs/security.md lists them. */
    static final List<String> CONNECTORS = List.of("orders-http-source", "clicks-http-listener",
            "analytics-jdbc-sink", "analytics-druid-sink");
    static final String CONNECT_GROUP = "rivulet-connect";
    static final String INTERNAL_TOPIC_PREFIX = "_rivulet-connect-";
    static final String APPLICATION_ID = "rivulet-aggregator";
    static final String SCHEMA_REGISTRY = "schema-registry";
    static final String SCHEMAS_TOPIC = "_schemas";
    static final String CONTROL_CENTER = "control-center";
    static final String OVERRIDES = "connect-configs/secure";
    /** Where the Connect worker of the secured compose stack mounts the kafka-secrets volume. */
    static final String WORKER_SECRETS = "/mnt/rivulet/kafka-secrets";
    static final String SETUP = "compose/secure/setup.sh";
    private static final String ACLS_BEGIN = "(SecuredStack, Acls), as in docs/security.md.\n";
    private static final String ACLS_END = "# end of ACLs";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SecuredStack() {
    }

    static PipelinePrincipals pipeline(Path repo) {
        return PipelinePrincipals.of(repo.resolve("connect-configs"), CONNECTORS, CONNECT_GROUP,
                INTERNAL_TOPIC_PREFIX, APPLICATION_ID);
    }

    /** Every principal that has ACLs, with them, in the docs' order. */
    static Map<String, Acls> acls(Path repo) {
        PipelinePrincipals pipeline = pipeline(repo);
        Map<String, Acls> acls = new LinkedHashMap<>();
        pipeline.users().forEach(user -> acls.put(user, pipeline.acls(user)));
        acls.put(SCHEMA_REGISTRY, Acls.schemaRegistry(SCHEMA_REGISTRY, SCHEMAS_TOPIC, SCHEMA_REGISTRY));
        return acls;
    }

    /** Every SCRAM user of the stack: the principals with ACLs and Control Center. */
    static List<String> users(Path repo) {
        List<String> users = new ArrayList<>(acls(repo).keySet());
        users.add(CONTROL_CENTER);
        return users;
    }

    /** The ACLs as kafka-acls commands, as docs/security.md and compose/secure/setup.sh hold them. */
    static List<String> aclCommands(Path repo) {
        List<String> commands = new ArrayList<>();
        acls(repo).values().forEach(acls -> commands.addAll(acls.commands("$BOOTSTRAP")));
        return commands;
    }

    /**
     * A connector's settings on the secured compose stack: its clients as its principal (SASL_SSL, its
     * sasl.jaas.config from the secrets file, trusting the stack's CA), and for the listener HTTPS with the token.
     */
    static Map<String, String> composeOverrides(String connector, Map<String, String> config) {
        String secrets = WORKER_SECRETS + "/kafka-clients.properties";
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("security.protocol", "SASL_SSL");
        client.put("sasl.mechanism", "SCRAM-SHA-512");
        client.put("sasl.jaas.config", reference(secrets, connector + ".sasl.jaas.config"));
        client.put("ssl.truststore.type", "PEM");
        client.put("ssl.truststore.location", WORKER_SECRETS + "/ca.crt");
        Map<String, String> overrides = BrokerSecurity.connectorOverrides(client);
        if (config.get("connector.class").endsWith("HttpListenerSourceConnector")) {
            overrides.put("listener.ssl.keystore.location", WORKER_SECRETS + "/connect.p12");
            overrides.put("listener.ssl.keystore.type", "PKCS12");
            overrides.put("listener.ssl.keystore.password", reference(secrets, "listener.keystore.password"));
            overrides.put("listener.ssl.key.password", reference(secrets, "listener.keystore.password"));
            overrides.put("listener.token", reference(secrets, "listener.token"));
        }
        return overrides;
    }

    private static String reference(String file, String key) {
        return "${file:" + file + ":" + key + "}";
    }

    /** connect-configs/secure/*.json and the ACLs of compose/secure/setup.sh, by path, with their content. */
    static Map<Path, String> generate(Path repo) throws IOException {
        Map<Path, String> files = new TreeMap<>();
        for (String connector : CONNECTORS) {
            Map<String, String> config = ConnectConfigFiles.read(repo.resolve("connect-configs")
                    .resolve(connector + ".json"));
            files.put(repo.resolve(OVERRIDES).resolve(connector + ".json"), JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(composeOverrides(connector, config)) + "\n");
        }
        Path setup = repo.resolve(SETUP);
        String script = Files.readString(setup);
        int start = script.indexOf(ACLS_BEGIN) + ACLS_BEGIN.length();
        int end = script.indexOf(ACLS_END);
        files.put(setup, script.substring(0, start) + String.join("\n", aclCommands(repo)) + "\n"
                + script.substring(end));
        return files;
    }

    /** Writes the generated files. */
    static void write(Path repo) throws IOException {
        for (Map.Entry<Path, String> file : generate(repo).entrySet()) {
            Files.createDirectories(file.getKey().getParent());
            Files.writeString(file.getKey(), file.getValue());
        }
    }
}

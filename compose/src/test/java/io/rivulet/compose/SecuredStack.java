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

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;

import io.rivulet.embedded.Acls;
import io.rivulet.embedded.BrokerSecurity;
import io.rivulet.embedded.ConnectConfigFiles;
import io.rivulet.local.PipelinePrincipals;
import io.rivulet.schemas.Topics;

/**
 * The principals of the secured deployments (docker-compose.secure.yml, deploy/kubernetes-secure) and what is made
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
    static final String KEDA = "keda";
    static final String KAFKA_EXPORTER = "kafka-exporter";
    static final String KUBERNETES = "deploy/kubernetes-secure";
    /** Strimzi's Secret of the cluster CA's certificate, which clients trust. */
    static final String CLUSTER_CA = "rivulet-cluster-ca-cert";
    /** The namespace of deploy/kubernetes, where the KafkaUser Secrets are. */
    static final String NAMESPACE = "rivulet";
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

    /** In compose, kafka_exporter reads every group's lag as its own principal as well. */
    static Map<String, Acls> composeAcls(Path repo) {
        Map<String, Acls> acls = acls(repo);
        acls.put(KAFKA_EXPORTER, Acls.lagReader(KAFKA_EXPORTER, "*", List.of("*")));
        return acls;
    }

    /** Every principal's ACLs, as docs/security.md lists them: compose's kafka_exporter, Kubernetes' KEDA. */
    static Map<String, Acls> documentedAcls(Path repo) {
        Map<String, Acls> acls = composeAcls(repo);
        acls.putAll(kubernetesAcls(repo));
        return acls;
    }

    /** On Kubernetes, KEDA's Kafka scaler reads the aggregator's lag as its own principal as well. */
    static Map<String, Acls> kubernetesAcls(Path repo) {
        Map<String, Acls> acls = acls(repo);
        acls.put(KEDA, Acls.lagReader(KEDA, APPLICATION_ID, List.of(Topics.CLICKSTREAM_EVENTS)));
        return acls;
    }

    /** Every SCRAM user of the compose stack: the principals with ACLs, then Control Center. */
    static List<String> users(Path repo) {
        List<String> users = new ArrayList<>(composeAcls(repo).keySet());
        users.add(CONTROL_CENTER);
        return users;
    }

    /** The ACLs as kafka-acls commands, as compose/secure/setup.sh holds them (docs/security.md: with KEDA's). */
    static List<String> aclCommands(Map<String, Acls> acls) {
        List<String> commands = new ArrayList<>();
        acls.values().forEach(set -> commands.addAll(set.commands("$BOOTSTRAP")));
        return commands;
    }

    /**
     * A connector's settings on the secured compose stack: its clients as its principal (SASL_SSL, its
     * sasl.jaas.config from the secrets file, trusting the stack's CA), and for the listener HTTPS with the token.
     */
    static Map<String, String> composeOverrides(String connector, Map<String, String> config) {
        String secrets = WORKER_SECRETS + "/kafka-clients.properties";
        Map<String, String> overrides = scramOverrides(PipelinePrincipals.fileReference(secrets,
                connector + ".sasl.jaas.config"), "ssl.truststore.location", WORKER_SECRETS + "/ca.crt");
        if (PipelinePrincipals.isListener(config)) {
            overrides.putAll(PipelinePrincipals.listenerSettings(WORKER_SECRETS + "/connect.p12", secrets));
        }
        return overrides;
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
        files.put(setup, script.substring(0, start) + String.join("\n", aclCommands(composeAcls(repo))) + "\n"
                + script.substring(end));
        files.putAll(kubernetes(repo));
        return files;
    }

    /**
     * deploy/kubernetes-secure/generated/: a KafkaUser per principal with its ACLs, each KafkaConnector's
     * principal settings (a patch of its config), and the Role that lets the Connect pods read those principals'
     * Secrets through Strimzi's KubernetesSecretConfigProvider.
     */
    private static Map<Path, String> kubernetes(Path repo) throws IOException {
        Map<Path, String> files = new TreeMap<>();
        Path out = repo.resolve(KUBERNETES).resolve("generated");
        List<Object> users = new ArrayList<>();
        kubernetesAcls(repo).forEach((user, acls) -> users.add(kafkaUser(user, acls)));
        files.put(out.resolve("users.yaml"), KubernetesManifests.yaml("the principals' ACLs (Acls, "
                + "PipelinePrincipals)", "SecuredComposeTest", users));
        List<String> readable = new ArrayList<>(CONNECTORS);
        readable.add(CLUSTER_CA);
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("apiGroups", List.of(""));
        rule.put("resources", List.of("secrets"));
        rule.put("resourceNames", readable);
        rule.put("verbs", List.of("get"));
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("kind", "ServiceAccount");
        subject.put("name", "rivulet-connect-connect"); // Strimzi's service account of the KafkaConnect
        subject.put("namespace", NAMESPACE);
        Map<String, Object> roleRef = new LinkedHashMap<>();
        roleRef.put("kind", "Role");
        roleRef.put("name", "rivulet-connect-secrets");
        roleRef.put("apiGroup", "rbac.authorization.k8s.io");
        Map<String, Object> binding = KubernetesManifests.resource("rbac.authorization.k8s.io/v1", "RoleBinding",
                "rivulet-connect-secrets", Map.of("app.kubernetes.io/part-of", "rivulet"), "subjects",
                List.of(subject));
        binding.put("roleRef", roleRef);
        files.put(out.resolve("rbac.yaml"), KubernetesManifests.yaml("the connectors (SecuredStack.CONNECTORS)",
                "SecuredComposeTest", List.of(KubernetesManifests.resource("rbac.authorization.k8s.io/v1", "Role",
                        "rivulet-connect-secrets", Map.of("app.kubernetes.io/part-of", "rivulet"), "rules",
                        List.of(rule)), binding)));
        for (String connector : CONNECTORS) {
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("config", kubernetesOverrides(connector, ConnectConfigFiles.read(repo.resolve("connect-configs")
                    .resolve(connector + ".json"))));
            Map<String, Object> patch = KubernetesManifests.resource("kafka.strimzi.io/v1beta2", "KafkaConnector",
                    connector, Map.of("strimzi.io/cluster", "rivulet-connect"), "spec", spec);
            files.put(out.resolve("connectors").resolve(connector + ".yaml"), KubernetesManifests.yaml(
                    "connect-configs/" + connector + ".json", "SecuredComposeTest", List.of(patch)));
        }
        return files;
    }

    /**
     * A connector's principal settings on Kubernetes: its clients as its KafkaUser, whose Secret (made by Strimzi's
     * User Operator) holds its {@code sasl.jaas.config}, trusting the cluster CA; the listener's token from the
     * mounted secrets file (TLS ends at the Ingress).
     */
    static Map<String, String> kubernetesOverrides(String connector, Map<String, String> config) {
        Map<String, String> overrides = scramOverrides("${secrets:" + NAMESPACE + "/" + connector
                + ":sasl.jaas.config}", "ssl.truststore.certificates", "${secrets:" + NAMESPACE + "/" + CLUSTER_CA
                + ":ca.crt}");
        if (PipelinePrincipals.isListener(config)) {
            overrides.put("listener.token", "${file:/mnt/rivulet/secrets/listener.properties:token}");
        }
        return overrides;
    }

    /**
     * A connector's producer, consumer and admin overrides that log in with SCRAM-SHA-512 as {@code jaasConfig} over
     * TLS, trusting the PEM CA that {@code truststoreKey} ({@code ssl.truststore.location} or {@code .certificates})
     * gives.
     */
    private static Map<String, String> scramOverrides(String jaasConfig, String truststoreKey, String truststore) {
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("security.protocol", "SASL_SSL");
        client.put("sasl.mechanism", "SCRAM-SHA-512");
        client.put("sasl.jaas.config", jaasConfig);
        client.put("ssl.truststore.type", "PEM");
        client.put(truststoreKey, truststore);
        return BrokerSecurity.connectorOverrides(client);
    }

    /** A Strimzi KafkaUser authenticated by SCRAM-SHA-512 with {@code acls}. */
    private static Map<String, Object> kafkaUser(String user, Acls acls) {
        Map<ResourcePattern, List<String>> operations = new LinkedHashMap<>();
        for (AclBinding binding : acls.bindings()) {
            operations.computeIfAbsent(binding.pattern(), p -> new ArrayList<>())
                    .add(Acls.cliName(binding.entry().operation()));
        }
        List<Object> rules = new ArrayList<>();
        operations.forEach((pattern, names) -> {
            Map<String, Object> resource = new LinkedHashMap<>();
            resource.put("type", switch (pattern.resourceType()) {
                case TOPIC -> "topic";
                case GROUP -> "group";
                case TRANSACTIONAL_ID -> "transactionalId";
                default -> throw new IllegalArgumentException("no KafkaUser resource type for " + pattern);
            });
            resource.put("name", pattern.name());
            resource.put("patternType", pattern.patternType() == PatternType.PREFIXED ? "prefix" : "literal");
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("resource", resource);
            rule.put("operations", names);
            rules.add(rule);
        });
        Map<String, Object> authorization = new LinkedHashMap<>();
        authorization.put("type", "simple");
        authorization.put("acls", rules);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("authentication", Map.of("type", "scram-sha-512"));
        spec.put("authorization", authorization);
        return KubernetesManifests.resource("kafka.strimzi.io/v1beta2", "KafkaUser", user,
                Map.of("strimzi.io/cluster", "rivulet"), "spec", spec);
    }

    /** Writes the generated files. */
    static void write(Path repo) throws IOException {
        for (Map.Entry<Path, String> file : generate(repo).entrySet()) {
            Files.createDirectories(file.getKey().getParent());
            Files.writeString(file.getKey(), file.getValue());
        }
    }
}

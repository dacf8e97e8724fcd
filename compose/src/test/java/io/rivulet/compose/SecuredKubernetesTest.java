package io.rivulet.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.strimzi.api.kafka.model.common.authentication.KafkaClientAuthenticationScramSha512;
import io.strimzi.api.kafka.model.connect.KafkaConnect;
import io.strimzi.api.kafka.model.connector.KafkaConnector;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationScramSha512;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclRule;

import io.rivulet.embedded.Executables;
import io.rivulet.local.PipelinePrincipals;

/**
 * deploy/kubernetes-secure as kustomize builds it ({@link KubernetesResources}, compared with kubectl's own build
 * where kubectl is installed): every resource reads into its typed model; the Kafka cluster takes only TLS with
 * SCRAM-SHA-512 and authorizes; each principal is a KafkaUser with exactly the code's ACLs; Connect, each connector,
 * the aggregator and KEDA log in as their own users, from the Secrets Strimzi makes, which the Connect pods may
 * read; every topic a user may use but not create is a KafkaTopic.
 */
class SecuredKubernetesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SECRET_REFERENCE = Pattern.compile("\\$\\{secrets:([^/]+)/([^:]+):([^}]+)}");
    private static Path repo;
    private static List<ObjectNode> resources;

    @BeforeAll
    static void build() throws IOException {
        repo = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(repo.resolve(SecuredStack.KUBERNETES))) {
            repo = repo.getParent();
        }
        resources = KubernetesResources.build(repo.resolve(SecuredStack.KUBERNETES));
    }

    @Test
    void everyResourceReadsIntoItsTypedModelWithNothingUnknown() throws Exception {
        for (ObjectNode resource : resources) {
            String type = resource.path("apiVersion").asText() + "/" + resource.path("kind").asText();
            if (type.startsWith("keda.sh/")) {
                continue; // no Java model: checked field by field below
            }
            Class<?> model = KubernetesResources.MODELS.get(type);
            assertNotNull(model, "no model for " + type);
            List<String> unknown = new ArrayList<>();
            KubernetesResources.unknownFields(YAML.treeToValue(resource, model), type, unknown);
            assertTrue(unknown.isEmpty(), "fields the model does not know: " + unknown);
        }
    }

    @Test
    void kafkaTakesOnlyTlsWithScramAndAuthorizes() {
        Kafka kafka = one(Kafka.class);
        List<GenericKafkaListener> listeners = kafka.getSpec().getKafka().getListeners();
        assertEquals(1, listeners.size(), "no plain listener is left");
        assertTrue(listeners.get(0).isTls());
        assertTrue(listeners.get(0).getAuth() instanceof KafkaListenerAuthenticationScramSha512);
        assertTrue(kafka.getSpec().getKafka().getAuthorization() instanceof KafkaAuthorizationSimple);
        assertNotNull(kafka.getSpec().getEntityOperator().getUserOperator(), "the User Operator makes the users");
        String bootstrap = kafka.getMetadata().getName() + "-kafka-bootstrap:" + listeners.get(0).getPort();
        assertEquals(bootstrap, one(KafkaConnect.class).getSpec().getBootstrapServers());
        assertEquals(bootstrap, aggregatorEnv().get("AGGREGATOR_BOOTSTRAP_SERVERS").getValue());
        assertEquals(bootstrap, keda().path("metadata").path("bootstrapServers").asText());
    }

    @Test
    void everyPrincipalIsAKafkaUserWithExactlyTheCodesAcls() {
        Map<String, Set<String>> expected = new TreeMap<>();
        SecuredStack.kubernetesAcls(repo).forEach((user, acls) -> {
            Set<String> rules = new HashSet<>();
            for (AclBinding binding : acls.bindings()) {
                rules.add(rule(binding.pattern().resourceType().name(), binding.pattern().name(),
                        binding.pattern().patternType() == PatternType.PREFIXED,
                        binding.entry().operation().name().replace("_", "")));
            }
            expected.put(user, rules);
        });
        Map<String, Set<String>> actual = new TreeMap<>();
        for (KafkaUser user : all(KafkaUser.class)) {
            assertTrue(user.getSpec().getAuthentication() instanceof KafkaUserScramSha512ClientAuthentication);
            assertEquals("rivulet", user.getMetadata().getLabels().get("strimzi.io/cluster"));
            Set<String> rules = new HashSet<>();
            for (AclRule acl : ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls()) {
                JsonNode resource = JSON.valueToTree(acl.getResource());
                acl.getOperations().forEach(operation -> rules.add(rule(resource.path("type").asText()
                                .replaceAll("([a-z])([A-Z])", "$1_$2"), resource.path("name").asText(),
                        resource.path("patternType").asText().equals("prefix"), operation.toValue())));
            }
            actual.put(user.getMetadata().getName(), rules);
        }
        assertEquals(expected, actual);
    }

    @Test
    void connectAndEachConnectorLogInAsTheirOwnUsersFromSecretsTheyMayRead() throws IOException {
        Set<String> users = new HashSet<>();
        all(KafkaUser.class).forEach(u -> users.add(u.getMetadata().getName()));
        KafkaConnect connect = one(KafkaConnect.class);
        KafkaClientAuthenticationScramSha512 auth = (KafkaClientAuthenticationScramSha512) connect.getSpec()
                .getAuthentication();
        assertEquals(PipelinePrincipals.CONNECT, auth.getUsername());
        assertEquals(auth.getUsername(), auth.getPasswordSecret().getSecretName(), "the KafkaUser's Secret");
        assertTrue(users.contains(auth.getUsername()));
        assertEquals(SecuredStack.CLUSTER_CA, connect.getSpec().getTls().getTrustedCertificates().get(0)
                .getSecretName());
        Map<String, Object> worker = connect.getSpec().getConfig();
        assertTrue(worker.get("config.providers").toString().contains("secrets"));
        assertEquals("io.strimzi.kafka.KubernetesSecretConfigProvider", worker.get("config.providers.secrets.class"));

        Role role = one(Role.class);
        RoleBinding binding = one(RoleBinding.class);
        assertEquals(connect.getMetadata().getName() + "-connect", binding.getSubjects().get(0).getName(),
                "Strimzi's service account of the Connect pods");
        assertEquals(role.getMetadata().getName(), binding.getRoleRef().getName());
        Set<String> readable = new HashSet<>(role.getRules().get(0).getResourceNames());
        assertEquals(List.of("get"), role.getRules().get(0).getVerbs());

        Properties mounted = mountedSecrets();
        for (KafkaConnector connector : all(KafkaConnector.class)) {
            String name = connector.getMetadata().getName();
            Map<String, String> config = new LinkedHashMap<>();
            connector.getSpec().getConfig().forEach((k, v) -> config.put(k, String.valueOf(v)));
            // The connect-configs file with the principal's settings over it, nothing else.
            Map<String, String> expected = new LinkedHashMap<>();
            JSON.readTree(repo.resolve("connect-configs").resolve(name + ".json").toFile()).fields()
                    .forEachRemaining(e -> expected.put(e.getKey(), e.getValue().asText()));
            expected.putAll(SecuredStack.kubernetesOverrides(name, expected));
            expected.remove("connector.class");
            expected.remove("tasks.max");
            assertEquals(expected, config, name);
            int found = 0;
            for (String value : config.values()) {
                Matcher reference = SECRET_REFERENCE.matcher(value);
                if (!reference.find()) {
                    continue;
                }
                found++;
                assertEquals(SecuredStack.NAMESPACE, reference.group(1));
                assertTrue(readable.contains(reference.group(2)), name + " may not read " + reference.group(2));
                if (reference.group(3).equals("sasl.jaas.config")) {
                    assertEquals(name, reference.group(2), name + " logs in as itself");
                    assertTrue(users.contains(name), "no KafkaUser " + name);
                } else {
                    assertEquals(SecuredStack.CLUSTER_CA + ":ca.crt", reference.group(2) + ":" + reference.group(3));
                }
            }
            assertEquals(6, found, name + ": the login and the CA of its producer, consumer and admin clients");
            Matcher file = Pattern.compile("\\$\\{file:/mnt/rivulet/secrets/([^:]+):([^}]+)}")
                    .matcher(config.toString());
            while (file.find()) {
                assertTrue(mounted.containsKey(file.group(1) + "/" + file.group(2)), name + ": " + file.group());
            }
        }
    }

    @Test
    void theAggregatorAndKedaLogInAsTheirOwnUsers() {
        Map<String, EnvVar> env = aggregatorEnv();
        assertEquals("SASL_SSL", env.get("AGGREGATOR_SECURITY_PROTOCOL").getValue());
        assertEquals(PipelinePrincipals.AGGREGATOR, env.get("AGGREGATOR_SASL_JAAS_CONFIG").getValueFrom()
                .getSecretKeyRef().getName());
        assertEquals(SecuredStack.CLUSTER_CA, env.get("AGGREGATOR_SSL_TRUSTSTORE_CERTIFICATES").getValueFrom()
                .getSecretKeyRef().getName());

        JsonNode trigger = keda();
        String authName = trigger.path("authenticationRef").path("name").asText();
        JsonNode auth = KubernetesResources.find(resources, "TriggerAuthentication", authName);
        Map<String, String> parameters = new HashMap<>();
        for (JsonNode ref : auth.path("spec").path("secretTargetRef")) {
            Secret secret = secret(ref.path("name").asText());
            String value = secret == null ? "<from " + ref.path("name").asText() + ">"
                    : new String(Base64.getDecoder().decode(secret.getData().get(ref.path("key").asText())),
                    StandardCharsets.UTF_8);
            parameters.put(ref.path("parameter").asText(), value);
        }
        assertEquals("scram_sha512", parameters.get("sasl"));
        assertEquals(SecuredStack.KEDA, parameters.get("username"));
        assertEquals("<from " + SecuredStack.KEDA + ">", parameters.get("password"), "the KafkaUser's Secret");
        assertEquals("<from " + SecuredStack.CLUSTER_CA + ">", parameters.get("ca"));
        assertEquals("enable", parameters.get("tls"));
    }

    @Test
    void everyTopicAUserMayUseButNotCreateIsAKafkaTopic() {
        Set<String> topics = new HashSet<>();
        all(KafkaTopic.class).forEach(t -> topics.add(t.getSpec().getTopicName() != null
                ? t.getSpec().getTopicName() : t.getMetadata().getName()));
        Set<String> missing = new java.util.TreeSet<>();
        SecuredStack.kubernetesAcls(repo).values().forEach(acls -> acls.bindings().stream()
                .map(AclBinding::pattern)
                .filter(p -> p.resourceType() == ResourceType.TOPIC && p.patternType() == PatternType.LITERAL)
                .map(p -> p.name()).filter(n -> !n.startsWith(SecuredStack.INTERNAL_TOPIC_PREFIX))
                .filter(n -> !topics.contains(n)).forEach(missing::add));
        assertTrue(missing.isEmpty(), "no KafkaTopic for " + missing);
    }

    @Test
    void kubectlBuildsTheSameResources() throws Exception {
        Assumptions.assumeTrue(Executables.onPath("kubectl"),
                "kubectl is not installed: the build above is kustomize's rules");
        Process kubectl = new ProcessBuilder("kubectl", "kustomize", repo.resolve(SecuredStack.KUBERNETES)
                .toString()).redirectErrorStream(true).start();
        String output = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(kubectl.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, kubectl.exitValue(), output);
        Map<String, JsonNode> built = new TreeMap<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(new StringReader(output))) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                built.put(key(doc), normalized(doc));
            }
        }
        Map<String, JsonNode> ours = new TreeMap<>();
        resources.forEach(r -> ours.put(key(r), normalized(r)));
        assertEquals(built.keySet(), ours.keySet());
        built.forEach((key, resource) -> assertEquals(resource, ours.get(key), key));
    }

    private static String key(JsonNode resource) {
        return resource.path("kind").asText() + "/" + resource.path("metadata").path("name").asText();
    }

    /** Without what kustomize adds (the namespace), lists of named items in name order. */
    private static JsonNode normalized(JsonNode resource) {
        ObjectNode copy = resource.deepCopy();
        ((ObjectNode) copy.path("metadata")).remove("namespace");
        if (copy.has("data") && copy.path("kind").asText().equals("Secret")) {
            copy.path("data").fields().forEachRemaining(e -> ((ObjectNode) copy.path("data")).put(e.getKey(),
                    e.getValue().asText().replaceAll("\\s", ""))); // kubectl wraps long base64 lines
        }
        sortNamed(copy);
        return copy;
    }

    private static void sortNamed(JsonNode node) {
        if (node.isArray()) {
            List<JsonNode> items = new ArrayList<>();
            node.forEach(items::add);
            items.forEach(SecuredKubernetesTest::sortNamed);
            if (items.stream().allMatch(i -> i.isObject() && i.has("name"))) {
                items.sort((a, b) -> a.path("name").asText().compareTo(b.path("name").asText()));
                ((ArrayNode) node).removeAll();
                items.forEach(((ArrayNode) node)::add);
            }
        } else if (node.isObject()) {
            node.forEach(SecuredKubernetesTest::sortNamed);
        }
    }

    private static String rule(String type, String name, boolean prefixed, String operation) {
        return type.toUpperCase() + " " + name + (prefixed ? "*" : "") + " " + operation.toUpperCase();
    }

    private static Map<String, EnvVar> aggregatorEnv() {
        Map<String, EnvVar> env = new HashMap<>();
        one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()
                .forEach(var -> env.put(var.getName(), var));
        return env;
    }

    private static JsonNode keda() {
        return KubernetesResources.find(resources, "ScaledObject", "rivulet-aggregator").path("spec")
                .path("triggers").get(0);
    }

    private static Secret secret(String name) {
        return all(Secret.class).stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst()
                .orElse(null);
    }

    /** The keys of the files mounted at /mnt/rivulet/secrets, as file/key. */
    private static Properties mountedSecrets() throws IOException {
        Properties keys = new Properties();
        for (Map.Entry<String, String> file : secret("rivulet-connect-secrets").getData().entrySet()) {
            Properties content = new Properties();
            content.load(new StringReader(new String(Base64.getDecoder().decode(file.getValue()),
                    StandardCharsets.UTF_8)));
            content.stringPropertyNames().forEach(k -> keys.put(file.getKey() + "/" + k, content.getProperty(k)));
        }
        return keys;
    }

    private static <T> T one(Class<T> model) {
        return KubernetesResources.one(resources, model);
    }

    private static <T> List<T> all(Class<T> model) {
        return KubernetesResources.all(resources, model);
    }
}

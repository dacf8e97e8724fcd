package io.rivulet.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.rivulet.aggregator.AggregatorConfig;
import io.strimzi.api.kafka.model.common.metrics.JmxPrometheusExporterMetrics;
import io.strimzi.api.kafka.model.common.template.AdditionalVolume;
import io.strimzi.api.kafka.model.connect.KafkaConnect;
import io.strimzi.api.kafka.model.connect.build.DownloadableArtifact;
import io.strimzi.api.kafka.model.connect.build.Plugin;
import io.strimzi.api.kafka.model.connector.KafkaConnector;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

/**
 * No Kubernetes runs here, so this test reads deploy/kubernetes/ as kubectl would apply it (the resources the
 * kustomization lists) into Strimzi's and fabric8's typed models and checks it against the repository: nothing the
 * models do not know, the generated files current, every KafkaConnector the connect-configs/ file it was made
 * from, the plugin archives of the image build providing every class the configs name, and topics, hosts, ports,
 * secrets, schemas and metrics agreeing across the resources and with the configs.
 */
class KubernetesManifestsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** KEDA publishes no Java model: its ScaledObject is checked field by field below. */
    private static final String SCALED_OBJECT = "keda.sh/v1alpha1/ScaledObject";
    private static final Pattern SECRET = Pattern.compile("\\$\\{file:/mnt/rivulet/secrets/([^:}]+):([^}]+)}");
    private static Path repo;
    private static Path dir;
    private static JsonNode kustomization;
    private static final List<JsonNode> resources = new ArrayList<>();

    @BeforeAll
    static void read() throws IOException {
        repo = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(repo.resolve("deploy/kubernetes"))) {
            repo = repo.getParent();
        }
        if (Boolean.getBoolean("rivulet.kubernetes.regenerate")) {
            KubernetesManifests.write(repo);
        }
        dir = repo.resolve("deploy/kubernetes");
        kustomization = YAML.readTree(dir.resolve("kustomization.yaml").toFile());
        for (JsonNode file : kustomization.path("resources")) {
            try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class)
                    .readValues(dir.resolve(file.asText()).toFile())) {
                while (docs.hasNext()) {
                    JsonNode doc = docs.next();
                    if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                        resources.add(doc);
                    }
                }
            }
        }
    }

    @Test
    void theGeneratedFilesAreCurrentAndListed() throws IOException {
        Map<Path, String> generated = KubernetesManifests.generate(repo);
        Set<String> listed = new HashSet<>();
        kustomization.path("resources").forEach(r -> listed.add(r.asText()));
        for (Map.Entry<Path, String> file : generated.entrySet()) {
            assertTrue(Files.isRegularFile(file.getKey()), "missing " + file.getKey());
            assertEquals(file.getValue(), Files.readString(file.getKey()), repo.relativize(file.getKey())
                    + " is stale: mvn -pl compose test -Dtest=KubernetesManifestsTest -Drivulet.kubernetes.regenerate=true");
            assertTrue(listed.contains(dir.relativize(file.getKey()).toString()), "not in the kustomization: "
                    + file.getKey());
        }
        try (Stream<Path> files = Files.walk(dir.resolve("generated"))) {
            files.filter(Files::isRegularFile).forEach(f -> assertTrue(generated.containsKey(f), "left over: " + f));
        }
    }

    @Test
    void everyResourceReadsIntoItsTypedModelWithNothingUnknown() throws Exception {
        Set<String> kinds = new HashSet<>();
        for (JsonNode resource : resources) {
            String type = resource.path("apiVersion").asText() + "/" + resource.path("kind").asText();
            kinds.add(resource.path("kind").asText());
            if (type.equals(SCALED_OBJECT)) {
                continue;
            }
            Class<?> model = KubernetesResources.MODELS.get(type);
            assertNotNull(model, "no model for " + type + " (" + name(resource) + ")");
            Object typed = YAML.treeToValue(resource, model);
            List<String> unknown = new ArrayList<>();
            KubernetesResources.unknownFields(typed, type + " " + name(resource), unknown);
            assertTrue(unknown.isEmpty(), "fields the model does not know: " + unknown);
        }
        assertEquals(Set.of("Namespace", "Kafka", "KafkaNodePool", "KafkaTopic", "KafkaConnect", "KafkaConnector",
                "Service", "ConfigMap", "Deployment", "PodDisruptionBudget", "Ingress", "ScaledObject"), kinds);
    }

    @Test
    void everyKafkaConnectorIsItsConnectConfigsFile() throws IOException {
        KafkaConnect connect = one(KafkaConnect.class);
        List<KafkaConnector> connectors = all(KafkaConnector.class);
        List<Path> files = ConnectorConfigs.files(repo);
        assertEquals(files.size(), connectors.size(), "one KafkaConnector per connect-configs file");
        for (Path file : files) {
            String name = file.getFileName().toString().replace(".json", "");
            KafkaConnector connector = connectors.stream().filter(c -> c.getMetadata().getName().equals(name))
                    .findFirst().orElseThrow(() -> new AssertionError("no KafkaConnector " + name));
            Map<String, String> config = new LinkedHashMap<>();
            connector.getSpec().getConfig().forEach((key, value) -> config.put(key, String.valueOf(value)));
            config.put("connector.class", connector.getSpec().getClassName());
            config.put("tasks.max", String.valueOf(connector.getSpec().getTasksMax()));
            assertEquals(configFile(file), config, name);
            assertEquals(connect.getMetadata().getName(), connector.getMetadata().getLabels()
                    .get("strimzi.io/cluster"), name + " runs on the KafkaConnect cluster");
            assertTrue(connector.getSpec().getAutoRestart().isEnabled(), name);
        }
        assertEquals("true", connect.getMetadata().getAnnotations().get("strimzi.io/use-connector-resources"));
    }

    @Test
    void theImageBuildsPluginArchivesProvideEveryClassTheConfigsName() throws IOException {
        Map<String, Path> modules = Map.of("rivulet-http-source", repo.resolve("connectors/http-source"),
                "rivulet-transforms", repo.resolve("transforms"), "rivulet-jdbc-sink",
                repo.resolve("connectors/jdbc-sink"), "rivulet-druid-sink", repo.resolve("connectors/druid-sink"));
        Set<String> provided = new HashSet<>();
        Set<String> plugins = new HashSet<>();
        for (Plugin plugin : one(KafkaConnect.class).getSpec().getBuild().getPlugins()) {
            plugins.add(plugin.getName());
            String url = ((DownloadableArtifact) plugin.getArtifacts().get(0)).getUrl();
            String archive = url.substring(url.lastIndexOf('/') + 1);
            if (modules.containsKey(plugin.getName())) {
                Path zip = modules.get(plugin.getName()).resolve("target/plugin-zips").resolve(archive);
                assertTrue(Files.isRegularFile(zip), plugin.getName() + ": the build makes no " + archive
                        + " (the version in the URL is the project's?)");
                provided.addAll(classesInPlugin(zip));
            }
        }
        assertEquals(Set.of("rivulet-http-source", "rivulet-transforms", "rivulet-jdbc-sink", "rivulet-druid-sink",
                "kafka-connect-avro-converter"), plugins);
        for (KafkaConnector connector : all(KafkaConnector.class)) {
            Map<String, String> names = new HashMap<>(Map.of("class", connector.getSpec().getClassName()));
            connector.getSpec().getConfig().forEach((key, value) -> names.put(key, String.valueOf(value)));
            names.forEach((key, value) -> {
                ConnectorConfigs.pluginClass(key.equals("class") ? "connector.class" : key, value).ifPresent(cls ->
                        assertTrue(provided.contains(cls), connector.getMetadata().getName() + ": " + cls
                                + " is in no plugin archive of the image"));
                if (value.startsWith("io.confluent.connect.avro.")) {
                    assertTrue(plugins.contains("kafka-connect-avro-converter"), key);
                }
            });
        }
        assertEquals("io.confluent.connect.avro.AvroConverter",
                one(KafkaConnect.class).getSpec().getConfig().get("value.converter"));
    }

    @Test
    void topicsHostsAndPortsAgreeWithTheConfigs() throws IOException {
        Kafka kafka = one(Kafka.class);
        GenericKafkaListener plain = kafka.getSpec().getKafka().getListeners().get(0);
        String bootstrap = kafka.getMetadata().getName() + "-kafka-bootstrap:" + plain.getPort();
        assertEquals(bootstrap, one(KafkaConnect.class).getSpec().getBootstrapServers());
        assertEquals(bootstrap, env(aggregator()).get("AGGREGATOR_BOOTSTRAP_SERVERS"));
        all(KafkaNodePool.class).forEach(pool -> assertEquals(kafka.getMetadata().getName(),
                pool.getMetadata().getLabels().get("strimzi.io/cluster")));

        Map<String, Integer> topics = new HashMap<>();
        for (KafkaTopic topic : all(KafkaTopic.class)) {
            assertEquals(kafka.getMetadata().getName(), topic.getMetadata().getLabels().get("strimzi.io/cluster"));
            topics.put(topic.getSpec().getTopicName() != null ? topic.getSpec().getTopicName()
                    : topic.getMetadata().getName(), topic.getSpec().getPartitions());
        }
        Set<String> needed = new HashSet<>();
        for (KafkaConnector connector : all(KafkaConnector.class)) {
            Map<String, Object> config = connector.getSpec().getConfig();
            if (config.containsKey("topic")) { // a source: its topic, and the invalid topic Validate routes to
                needed.add(config.get("topic").toString());
                needed.add(config.get("topic") + ".invalid");
            }
            if (config.containsKey("topics")) {
                needed.addAll(List.of(config.get("topics").toString().split(",")));
            }
            if (config.containsKey("errors.deadletterqueue.topic.name")) {
                needed.add(config.get("errors.deadletterqueue.topic.name").toString());
            }
        }
        AggregatorConfig aggregator = aggregatorConfig();
        for (String key : List.of(AggregatorConfig.ORDERS_TOPIC_CONFIG, AggregatorConfig.CLICKS_TOPIC_CONFIG,
                AggregatorConfig.SALES_TOPIC_CONFIG, AggregatorConfig.ACTIVE_USERS_TOPIC_CONFIG,
                AggregatorConfig.FUNNEL_TOPIC_CONFIG, AggregatorConfig.LATE_TOPIC_CONFIG,
                AggregatorConfig.ERRORS_TOPIC_CONFIG)) {
            needed.add(aggregator.getString(key));
        }
        needed.forEach(topic -> assertTrue(topics.containsKey(topic), "no KafkaTopic for " + topic));

        // Every host a config names is a Service here that listens on the port the config names.
        Map<String, Set<Integer>> services = new HashMap<>();
        all(Service.class).forEach(s -> services.put(s.getMetadata().getName(), s.getSpec().getPorts().stream()
                .map(ServicePort::getPort).collect(Collectors.toSet())));
        for (KafkaConnector connector : all(KafkaConnector.class)) {
            connector.getSpec().getConfig().forEach((key, value) -> ConnectorConfigs.service(key,
                    String.valueOf(value)).ifPresent(service -> assertTrue(services.getOrDefault(service.host(),
                    Set.of()).contains(service.port()), connector.getMetadata().getName() + " " + key
                    + ": no Service " + service.host() + " on " + service.port())));
        }
        String registry = env(aggregator()).get("AGGREGATOR_CONVERTER_SCHEMA_REGISTRY_URL");
        ConnectorConfigs.Service registryService = ConnectorConfigs.service("converter.schema.registry.url", registry)
                .orElseThrow(() -> new AssertionError("not a service address: " + registry));
        assertTrue(services.getOrDefault(registryService.host(), Set.of()).contains(registryService.port()),
                registry);

        // The listener: a Service per task port over the Connect pods, and the Ingress in front of it.
        KafkaConnector listener = all(KafkaConnector.class).stream().filter(c -> c.getSpec().getConfig()
                .containsKey("listener.port")).findFirst().orElseThrow();
        int port = Integer.parseInt(listener.getSpec().getConfig().get("listener.port").toString());
        for (int task = 0; task < listener.getSpec().getTasksMax(); task++) {
            Service service = all(Service.class).stream().filter(s -> s.getMetadata().getName()
                    .startsWith("clicks-listener-")).filter(s -> s.getSpec().getPorts().get(0).getPort()
                    == port).findFirst().orElseThrow(() -> new AssertionError("no Service for listener task port"));
            assertEquals(one(KafkaConnect.class).getMetadata().getName(),
                    service.getSpec().getSelector().get("strimzi.io/cluster"));
            assertEquals(port + task, service.getSpec().getPorts().get(0).getTargetPort().getIntVal());
        }
        Ingress ingress = one(Ingress.class);
        var backend = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0);
        assertTrue(services.getOrDefault(backend.getBackend().getService().getName(), Set.of())
                .contains(backend.getBackend().getService().getPort().getNumber()), "the Ingress's backend");
        assertEquals(listener.getSpec().getConfig().get("listener.path"), backend.getPath());
        long bodyLimit = Long.parseLong(ingress.getMetadata().getAnnotations()
                .get("nginx.ingress.kubernetes.io/proxy-body-size").replace("m", "")) * 1024 * 1024;
        assertTrue(bodyLimit >= Long.parseLong(listener.getSpec().getConfig().get("listener.max.body.bytes")
                .toString()), "the Ingress takes the bodies the listener takes");
    }

    @Test
    void secretsSchemasAndMetricsAreMountedWhereTheConfigsReadThem() throws IOException {
        KafkaConnect connect = one(KafkaConnect.class);
        assertEquals("file", connect.getSpec().getConfig().get("config.providers"));
        assertEquals("org.apache.kafka.common.config.provider.FileConfigProvider",
                connect.getSpec().getConfig().get("config.providers.file.class"));
        Map<String, String> mounts = new HashMap<>();
        for (VolumeMount mount : connect.getSpec().getTemplate().getConnectContainer().getVolumeMounts()) {
            AdditionalVolume volume = connect.getSpec().getTemplate().getPod().getVolumes().stream()
                    .filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
            assertTrue(mount.getMountPath().startsWith("/mnt/"), "Strimzi mounts additional volumes under /mnt");
            mounts.put(mount.getMountPath(), volume.getSecret() != null ? "secret:"
                    + volume.getSecret().getSecretName() : "configMap:" + volume.getConfigMap().getName());
        }
        JsonNode generator = kustomization.path("secretGenerator").get(0);
        assertEquals("secret:" + generator.path("name").asText(), mounts.get("/mnt/rivulet/secrets"));
        Map<String, Properties> secretFiles = new HashMap<>();
        for (JsonNode file : generator.path("files")) {
            Properties props = new Properties();
            props.load(new StringReader(Files.readString(dir.resolve(file.asText()))));
            secretFiles.put(Path.of(file.asText()).getFileName().toString(), props);
        }
        Map<String, String> schemas = configMap(mounts.get("/mnt/rivulet/schemas").substring("configMap:".length()));
        int secrets = 0;
        for (KafkaConnector connector : all(KafkaConnector.class)) {
            for (Map.Entry<String, Object> entry : connector.getSpec().getConfig().entrySet()) {
                String value = String.valueOf(entry.getValue());
                Matcher secret = SECRET.matcher(value);
                if (secret.find()) {
                    secrets++;
                    assertTrue(secretFiles.containsKey(secret.group(1)) && secretFiles.get(secret.group(1))
                            .containsKey(secret.group(2)), entry.getKey() + ": " + value + " is in no Secret file");
                }
                assertFalse(entry.getKey().matches(".*(password|token|secret).*") && !value.isEmpty()
                        && !secret.find(0), entry.getKey() + " holds a secret itself, not a ${file:...} reference");
                if (value.startsWith("/mnt/rivulet/schemas/")) {
                    assertTrue(schemas.containsKey(Path.of(value).getFileName().toString()), value);
                }
            }
        }
        assertEquals(2, secrets, "the shop token and the PostgreSQL password");

        Map<String, String> rules = configMap("rivulet-metrics");
        assertEquals(rules.keySet(), Set.of("kafka.yml", "connect.yml", "aggregator.yml"));
        JmxPrometheusExporterMetrics kafkaMetrics = (JmxPrometheusExporterMetrics) one(Kafka.class).getSpec()
                .getKafka().getMetricsConfig();
        JmxPrometheusExporterMetrics connectMetrics = (JmxPrometheusExporterMetrics) connect.getSpec()
                .getMetricsConfig();
        assertEquals("kafka.yml", kafkaMetrics.getValueFrom().getConfigMapKeyRef().getKey());
        assertEquals("connect.yml", connectMetrics.getValueFrom().getConfigMapKeyRef().getKey());
        Container aggregator = aggregator();
        String command = String.join(" ", aggregator.getCommand());
        Matcher agent = Pattern.compile("jmx_prometheus_javaagent\\.jar=(\\d+):(/[^ ]+)/([a-z]+\\.yml)")
                .matcher(command);
        assertTrue(agent.find(), command);
        assertTrue(rules.containsKey(agent.group(3)));
        assertTrue(aggregator.getPorts().stream().anyMatch(p -> p.getContainerPort() == Integer.parseInt(agent
                .group(1))), "the exporter's port is a container port");
        assertTrue(aggregator.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals(agent.group(2))),
                "the rules are mounted where the agent reads them");
    }

    @Test
    void theAggregatorIsReadyFromKafkaStreamsStateAndScalesWithinItsPartitions() throws IOException {
        Container container = aggregator();
        Map<String, String> env = env(container);
        assertEquals(List.of("test", "-f", env.get("AGGREGATOR_READY_FILE")),
                container.getReadinessProbe().getExec().getCommand(), "the probe reads the ready file");
        assertTrue(env.get("AGGREGATOR_READY_FILE").startsWith(env.get("AGGREGATOR_STATE_DIR")));
        AggregatorConfig config = aggregatorConfig();
        assertEquals("1", config.streamsProperties().get("num.standby.replicas"));
        Deployment deployment = one(Deployment.class);
        assertTrue(deployment.getSpec().getTemplate().getSpec().getVolumes().stream().anyMatch(v -> v.getEmptyDir()
                != null && container.getVolumeMounts().stream().anyMatch(m -> m.getName().equals(v.getName())
                && m.getMountPath().equals(env.get("AGGREGATOR_STATE_DIR")))), "state on an emptyDir");
        assertTrue(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds() > 30,
                "longer than Kafka Streams' 30 s close");
        assertEquals(deployment.getSpec().getSelector().getMatchLabels(),
                one(PodDisruptionBudget.class).getSpec().getSelector().getMatchLabels());

        JsonNode scaled = resources.stream().filter(r -> (r.path("apiVersion").asText() + "/" + r.path("kind")
                .asText()).equals(SCALED_OBJECT)).findFirst().orElseThrow();
        assertEquals(deployment.getMetadata().getName(), scaled.path("spec").path("scaleTargetRef").path("name")
                .asText());
        JsonNode trigger = scaled.path("spec").path("triggers").get(0);
        assertEquals("kafka", trigger.path("type").asText());
        assertEquals(config.streamsProperties().get("application.id"), trigger.path("metadata")
                .path("consumerGroup").asText(), "KEDA watches the aggregator's group");
        assertEquals(one(KafkaConnect.class).getSpec().getBootstrapServers(), trigger.path("metadata")
                .path("bootstrapServers").asText());
        String input = trigger.path("metadata").path("topic").asText();
        assertTrue(input.equals(config.getString(AggregatorConfig.CLICKS_TOPIC_CONFIG))
                || input.equals(config.getString(AggregatorConfig.ORDERS_TOPIC_CONFIG)), input);
        int partitions = all(KafkaTopic.class).stream().filter(t -> input.equals(t.getSpec().getTopicName()))
                .findFirst().orElseThrow().getSpec().getPartitions();
        int max = scaled.path("spec").path("maxReplicaCount").asInt();
        assertTrue(max > 0 && max <= partitions, "at most one instance per input partition: " + max);
        assertTrue(scaled.path("spec").path("minReplicaCount").asInt() <= deployment.getSpec().getReplicas());
    }

    /** The aggregator's settings as the container gets them: the ConfigMap's file, then AGGREGATOR_* variables. */
    private static AggregatorConfig aggregatorConfig() throws IOException {
        Properties file = new Properties();
        file.load(new StringReader(configMap("rivulet-aggregator-config").get("aggregator.properties")));
        Map<String, Object> settings = new HashMap<>();
        file.forEach((key, value) -> settings.put(key.toString(), value.toString().trim()));
        env(aggregator()).forEach((name, value) -> settings.put(name.substring("AGGREGATOR_".length())
                .toLowerCase().replace('_', '.'), value));
        // Confluent's converter is in the image, not on this class path: check the rest with one that is.
        assertEquals("io.confluent.connect.avro.AvroConverter", settings.put("converter.class",
                "org.apache.kafka.connect.json.JsonConverter"));
        return new AggregatorConfig(settings);
    }

    private static Container aggregator() {
        return one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static Map<String, String> env(Container container) {
        Map<String, String> env = new HashMap<>();
        for (EnvVar var : container.getEnv()) {
            env.put(var.getName(), var.getValue());
        }
        return env;
    }

    private static Map<String, String> configMap(String name) {
        return all(ConfigMap.class).stream().filter(c -> c.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap " + name)).getData();
    }

    private static <T> T one(Class<T> model) {
        return KubernetesResources.one(resources, model);
    }

    private static <T> List<T> all(Class<T> model) {
        return KubernetesResources.all(resources, model);
    }

    private static String name(JsonNode resource) {
        return resource.path("metadata").path("name").asText();
    }

    private static Map<String, String> configFile(Path file) throws IOException {
        Map<String, String> config = new LinkedHashMap<>();
        JSON.readTree(file.toFile()).fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        return config;
    }

    /** The classes of the jars in a plugin archive's lib/. */
    private static Set<String> classesInPlugin(Path zip) throws IOException {
        Set<String> classes = new HashSet<>();
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : archive.stream().collect(Collectors.toList())) {
                if (entry.getName().endsWith(".jar")) {
                    try (InputStream in = archive.getInputStream(entry)) {
                        classes.addAll(ConnectorConfigs.classesIn(in));
                    }
                }
            }
        }
        return classes;
    }
}

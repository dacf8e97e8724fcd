package io.rivulet.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.rivulet.aggregator.AggregatorConfig;
import io.rivulet.simulator.SimulatorOptions;

/**
 * docker-compose.yml cannot run here (no Docker), so this test reads it and checks it against the repository:
 * every mounted path exists, the plugins on the worker's plugin.path provide every class the connector configs
 * name, the configs' hosts and ports are services and published ports of the file, the secrets agree, the
 * simulator's and aggregator's settings are ones they accept, Prometheus scrapes the JMX exporter ports, and the
 * Grafana and alerting files are there and well formed.
 */
class ComposeFileTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path repo;

    @BeforeAll
    static void read() {
        repo = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(repo.resolve("docker-compose.yml"))) {
            repo = repo.getParent(); // tests run in compose/; the file sits at the root, where `docker compose up` runs
        }
    }

    /** The plain stack, and the secured one as `docker compose -f docker-compose.yml -f docker-compose.secure.yml`. */
    static Stream<ComposeStack> stacks() throws IOException {
        read();
        return Stream.of(ComposeStack.read(repo, "docker-compose.yml"),
                ComposeStack.read(repo, "docker-compose.yml", "docker-compose.secure.yml"));
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void hasTheWholeStack(ComposeStack stack) {
        Set<String> names = new HashSet<>();
        stack.services().fieldNames().forEachRemaining(names::add);
        assertTrue(names.containsAll(Set.of("kafka", "schema-registry", "connect", "control-center", "redis",
                "postgres", "aggregator", "shop-simulator", "prometheus", "grafana", "druid-coordinator",
                "druid-broker", "druid-historical", "druid-middlemanager", "zookeeper")), names.toString());
        assertEquals("broker,controller", stack.env("kafka").get("KAFKA_PROCESS_ROLES"), "Kafka in KRaft mode");
        assertEquals("io.confluent.connect.avro.AvroConverter", stack.env("connect").get("CONNECT_VALUE_CONVERTER"));
        stack.services().elements().forEachRemaining(service -> assertFalse(service.path("image").asText().isEmpty()
                || service.path("image").asText().endsWith(":latest"), "pinned image: " + service));
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void everyMountedPathExists(ComposeStack stack) {
        List<String> missing = new ArrayList<>();
        stack.services().fields().forEachRemaining(service -> service.getValue().path("volumes").forEach(volume -> {
            String source = volume.asText().split(":")[0];
            if (source.startsWith("./") && !Files.exists(repo.resolve(source))) {
                missing.add(service.getKey() + ": " + source);
            }
        }));
        assertTrue(missing.isEmpty(), "not in the repository or the build output: " + missing);
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void theWorkersPluginsProvideEveryClassTheConfigsName(ComposeStack stack) throws IOException {
        Set<String> provided = new HashSet<>();
        for (JsonNode volume : stack.services().path("connect").path("volumes")) {
            String[] parts = volume.asText().split(":");
            if (parts[1].startsWith("/opt/rivulet/plugins/")) {
                try (Stream<Path> jars = Files.list(repo.resolve(parts[0]).resolve("lib"))) {
                    for (Path jar : jars.collect(Collectors.toList())) {
                        try (InputStream in = Files.newInputStream(jar)) {
                            provided.addAll(ConnectorConfigs.classesIn(in));
                        }
                    }
                }
            }
        }
        for (Path file : ConnectorConfigs.files(repo)) {
            JsonNode config = JSON.readTree(file.toFile());
            config.fields().forEachRemaining(e -> ConnectorConfigs.pluginClass(e.getKey(), e.getValue().asText())
                    .ifPresent(cls -> assertTrue(provided.contains(cls), file.getFileName() + ": " + cls
                            + " on no mounted plugin")));
        }
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void theConfigsPointAtServicesAndPortsOfTheStack(ComposeStack stack) throws IOException {
        for (Path file : ConnectorConfigs.files(repo)) {
            JsonNode config = JSON.readTree(file.toFile());
            config.fields().forEachRemaining(e -> {
                ConnectorConfigs.service(e.getKey(), e.getValue().asText()).ifPresent(service -> {
                    assertTrue(stack.services().has(service.host()), file.getFileName() + " " + e.getKey()
                            + ": no service " + service.host());
                    assertTrue(listensOn(stack, service.host(), service.port()), file.getFileName() + " "
                            + e.getKey()
                            + ": " + service.host() + " does not listen on " + service.port());
                });
                if (e.getValue().asText().startsWith("/mnt/rivulet/schemas/")) {
                    assertTrue(Files.isRegularFile(repo.resolve("schemas/src/main/resources/io/rivulet/schemas")
                            .resolve(Path.of(e.getValue().asText()).getFileName())), e.getValue().asText());
                }
            });
            if (config.has("listener.port")) {
                assertTrue(stack.published("connect").contains(config.path("listener.port").asInt()),
                        "the clicks listener's port is published by the worker");
            }
        }
        for (JsonNode spec : supervisorSpecs()) {
            JsonNode io = spec.path("spec").path("ioConfig");
            assertEquals("kafka:9092", io.path("consumerProperties").path("bootstrap.servers").asText());
            assertEquals("http://schema-registry:8081", io.path("inputFormat").path("avroBytesDecoder")
                    .path("url").asText());
            assertTrue(stack.env("druid-coordinator").get("druid_extensions_loadList")
                    .contains("druid-avro-extensions"));
        }
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void secretsAgreeWithTheServicesThatCheckThem(ComposeStack stack) throws IOException {
        Properties postgres = properties("compose/secrets/postgres.properties");
        assertEquals(stack.env("postgres").get("POSTGRES_PASSWORD"), postgres.getProperty("password"));
        assertEquals("rivulet", stack.env("postgres").get("POSTGRES_USER"));
        Properties shop = properties("compose/secrets/shop.properties");
        List<String> command = stack.strings("shop-simulator", "command");
        assertEquals(shop.getProperty("token"), command.get(command.indexOf("--orders-token") + 1));
        JsonNode datasources = YAML.readTree(repo.resolve(
                "monitoring/grafana/provisioning/datasources/datasources.yml").toFile());
        datasources.path("datasources").forEach(ds -> {
            if (ds.path("type").asText().contains("postgres")) {
                assertEquals(postgres.getProperty("password"), ds.path("secureJsonData").path("password").asText());
            }
        });
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void theSimulatorAndAggregatorAcceptTheirSettings(ComposeStack stack) throws IOException {
        List<String> command = stack.strings("shop-simulator", "command");
        int jar = command.indexOf("-jar");
        SimulatorOptions options = SimulatorOptions.parse(command.subList(jar + 2, command.size())
                .toArray(new String[0]));
        assertTrue(stack.published("shop-simulator").contains(options.ordersPort()));
        assertEquals("connect", URI.create(options.listenerUrl()).getHost());
        assertTrue(stack.published("connect").contains(URI.create(options.listenerUrl()).getPort()));

        Map<String, Object> settings = new HashMap<>();
        Properties file = properties("aggregator/config/aggregator.properties");
        file.forEach((k, v) -> settings.put(k.toString(), v.toString()));
        stack.env("aggregator").forEach((name, value) -> {
            assertTrue(name.startsWith("AGGREGATOR_"), name);
            settings.put(name.substring("AGGREGATOR_".length()).toLowerCase().replace('_', '.'), value);
        });
        // Confluent's converter is on the container's class path (from the image), not on this one: check the
        // rest of the settings with a converter that is, and that the entrypoint puts Confluent's on the path.
        assertEquals("io.confluent.connect.avro.AvroConverter", settings.put("converter.class",
                "org.apache.kafka.connect.json.JsonConverter"));
        AggregatorConfig config = new AggregatorConfig(settings);
        assertEquals("kafka:9092", config.streamsProperties().get("bootstrap.servers"));
        List<String> entrypoint = stack.strings("aggregator", "entrypoint");
        assertTrue(entrypoint.contains("io.rivulet.aggregator.AggregatorApp"), entrypoint.toString());
        assertTrue(entrypoint.get(entrypoint.indexOf("-cp") + 1).contains("/usr/share/java/kafka-serde-tools/*"));
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void prometheusScrapesEveryJmxExporterAndTheDashboardsAndAlertsAreThere(ComposeStack stack)
            throws IOException {
        Map<String, Integer> agents = new HashMap<>();
        Pattern agent = Pattern.compile("jmx_prometheus_javaagent\\.jar=(\\d+):/opt/jmx-exporter/config/([a-z-]+\\.yml)");
        stack.services().fields().forEachRemaining(service -> {
            String options = stack.env(service.getKey()).getOrDefault("KAFKA_OPTS", "")
                    + " " + String.join(" ", strings(service.getValue().path("entrypoint")));
            Matcher m = agent.matcher(options);
            if (m.find()) {
                agents.put(service.getKey(), Integer.parseInt(m.group(1)));
                assertTrue(Files.isRegularFile(repo.resolve("monitoring/jmx-exporter").resolve(m.group(2))),
                        m.group(2));
            }
        });
        assertEquals(Set.of("kafka", "connect", "aggregator"), agents.keySet());
        JsonNode prometheus = YAML.readTree(repo.resolve("monitoring/prometheus/prometheus.yml").toFile());
        Set<String> targets = new HashSet<>();
        prometheus.path("scrape_configs").forEach(job -> job.path("static_configs").forEach(c -> c.path("targets")
                .forEach(t -> targets.add(t.asText()))));
        agents.forEach((service, port) -> assertTrue(targets.contains(service + ":" + port), service + ":" + port));

        JsonNode alerts = YAML.readTree(repo.resolve("monitoring/prometheus/alerts.yml").toFile());
        Map<String, JsonNode> rules = new HashMap<>();
        alerts.path("groups").forEach(g -> g.path("rules").forEach(r -> rules.put(r.path("alert").asText(), r)));
        assertEquals(Set.of("ConsumerLagHigh", "ConnectorTaskFailed", "InvalidRateHigh"), rules.keySet());
        assertTrue(rules.get("ConsumerLagHigh").path("expr").asText().contains("> 50000"));
        assertEquals("2m", rules.get("ConsumerLagHigh").path("for").asText());

        JsonNode dashboard = JSON.readTree(repo.resolve("monitoring/grafana/dashboards/rivulet-pipeline.json")
                .toFile());
        String text = dashboard.toString();
        for (String metric : List.of("kafka_connect_source_record_write_total", "kafka_streams_process_total",
                "kafka_consumergroup_lag", "sales_per_minute", "active_users_per_minute",
                "funnel_per_minute")) {
            assertTrue(text.contains(metric), "the dashboard shows " + metric);
        }
        // The groups' lag comes from kafka_exporter, a service of the stack that Prometheus scrapes.
        assertTrue(stack.services().has("kafka-exporter"), "kafka_exporter for kafka_consumergroup_lag");
        assertTrue(targets.contains("kafka-exporter:9308"), targets.toString());
        assertTrue(stack.strings("kafka-exporter", "command").contains("--web.listen-address=:9308")
                || String.join(" ", stack.strings("kafka-exporter", "entrypoint")).contains(
                "--web.listen-address=:9308"));
        // Every other metric name the dashboard and alerts use is one the exporter rules produce.
        String rulesText = Files.readString(repo.resolve("monitoring/jmx-exporter/kafka.yml"))
                + Files.readString(repo.resolve("monitoring/jmx-exporter/connect.yml"))
                + Files.readString(repo.resolve("monitoring/jmx-exporter/aggregator.yml"));
        Matcher used = Pattern.compile("(kafka_[a-z_]+|rivulet_aggregator_[a-z_]+)").matcher(text + alerts);
        while (used.find()) {
            String name = used.group(1);
            if (name.equals("kafka_consumergroup_lag")) {
                continue; // kafka_exporter's
            }
            String produced = name.replace("rivulet_aggregator_late_events_total", "rivulet_aggregator_$3_total")
                    .replace("rivulet_aggregator_duplicate_events_total", "rivulet_aggregator_$3_total");
            assertTrue(rulesText.contains("name: " + produced), name + " is produced by no exporter rule");
        }
    }

    /** Inside the network a service listens on its container ports; we know those from the published ones. */
    private static boolean listensOn(ComposeStack stack, String service, int port) {
        if (stack.published(service).contains(port)) {
            return true;
        }
        // Druid's coordinator listens on 8081 in its container, published as 18081 next to the registry's 8081.
        return service.equals("druid-coordinator") && port == 8081;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Properties properties(String path) throws IOException {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(repo.resolve(path))) {
            props.load(in);
        }
        return props;
    }

    private static List<JsonNode> supervisorSpecs() throws IOException {
        List<JsonNode> specs = new ArrayList<>();
        try (Stream<Path> files = Files.list(repo.resolve("connect-configs/druid"))) {
            for (Path file : files.collect(Collectors.toList())) {
                specs.add(JSON.readTree(file.toFile()));
            }
        }
        assertFalse(specs.isEmpty());
        return specs;
    }
}

package io.rivulet.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the application reads its settings and explains them. */
class AggregatorAppTest {
    @TempDir
    Path dir;

    @Test
    void environmentVariablesOverrideTheFileAndEverythingElseGoesToKafkaStreams() throws Exception {
        Path file = dir.resolve("aggregator.properties");
        Files.writeString(file, "bootstrap.servers=file:9092\nwindow.size.ms=60000\nnum.stream.threads=2\n"
                + "converter.schemas.enable=true\n");
        Map<String, Object> settings = AggregatorApp.settings(file, Map.of(
                "AGGREGATOR_BOOTSTRAP_SERVERS", "env:9092", "AGGREGATOR_WINDOW_SIZE_MS", "10000", "PATH", "/bin"));
        AggregatorConfig config = new AggregatorConfig(settings);
        assertEquals(10_000, config.windowSize().toMillis());
        assertEquals("env:9092", config.streamsProperties().get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        assertEquals("2", config.streamsProperties().get(StreamsConfig.NUM_STREAM_THREADS_CONFIG));
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2,
                config.streamsProperties().get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals(Map.of("schemas.enable", "true"), config.converterConfig());
        assertTrue(!config.streamsProperties().containsKey("window.size.ms"), "our own keys stay ours");
    }

    @Test
    void invalidSettingsAreRefusedWithTheKeyNamed() {
        ConfigException noBrokers = assertThrows(ConfigException.class, () -> new AggregatorConfig(Map.of()));
        assertTrue(noBrokers.getMessage().contains("bootstrap.servers"), noBrokers.getMessage());
        ConfigException tiny = assertThrows(ConfigException.class, () -> new AggregatorConfig(Map.of(
                "bootstrap.servers", "x:9092", "window.size.ms", "10")));
        assertTrue(tiny.getMessage().contains("window.size.ms"), tiny.getMessage());
        ConfigException notConverter = assertThrows(ConfigException.class, () -> new AggregatorConfig(Map.of(
                "bootstrap.servers", "x:9092", "converter.class", "java.lang.String")));
        assertTrue(notConverter.getMessage().contains("converter.class"), notConverter.getMessage());
    }

    @Test
    void helpListsEverySetting() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AggregatorApp.printHelp(new PrintStream(out, true, StandardCharsets.UTF_8));
        String help = out.toString(StandardCharsets.UTF_8);
        for (String key : AggregatorConfig.CONFIG_DEF.names()) {
            assertTrue(help.contains("  " + key + " ("), key + " missing from --help");
        }
        assertTrue(help.contains("processing.guarantee=exactly_once_v2"), help);
    }
}

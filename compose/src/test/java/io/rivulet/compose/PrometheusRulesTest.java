package io.rivulet.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Prometheus' own checks of monitoring/prometheus, with Debian's promtool (package prometheus, which .ci/run
 * installs): the config and the alert rules are valid, and the rules' unit tests (tests/*.test.yml: each alert fires
 * when it should, with its labels and summary, and stays silent when it should not) pass.
 */
class PrometheusRulesTest {
    private static Path dir;

    @BeforeAll
    static void find() {
        Path repo = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(repo.resolve("monitoring/prometheus"))) {
            repo = repo.getParent();
        }
        dir = repo.resolve("monitoring/prometheus");
    }

    @Test
    void theConfigAndTheRulesAreValid() throws Exception {
        String config = promtool("check", "config", "prometheus.yml");
        assertTrue(config.contains("SUCCESS: 1 rule files found"), config);
        String rules = promtool("check", "rules", "alerts.yml");
        assertTrue(rules.contains("SUCCESS: 3 rules found"), rules);
    }

    @Test
    void everyAlertFiresWhenItShouldAndOnlyThen() throws Exception {
        List<String> command = new ArrayList<>(List.of("test", "rules"));
        try (var tests = Files.list(dir.resolve("tests"))) {
            tests.filter(f -> f.toString().endsWith(".test.yml")).sorted()
                    .forEach(f -> command.add(dir.relativize(f).toString()));
        }
        assertTrue(command.size() > 2, "no rule tests in " + dir.resolve("tests"));
        String output = promtool(command.toArray(new String[0]));
        assertTrue(output.contains("SUCCESS"), output);
    }

    /** Runs promtool in monitoring/prometheus; fails with its output unless it exits 0. */
    private static String promtool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is not installed: apt-get install prometheus (.ci/run does)", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), output);
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + output);
        return output;
    }
}

package io.rivulet.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class LocalRunOptionsTest {
    private static LocalRunOptions parse(String... args) {
        LocalRunOptions options = new LocalRunOptions();
        LocalRunOptions.parse(options, args);
        return options;
    }

    @Test
    void defaultsAsDocumented() {
        LocalRunOptions options = parse();
        assertEquals(Duration.ofSeconds(60), options.window);
        assertEquals(Duration.ofSeconds(10), options.grace, "window / 6");
        assertEquals(200, options.rate);
        assertEquals(42L, options.seed);
        assertEquals(Duration.ZERO, options.duration);
        assertFalse(options.withDruid);
    }

    @Test
    void aSeedBeyondAnIntIsTakenWhole() {
        assertEquals(20_261_201_000L, parse("--seed", "20261201000").seed);
    }

    @Test
    void everyOptionIsRead() {
        LocalRunOptions options = parse("--window", "10s", "--rate", "500", "--duration", "5m", "--with-druid");
        assertEquals(Duration.ofSeconds(10), options.window);
        assertEquals(Duration.ofSeconds(2), options.grace, "at least 2 s");
        assertEquals(500, options.rate);
        assertEquals(Duration.ofMinutes(5), options.duration);
        assertTrue(options.withDruid);
    }

    @Test
    void badValuesAreRefusedNamingTheOption() {
        CommandLine.ParameterException rate = assertThrows(CommandLine.ParameterException.class,
                () -> parse("--rate", "0"));
        assertTrue(rate.getMessage().contains("--rate"), rate.getMessage());
        CommandLine.ParameterException unknown = assertThrows(CommandLine.ParameterException.class,
                () -> parse("--windw", "10s"));
        assertTrue(unknown.getMessage().contains("--windw"), unknown.getMessage());
        assertThrows(CommandLine.ParameterException.class, () -> parse("--seed", "x"));
    }

    @Test
    void helpListsEveryOption() {
        LocalRunOptions options = new LocalRunOptions();
        assertTrue(LocalRunOptions.parse(options, "--help").isUsageHelpRequested());
        String usage = new CommandLine(options).getUsageMessage();
        for (String option : new String[] {"--window", "--grace", "--rate", "--seed", "--duration", "--with-druid"}) {
            assertTrue(usage.contains(option), usage);
        }
    }
}

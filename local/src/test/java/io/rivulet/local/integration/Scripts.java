package io.rivulet.local.integration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.rivulet.embedded.ConnectConfigFiles;

/** Runs the connect-configs curl scripts as users do, with CONNECT_URL pointing at a test worker. */
final class Scripts {
    /** What a script printed (stdout and stderr together) and its exit code. */
    record Result(int exitCode, String output) {
    }

    private Scripts() {
    }

    static Result run(URI connect, String script, Object... args) {
        return run(connect, Map.of(), script, args);
    }

    /** With more environment variables, such as CONNECT_OVERRIDES. */
    static Result run(URI connect, Map<String, String> environment, String script, Object... args) {
        List<String> command = new ArrayList<>(List.of("bash", ConnectConfigFiles.folder().resolve(script)
                .toString()));
        for (Object arg : args) {
            command.add(arg instanceof Path ? ((Path) arg).toAbsolutePath().toString() : arg.toString());
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("CONNECT_URL", connect.toString());
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(script + " did not end: " + output);
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

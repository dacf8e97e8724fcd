package io.rivulet.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A main class run in a child JVM on the test's class path, as an operator runs an application: output to a log
 * file, {@link #stop()} with SIGTERM (shutdown hooks run), {@link #kill()} with SIGKILL (nothing runs). Registered
 * with the {@link OrphanReaper}, so a test JVM that dies does not leave it behind for long.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Path logFile;
    private final String mainClass;

    private ChildJvm(Process process, Path logFile, String mainClass) {
        this.process = process;
        this.logFile = logFile;
        this.mainClass = mainClass;
    }

    /** Starts {@code mainClass} with {@code jvmOptions} (heap, system properties) and {@code args}. */
    public static ChildJvm start(String mainClass, List<String> jvmOptions, List<String> args, Path logFile) {
        return start(mainClass, jvmOptions, args, logFile,
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    }

    /** Starts {@code mainClass} on its own class path (e.g. a folder of jars as {@code dir/*}). */
    public static ChildJvm start(String mainClass, List<String> jvmOptions, List<String> args, Path logFile,
                                 String classPath) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, mainClass));
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(logFile.toFile()).start();
            OrphanReaper.shared().register(process.pid(), mainClass);
            return new ChildJvm(process, logFile, mainClass);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + mainClass + " in a child JVM", e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** How the process ended (143: SIGTERM without a clean exit, 137: SIGKILL), or "running". */
    public String exit() {
        return process.isAlive() ? "running" : "exit code " + process.exitValue();
    }

    /** The child's standard input, for a child that takes commands there. */
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    public Path logFile() {
        return logFile;
    }

    /** SIGTERM, then SIGKILL if it has not ended within {@code seconds}. */
    public void stop(int seconds) {
        process.destroy();
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        OrphanReaper.shared().unregister(process.pid());
    }

    public void stop() {
        stop(60);
    }

    /** SIGKILL, as a crash or an out-of-memory kill would end it. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        OrphanReaper.shared().unregister(process.pid());
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    @Override
    public String toString() {
        return mainClass + " (pid " + process.pid() + ", log " + logFile + ")";
    }
}

package io.rivulet.embedded;

import java.nio.file.Files;
import java.nio.file.Path;

/** Programs on this machine, for servers and tools the tests run only where they are installed. */
public final class Executables {
    private Executables() {
    }

    /** Whether {@code command} is an executable in a folder of the PATH. */
    public static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}

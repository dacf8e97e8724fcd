package io.rivulet.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.apache.kafka.tools.ConnectPluginPath;

/**
 * Installs plugin archives the way users do: unzips each into a fresh directory that becomes the worker's
 * {@code plugin.path}. The build puts a module's own archive and those its tests need in {@code target/plugin-zips}
 * (system property {@code rivulet.plugin.zips}).
 */
public final class PluginInstaller {
    public static final String ZIPS_PROPERTY = "rivulet.plugin.zips";

    private PluginInstaller() {
    }

    /** The archives the build collected for this module's integration tests. */
    public static Path builtZips() {
        String dir = System.getProperty(ZIPS_PROPERTY);
        if (dir == null || !Files.isDirectory(Paths.get(dir))) {
            throw new IllegalStateException("No plugin archives at " + ZIPS_PROPERTY + "=" + dir
                    + ": run the integration tests with mvn verify, which builds them");
        }
        return Paths.get(dir);
    }

    /** Unzips every {@code *.zip} in {@code zips} into a new plugin path directory and returns it. */
    public static Path install(Path zips) {
        Path pluginPath = WorkDirs.fresh("plugin-path");
        try (Stream<Path> archives = Files.list(zips)) {
            for (Path zip : archives.filter(p -> p.toString().endsWith(".zip")).sorted()
                    .collect(Collectors.toList())) {
                unzip(zip, pluginPath);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot install plugins from " + zips, e);
        }
        return pluginPath;
    }

    static void unzip(Path zip, Path target) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException(zip + " has an entry outside its directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out);
                }
            }
        }
    }

    /** One row of {@code connect-plugin-path list}: a plugin class found in a location, and whether it loads. */
    public record ListedPlugin(String location, String className, String type, String version, boolean loadable,
                               boolean hasManifest) {
    }

    /**
     * Runs Kafka's {@code connect-plugin-path list} tool on a plugin path, as an operator checks an installation,
     * and returns its rows.
     */
    public static List<ListedPlugin> list(Path pluginPath) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ConnectPluginPath.mainNoExit(new String[] {"list", "--plugin-path", pluginPath.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        if (exit != 0) {
            throw new IllegalStateException("connect-plugin-path list exited with " + exit + ": "
                    + err.toString(StandardCharsets.UTF_8));
        }
        List<ListedPlugin> rows = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            // pluginName, firstAlias, secondAlias, pluginVersion, pluginType, isLoadable, hasManifest, pluginLocation
            String[] cells = line.split("\t");
            if (cells.length >= 8 && !cells[0].equals("pluginName")) {
                rows.add(new ListedPlugin(cells[7].trim(), cells[0], cells[4], cells[3],
                        Boolean.parseBoolean(cells[5].trim()), Boolean.parseBoolean(cells[6].trim())));
            }
        }
        return rows;
    }
}

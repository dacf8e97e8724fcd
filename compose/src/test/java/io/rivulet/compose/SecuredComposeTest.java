package io.rivulet.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.URIParameter;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.rivulet.simulator.ListenerTrust;

/**
 * The secured compose stack (docker-compose.secure.yml over docker-compose.yml) cannot run here, so this test runs
 * what it can of it for real and checks the rest against the code: compose/secure/init.sh runs here (bash and
 * keytool) and every path, secret reference and JAAS login the stack's files name resolves in what it made; its
 * certificates chain to its CA, name the hosts clients connect to, and serve TLS to the simulator's trust; the
 * users it makes are the code's principals, and the ACLs kafka-setup grants are the code's, as docs/security.md
 * lists them.
 */
class SecuredComposeTest {
    /** Where the services mount the kafka-secrets volume. */
    private static final List<String> MOUNTS = List.of("/etc/kafka/secrets", SecuredStack.WORKER_SECRETS);
    private static final Pattern SECRET_PATH = Pattern.compile("(/etc/kafka/secrets|/mnt/rivulet/kafka-secrets)"
            + "/[A-Za-z0-9._/-]+");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{file:([^:}]+):([^}]+)}");
    private static Path repo;
    private static ComposeStack stack;

    @BeforeAll
    static void read() throws IOException {
        repo = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(repo.resolve("docker-compose.secure.yml"))) {
            repo = repo.getParent();
        }
        if (Boolean.getBoolean("rivulet.secure.regenerate")) {
            SecuredStack.write(repo);
        }
        stack = ComposeStack.read(repo, "docker-compose.yml", "docker-compose.secure.yml");
    }

    @Test
    void theGeneratedFilesAreCurrent() throws IOException {
        Map<Path, String> generated = SecuredStack.generate(repo);
        for (Map.Entry<Path, String> file : generated.entrySet()) {
            assertTrue(Files.isRegularFile(file.getKey()), "missing " + file.getKey());
            assertEquals(file.getValue(), Files.readString(file.getKey()), repo.relativize(file.getKey())
                    + " is stale: mvn -pl compose test -Dtest=SecuredComposeTest -Drivulet.secure.regenerate=true");
        }
        try (Stream<Path> files = Files.walk(repo.resolve(SecuredStack.KUBERNETES).resolve("generated"))) {
            files.filter(Files::isRegularFile).forEach(f -> assertTrue(generated.containsKey(f), "left over: " + f));
        }
        Set<String> connectors = new TreeSet<>();
        for (Path config : ConnectorConfigs.files(repo)) {
            connectors.add(config.getFileName().toString().replace(".json", ""));
        }
        assertEquals(connectors, new TreeSet<>(SecuredStack.CONNECTORS), "every connector has its principal");
    }

    @Test
    void theUsersAreTheCodesPrincipalsAndTheAclsAreTheDocumentedOnes() throws IOException {
        List<String> command = stack.strings("kafka-secrets", "command");
        assertEquals(SecuredStack.users(repo), command.subList(command.indexOf("/etc/kafka/secrets") + 1,
                command.size()));
        List<String> granted = SecuredStack.aclCommands(SecuredStack.composeAcls(repo));
        assertTrue(granted.size() > 20, granted.toString());
        assertEquals(granted, lines(repo.resolve(SecuredStack.SETUP), "kafka-acls "), SecuredStack.SETUP);
        assertEquals(SecuredStack.aclCommands(SecuredStack.documentedAcls(repo)), lines(repo.resolve(
                "docs/security.md"), "kafka-acls "), "docs/security.md: every principal's, kafka_exporter's and "
                + "KEDA's too");
        // The super users: the broker and the administrator by their certificates, and Control Center.
        assertEquals("User:CN=kafka,OU=Rivulet;User:CN=admin,OU=Rivulet;User:" + SecuredStack.CONTROL_CENTER,
                stack.env("kafka").get("KAFKA_SUPER_USERS"));
        assertEquals("false", stack.env("kafka").get("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND"));
    }

    @Test
    void setupCreatesEveryTopicAPrincipalUsesButCannotCreate() throws IOException {
        Set<String> created = new HashSet<>();
        Matcher topic = Pattern.compile("(?m)^topic (\\S+) \\d+").matcher(Files.readString(repo.resolve(
                SecuredStack.SETUP)));
        while (topic.find()) {
            created.add(topic.group(1));
        }
        Set<String> used = new TreeSet<>();
        SecuredStack.composeAcls(repo).values().forEach(acls -> acls.bindings().stream().map(AclBinding::pattern)
                .filter(p -> p.resourceType() == ResourceType.TOPIC && p.patternType() == PatternType.LITERAL)
                .map(p -> p.name()).filter(name -> !name.startsWith(SecuredStack.INTERNAL_TOPIC_PREFIX))
                .filter(name -> !name.equals("*"))
                .forEach(used::add));
        used.removeAll(created);
        assertTrue(used.isEmpty(), "topics no principal may create and setup.sh does not: " + used);
    }

    @Test
    void initMakesEverySecretTheStackReadsOnceAndTheCertificatesServeTheirHosts(@TempDir Path secrets)
            throws Exception {
        List<String> users = SecuredStack.users(repo);
        String made = init(secrets, users);
        assertTrue(made.contains("kafka secrets made in " + secrets), made);
        String password = Files.readString(secrets.resolve("store.password"));

        // The volume is mounted only where the files below expect it.
        stack.services().fields().forEachRemaining(service -> service.getValue().path("volumes").forEach(v -> {
            String[] parts = v.asText().split(":");
            if (parts[0].equals("kafka-secrets")) {
                assertTrue(MOUNTS.contains(parts[1]), service.getKey() + " mounts the secrets at " + parts[1]);
            }
        }));
        // Every path into the volume that the stack or a connector's settings name was made.
        StringBuilder named = new StringBuilder(stack.services().toString());
        for (Path overrides : KubernetesManifests.files(repo.resolve(SecuredStack.OVERRIDES), ".json")) {
            named.append(Files.readString(overrides));
        }
        Matcher path = SECRET_PATH.matcher(named);
        int paths = 0;
        while (path.find()) {
            assertTrue(Files.isRegularFile(inVolume(secrets, path.group())), "not made: " + path.group());
            paths++;
        }
        assertTrue(paths > 10, "paths checked: " + paths);
        stack.env("kafka").forEach((name, value) -> {
            if (name.endsWith("_FILENAME") || name.endsWith("_CREDENTIALS")) {
                assertTrue(Files.isRegularFile(secrets.resolve(value)), name + ": " + value);
            }
        });
        // Every secret a connector refers to is in the file it names; each principal's is its own password.
        Matcher reference = REFERENCE.matcher(named);
        while (reference.find()) {
            Properties file = properties(inVolume(secrets, reference.group(1)));
            String value = file.getProperty(reference.group(2));
            assertTrue(value != null && !value.isBlank(), reference.group() + " resolves to nothing");
            if (reference.group(2).endsWith(".sasl.jaas.config")) {
                String user = reference.group(2).replace(".sasl.jaas.config", "");
                assertTrue(value.contains("username=\"" + user + "\" password=\""
                        + Files.readString(secrets.resolve("users").resolve(user)) + "\""), value);
            }
        }
        // The JAAS files the JVMs are pointed at log in as their principal, with the password kafka-setup sets.
        for (String user : users) {
            AppConfigurationEntry entry = jaas(secrets.resolve("jaas").resolve(user + ".conf"), "KafkaClient");
            assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule", entry.getLoginModuleName());
            assertEquals(user, entry.getOptions().get("username"));
            assertEquals(Files.readString(secrets.resolve("users").resolve(user)), entry.getOptions().get("password"));
        }
        assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule",
                jaas(repo.resolve("compose/secure/kafka_server_jaas.conf"), "KafkaServer").getLoginModuleName());

        // Certificates: signed by the CA, for the names clients connect to, with the super users' names.
        X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(secrets.resolve("ca.crt")));
        X509Certificate kafka = leaf(secrets.resolve("kafka.p12"), password, ca);
        assertTrue(names(kafka).containsAll(List.of("kafka", "localhost")), names(kafka).toString());
        assertEquals("CN=kafka,OU=Rivulet", kafka.getSubjectX500Principal().getName());
        assertTrue(names(leaf(secrets.resolve("connect.p12"), password, ca)).contains("connect"));
        assertEquals("CN=admin,OU=Rivulet", leaf(secrets.resolve("admin.p12"), password, ca)
                .getSubjectX500Principal().getName());
        Properties admin = properties(secrets.resolve("admin.properties"));
        assertEquals("SSL", admin.getProperty("security.protocol"));
        assertTrue(Files.isRegularFile(Path.of(admin.getProperty("ssl.keystore.location"))));

        // The simulator, trusting ca.crt as the stack's command says, completes a TLS handshake with the
        // listener's certificate, host name checked.
        String handshake = handshake(secrets.resolve("connect.p12"), password,
                ListenerTrust.trusting(secrets.resolve("ca.crt"), ""));
        assertEquals("CN=connect,OU=Rivulet", handshake);

        // Made once: a restart of the stack keeps its CA, certificates and passwords.
        assertTrue(init(secrets, users).contains("already made"));
        assertEquals(password, Files.readString(secrets.resolve("store.password")));
    }

    @Test
    void theScriptsAreValidBash() throws Exception {
        for (String script : List.of("compose/secure/init.sh", SecuredStack.SETUP)) {
            Process check = new ProcessBuilder("bash", "-n", repo.resolve(script).toString())
                    .redirectErrorStream(true).start();
            String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(check.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, check.exitValue(), script + ": " + output);
        }
    }

    private static String init(Path dir, List<String> users) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", repo.resolve("compose/secure/init.sh").toString(),
                dir.toString()));
        command.addAll(users);
        Process init = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(init.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(init.waitFor(2, TimeUnit.MINUTES), output);
        assertEquals(0, init.exitValue(), output);
        return output;
    }

    /** A path in a container, in the volume as made here. */
    private static Path inVolume(Path secrets, String containerPath) {
        for (String mount : MOUNTS) {
            if (containerPath.startsWith(mount + "/")) {
                return secrets.resolve(containerPath.substring(mount.length() + 1));
            }
        }
        throw new AssertionError("not in the secrets volume: " + containerPath);
    }

    private static List<String> lines(Path file, String prefix) throws IOException {
        return Files.readAllLines(file).stream().filter(line -> line.startsWith(prefix)).toList();
    }

    private static Properties properties(Path file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return properties;
    }

    private static AppConfigurationEntry jaas(Path file, String section) throws Exception {
        Configuration config = Configuration.getInstance("JavaLoginConfig", new URIParameter(file.toUri()));
        AppConfigurationEntry[] entries = config.getAppConfigurationEntry(section);
        assertTrue(entries != null && entries.length == 1, file + " has no " + section);
        return entries[0];
    }

    private static X509Certificate leaf(Path keystore, String password, X509Certificate ca) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password.toCharArray());
        }
        String alias = keystore.getFileName().toString().replace(".p12", "");
        assertTrue(store.isKeyEntry(alias), keystore + " holds the key " + alias);
        Certificate[] chain = store.getCertificateChain(alias);
        X509Certificate leaf = (X509Certificate) chain[0];
        leaf.verify(ca.getPublicKey());
        leaf.checkValidity();
        return leaf;
    }

    private static List<String> names(X509Certificate certificate) throws Exception {
        List<String> names = new ArrayList<>();
        certificate.getSubjectAlternativeNames().forEach(name -> names.add(name.get(1).toString()));
        return names;
    }

    /** A TLS server with {@code keystore} on localhost; the client's view of its certificate's subject. */
    private static String handshake(Path keystore, String password, SSLContext client) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password.toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(keys.getKeyManagers(), null, null);
        try (SSLServerSocket listening = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1,
                InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
                try (SSLSocket socket = (SSLSocket) listening.accept()) {
                    socket.startHandshake();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("localhost",
                    listening.getLocalPort())) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                accepted.get(30, TimeUnit.SECONDS);
                return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal()
                        .getName();
            }
        }
    }
}

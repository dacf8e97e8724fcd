package io.rivulet.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What makes a test broker a production-like secured one: clients on a {@code SASL_SSL} listener authenticate with
 * SCRAM-SHA-512 over TLS, the standard authorizer denies whatever no ACL allows, and the controller listener takes
 * only TLS clients with the broker's own certificate. The certificate (CN=rivulet-broker, valid for localhost and
 * 127.0.0.1) is made at start-up with the JDK's keytool into PKCS12 stores with random passwords. The super user
 * {@code admin} exists from the first start (its credentials are written when the log directory is formatted, as
 * {@code kafka-storage format --add-scram} does); other users are created through the Admin API.
 */
public final class BrokerSecurity {
    public static final String MECHANISM = "SCRAM-SHA-512";
    public static final String ADMIN = "admin";
    /** The broker's principal on the controller listener (its certificate's subject). */
    static final String BROKER_PRINCIPAL = "User:CN=rivulet-broker";

    private final Path keystore;
    private final Path truststore;
    private final String storePassword;
    private final String adminPassword;

    private BrokerSecurity(Path keystore, Path truststore, String storePassword, String adminPassword) {
        this.keystore = keystore;
        this.truststore = truststore;
        this.storePassword = storePassword;
        this.adminPassword = adminPassword;
    }

    /** Makes the broker's key and certificate and a truststore holding the certificate, in {@code dir}. */
    public static BrokerSecurity create(Path dir) {
        String storePassword = randomSecret();
        Path keystore = dir.resolve("broker.keystore.p12");
        Path truststore = dir.resolve("truststore.p12");
        Path certificate = dir.resolve("broker.crt");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "30",
                "-dname", "CN=rivulet-broker", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore",
                keystore.toString(), "-storetype", "PKCS12", "-storepass", storePassword, "-keypass", storePassword);
        keytool("-exportcert", "-alias", "broker", "-keystore", keystore.toString(), "-storepass", storePassword,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(), "-keystore",
                truststore.toString(), "-storetype", "PKCS12", "-storepass", storePassword);
        return new BrokerSecurity(keystore, truststore, storePassword, randomSecret());
    }

    private static String randomSecret() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The broker settings for a SASL_SSL client listener on {@code port} and a TLS controller listener. */
    Map<String, String> brokerSettings(int port, int controllerPort) {
        Map<String, String> props = new HashMap<>();
        props.put("listeners", "SASL_SSL://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        props.put("advertised.listeners", "SASL_SSL://localhost:" + port);
        props.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:SSL");
        props.put("inter.broker.listener.name", "SASL_SSL");
        props.put("sasl.enabled.mechanisms", MECHANISM);
        props.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        props.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", jaas(ADMIN, adminPassword));
        props.put("ssl.keystore.type", "PKCS12");
        props.put("ssl.keystore.location", keystore.toString());
        props.put("ssl.keystore.password", storePassword);
        props.put("ssl.key.password", storePassword);
        props.put("ssl.truststore.type", "PKCS12");
        props.put("ssl.truststore.location", truststore.toString());
        props.put("ssl.truststore.password", storePassword);
        // The controller listener cannot use SCRAM (its credentials live in the metadata it serves): TLS with the
        // broker's certificate instead, so nothing without that key reaches it.
        props.put("listener.name.controller.ssl.client.auth", "required");
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("allow.everyone.if.no.acl.found", "false");
        props.put("super.users", "User:" + ADMIN + ";" + BROKER_PRINCIPAL);
        return props;
    }

    /** The {@code --add-scram} argument that creates the super user when the log directory is formatted. */
    String formatScramArgument() {
        return MECHANISM + "=[name=" + ADMIN + ",password=" + adminPassword + "]";
    }

    /** Client settings for the super user {@code admin}. */
    public Map<String, Object> adminClientSettings() {
        return clientSettings(ADMIN, adminPassword);
    }

    /** Client settings (SASL_SSL, SCRAM-SHA-512, the broker's truststore) for {@code user}. */
    public Map<String, Object> clientSettings(String user, String password) {
        Map<String, Object> props = new HashMap<>();
        props.put("security.protocol", "SASL_SSL");
        props.put("sasl.mechanism", MECHANISM);
        props.put("sasl.jaas.config", jaas(user, password));
        props.put("ssl.truststore.type", "PKCS12");
        props.put("ssl.truststore.location", truststore.toString());
        props.put("ssl.truststore.password", storePassword);
        return props;
    }

    /**
     * Client settings (e.g. {@link #clientSettings}) as a connector's overrides of its producer, consumer and admin
     * client, so that the connector runs as that principal; the worker must allow them
     * ({@code connector.client.config.override.policy}).
     */
    public static Map<String, String> connectorOverrides(Map<String, ?> clientSettings) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String prefix : List.of("producer.override.", "consumer.override.", "admin.override.")) {
            clientSettings.forEach((key, value) -> overrides.put(prefix + key, String.valueOf(value)));
        }
        return overrides;
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** Where clients find the certificate to trust (for a child JVM's or a worker's settings). */
    public Path truststore() {
        return truststore;
    }

    /**
     * The broker's key and certificate (valid for localhost and 127.0.0.1), for a test's own TLS server that
     * clients with {@link #truststore()} should trust, such as the HTTP listener.
     */
    public Path keystore() {
        return keystore;
    }

    /** The password of both stores (and of the key). */
    public String storePassword() {
        return storePassword;
    }

    @Override
    public String toString() {
        return "SASL_SSL with " + MECHANISM + ", ACLs required, super user " + ADMIN; // no secret in logs
    }
}

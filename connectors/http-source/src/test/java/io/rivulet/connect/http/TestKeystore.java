package io.rivulet.connect.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A listener's keystore made by the JDK's keytool (password {@code changeit}), and a client that trusts only it. */
public final class TestKeystore {
    public static final String PASSWORD = "changeit";

    private final Path file;

    private TestKeystore(Path file) {
        this.file = file;
    }

    /** A PKCS12 keystore at {@code file} for CN=localhost, valid for localhost and 127.0.0.1. */
    public static TestKeystore create(Path file) throws IOException, InterruptedException {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process generate = new ProcessBuilder(keytool, "-genkeypair", "-keystore", file.toString(), "-storetype",
                "PKCS12", "-storepass", PASSWORD, "-alias", "listener", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2").inheritIO()
                .start();
        if (generate.waitFor() != 0) {
            throw new IllegalStateException("keytool failed to make " + file);
        }
        return new TestKeystore(file);
    }

    public Path file() {
        return file;
    }

    /** A TLS context that trusts this keystore's certificate and nothing else. */
    public SSLContext trustingClient() throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            trusted.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return tls;
    }
}

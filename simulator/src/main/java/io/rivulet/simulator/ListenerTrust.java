package io.rivulet.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS trust for an https listener (--listener-truststore): a PKCS12 truststore, or PEM certificates (a CA's
 * {@code ca.crt}, which needs no password).
 */
public final class ListenerTrust {
    private ListenerTrust() {
    }

    /** The SSL context trusting the options' truststore, or null for the JDK's default trust. */
    static SSLContext of(SimulatorOptions options) {
        if (options.listenerTruststore().isEmpty()) {
            return null;
        }
        return trusting(Path.of(options.listenerTruststore()), options.listenerTruststorePassword());
    }

    /** An SSL context trusting the certificates in {@code truststore}, a PKCS12 store or a PEM file. */
    public static SSLContext trusting(Path truststore, String password) {
        try (InputStream in = Files.newInputStream(truststore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            if (isPem(truststore)) {
                store.load(null, null);
                int n = 0;
                for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("pem-" + n++, certificate);
                }
                if (n == 0) {
                    throw new GeneralSecurityException("no certificate in the PEM file");
                }
            } else {
                store.load(in, password.toCharArray());
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot read the listener truststore " + truststore
                    + " (--listener-truststore, --listener-truststore-password): " + e.getMessage(), e);
        }
    }

    private static boolean isPem(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(64), StandardCharsets.US_ASCII).contains("-----BEGIN");
        }
    }
}

package io.rivulet.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The TLS trust for an https listener whose certificate is in a PKCS12 truststore (--listener-truststore). */
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

    /** An SSL context trusting the certificates in the PKCS12 {@code truststore}. */
    public static SSLContext trusting(Path truststore, String password) {
        try (InputStream in = Files.newInputStream(truststore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
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
}
